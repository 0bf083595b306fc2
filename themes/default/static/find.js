/* Lapak find.js, on the storefront and category pages. A page holds at most data-size cards; the rest
   are on numbered pages (plain links, for buyers without this script). Here: the next page's cards are
   added as the buyer scrolls, and the address follows, so Back returns to the same page. Search by
   name and tag, sorting by price or date, and on the storefront the category chips, work on the whole
   catalogue through the search index (fetched when the search box is first touched), taking each card
   from the numbered page that holds it. With every card at hand (one page, or all scrolled in), or
   offline without the index, they work on the cards in the page. */
(function () {
  var d = document, grid = d.getElementById("grid"), L = window.Lapak;
  if (!grid) return;
  var q = d.getElementById("q"), sort = d.getElementById("sort"), found = d.getElementById("found");
  var none = d.getElementById("none"), title = d.getElementById("catalog-title"), heading = title.textContent;
  var G = grid.dataset, size = +G.size || 36, total = +G.total || 0, chips = [].slice.call(d.querySelectorAll(".chips a"));
  var all = grid.hasAttribute("data-all"), here = chips.filter(function (a) { return a.getAttribute("aria-current"); })[0];
  var own = !all && here ? here.getAttribute("href") : "", cat = "";  // a category page's own category
  var byHref = {}, natural = [].slice.call(grid.children), pages = {}, turn = 0, results = null, shown = 0;
  var pager = d.getElementById("pager"), next = link(d), busy = 0, marks = [{ el: natural[0], url: location.pathname }];
  natural.forEach(function (c, i) { byHref[href(c)] = c; c.dataset.i = i; });

  function href(c) { var a = c.querySelector("a"); return a ? a.getAttribute("href") : ""; }
  function link(doc) { var l = doc.querySelector("link[rel=next]"); return l ? l.getAttribute("href") : ""; }
  function fold(s) { return s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/#/g, " "); }
  function words() { return fold(q ? q.value : "").split(/\s+/).filter(Boolean); }
  function finding() { return words().length || (sort && sort.value) || cat; }
  function whole() { return natural.length >= total; }
  function pageUrl(n) { return n == 1 ? G.home : G.pages.replace("{n}", n); }

  // A numbered page's cards (each card once: a card seen before is the same element), its next page, its links.
  function page(url) {
    return pages[url] || (pages[url] = fetch(url).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.text();
    }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html"), got = [];
      [].forEach.call(doc.querySelectorAll("#grid > li"), function (c) {
        var k = href(c);
        if (!byHref[k]) { byHref[k] = d.importNode(c, true); if (L) L.wins(byHref[k]); }
        got.push(byHref[k]);
      });
      return { cards: got, next: link(doc), pager: doc.getElementById("pager") };
    }).catch(function (e) { delete pages[url]; throw e; }));
  }

  // Scrolling on: the next page's cards after the last, never one twice; its links replace the old ones.
  function more() {
    if (busy || !next || finding()) return;
    var url = next;
    busy = 1;
    page(url).then(function (got) {
      busy = 0;
      if (finding()) return;
      var added = got.cards.filter(function (c) { return natural.indexOf(c) < 0; });
      added.forEach(function (c) { c.dataset.i = natural.length; natural.push(c); grid.appendChild(c); });
      if (added[0]) marks.push({ el: added[0], url: url });
      next = got.next;
      if (pager && got.pager) {
        var fresh = d.importNode(got.pager, true);
        pager.replaceWith(fresh);
        pager = fresh;
      }
      tally(natural.length, total);
    }, function () { busy = 0; next = ""; });  // offline: the numbered links below still work
  }
  // The address names the numbered page whose cards are on screen (replaced, not pushed: Back leaves the list).
  function follow() {
    if (finding()) return;
    var url = marks[0].url;
    marks.forEach(function (m) { if (m.el.getBoundingClientRect().top < innerHeight / 2) url = m.url; });
    if (url !== location.pathname) history.replaceState(history.state, "", url);
  }

  function tally(n, of) {
    found.textContent = finding() && n < of ? found.dataset.text.replace("{n}", n).replace("{total}", of) : "";
  }
  function order(a, b) {
    var k = sort ? sort.value : "";
    return (k === "low" ? a.price - b.price : k === "high" ? b.price - a.price
      : k === "new" ? (b.date > a.date) - (b.date < a.date) : 0) || a.i - b.i;
  }
  function index() {
    return index.p || (index.p = fetch(G.index).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    }).catch(function (e) { index.p = null; throw e; }));
  }

  // Search, sort, chips: over the whole catalogue with the index, a page of results at a time.
  function apply() {
    var mine = ++turn, w = words(), want = cat || own;
    if (!finding()) return browse();
    if (whole()) return local(w);  // every card is at hand: no index needed
    index().then(function (ix) {
      if (mine !== turn) return;
      results = ix.items.map(function (it, i) {
        return { slug: it[0], q: it[1], price: it[2], cat: ix.cats[it[3]] || "", date: it[4] || "", i: i };
      }).filter(function (r) {
        return (!want || r.cat === want) && w.every(function (x) { return r.q.indexOf(x) >= 0; });
      }).sort(order);
      grid.textContent = "";
      shown = 0;
      none.hidden = results.length > 0;
      if (pager) pager.hidden = true;
      tally(results.length, own ? total : ix.items.length);
      show(mine);
    }, function () { local(w); });
  }
  function show(mine) {
    var batch = results.slice(shown, shown + size), need = [];
    shown += batch.length;
    batch.forEach(function (r) {
      var n = Math.floor(r.i / size) + 1;
      if (!byHref[G.home + r.slug + "/"] && need.indexOf(n) < 0) need.push(n);
    });
    busy = 1;
    Promise.all(need.map(function (n) { return page(pageUrl(n)).catch(function () { return null; }); })).then(function () {
      busy = 0;
      if (mine !== turn) return;
      batch.forEach(function (r) { var c = byHref[G.home + r.slug + "/"]; if (c) { c.hidden = false; grid.appendChild(c); } });
    });
  }
  // Without the index (offline): the cards at hand, filtered and sorted in place.
  function local(w) {
    var cards = natural.map(function (c) {
      return { el: c, q: c.dataset.q, price: +c.dataset.price, date: c.dataset.date, cat: c.dataset.cat, i: +c.dataset.i };
    }), n = 0;
    cards.sort(order).forEach(function (c) {
      c.el.hidden = !((!cat || c.cat === cat) && w.every(function (x) { return c.q.indexOf(x) >= 0; }));
      n += !c.el.hidden;
      grid.appendChild(c.el);
    });
    none.hidden = n > 0;
    tally(n, natural.length);
  }
  // Back to the list as it came: this page's cards and those added by scrolling, in order.
  function browse() {
    results = null;
    grid.textContent = "";
    natural.forEach(function (c) { c.hidden = false; grid.appendChild(c); });
    none.hidden = true;
    if (pager) pager.hidden = false;
    found.textContent = "";
  }

  function pick(href, push) {
    var chip = chips.filter(function (a) { return a.getAttribute("href") === href; })[0] || chips[0];
    cat = chip === chips[0] ? "" : chip.getAttribute("href");
    chips.forEach(function (a) { if (a === chip) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current"); });
    title.textContent = cat ? chip.firstChild.textContent.trim() : heading;
    if (push) history.pushState(null, "", chip.getAttribute("href"));
    apply();
  }

  // One watcher below the list: near it, the next page (or the next results) come in.
  var end = d.createElement("div");
  grid.parentNode.insertBefore(end, grid.nextSibling);
  if ("IntersectionObserver" in window) {
    new IntersectionObserver(function (seen) {
      if (!seen[0].isIntersecting) return;
      if (results) { if (!busy && shown < results.length) show(turn); } else more();
    }, { rootMargin: "800px 0px" }).observe(end);
    addEventListener("scroll", function () {
      if (!follow.t) follow.t = requestAnimationFrame(function () { follow.t = 0; follow(); });
    }, { passive: true });
  }

  if (q) {
    q.addEventListener("focus", function () { if (!whole()) index().catch(function () {}); }, { once: true });
    q.addEventListener("input", apply);
    q.addEventListener("keydown", function (e) { if (e.key === "Enter") q.blur(); });  // closes the phone's keyboard
  }
  if (sort) sort.addEventListener("change", apply);
  if (all && chips.length) {
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
  if ((q && q.value) || (sort && sort.value)) apply();  // values the browser kept after Back
})();
