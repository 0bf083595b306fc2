/* Lapak find.js, on the storefront and category pages: instant search by name and tag, sorting by
   price or date, and on the storefront (which lists every product) category chips that filter in
   place. Without it the chips are links to plain category pages, which they stay for a new tab. */
(function () {
  var d = document, grid = d.getElementById("grid");
  if (!grid) return;
  var q = d.getElementById("q"), sort = d.getElementById("sort"), found = d.getElementById("found");
  var none = d.getElementById("none"), title = d.getElementById("catalog-title"), heading = title.textContent;
  var cards = [].slice.call(grid.children), chips = [].slice.call(d.querySelectorAll(".chips a")), cat = "";
  cards.forEach(function (c, i) { c.dataset.i = i; });

  function fold(s) { return s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/#/g, " "); }
  function apply() {
    var words = fold(q ? q.value : "").split(/\s+/).filter(Boolean), shown = 0;
    cards.forEach(function (c) {
      var ok = (!cat || c.dataset.cat === cat) && words.every(function (w) { return c.dataset.q.indexOf(w) >= 0; });
      c.hidden = !ok;
      shown += ok;
    });
    none.hidden = shown > 0;
    found.textContent = shown < cards.length ? found.dataset.text.replace("{n}", shown).replace("{total}", cards.length) : "";
  }
  function order() {
    var k = sort.value;
    cards.slice().sort(function (a, b) {
      var x = a.dataset, y = b.dataset;
      return (k === "low" ? x.price - y.price : k === "high" ? y.price - x.price
        : k === "new" ? (y.date > x.date) - (y.date < x.date) : 0) || x.i - y.i;
    }).forEach(function (c) { grid.appendChild(c); });
  }
  function pick(href, push) {
    var chip = chips.filter(function (a) { return a.getAttribute("href") === href; })[0] || chips[0];
    cat = chip === chips[0] ? "" : chip.getAttribute("href");
    chips.forEach(function (a) { if (a === chip) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current"); });
    title.textContent = cat ? chip.firstChild.textContent.trim() : heading;
    if (push) history.pushState(null, "", chip.getAttribute("href"));
    apply();
  }

  if (q) {
    q.addEventListener("input", apply);
    q.addEventListener("keydown", function (e) { if (e.key === "Enter") q.blur(); });  // closes the phone's keyboard
  }
  if (sort) sort.addEventListener("change", order);
  if (grid.hasAttribute("data-all") && chips.length) {
    chips.forEach(function (a) {
      a.addEventListener("click", function (e) {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        pick(a.getAttribute("href"), 1);
      });
    });
    // The address follows the chip (so a reload shows the category page); Back goes to the last chip.
    addEventListener("popstate", function () { pick(location.pathname, 0); });
  }
  if ((q && q.value) || (sort && sort.value)) { order(); apply(); }  // values the browser kept after Back
})();
