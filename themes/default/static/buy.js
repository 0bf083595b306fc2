/* Lapak buy.js, product pages (after shop.js): quantity and "add to cart" with the chosen variant
   and options; the product's own WhatsApp button gets the quantity and the buyer's source. */
(function () {
  var d = document, L = window.Lapak, form = d.getElementById("order"), add = d.getElementById("add"), qty = d.getElementById("qty");
  if (!form) return;
  form.addEventListener("submit", function (e) { e.preventDefault(); });  // Enter in the quantity field

  // Added when the button is tapped (lapak.js rewrites the link as choices change).
  d.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[href^='https://wa.me/']"), extra = [];
    if (!a || a.href.indexOf("?text=") < 0) return;
    var base = a.href === a.dataset.out ? a.dataset.in : a.href;
    if (a.id === "wa" && qty && L.clamp(qty.value) > 1) extra.push(L.cfg.qty + ": " + L.clamp(qty.value));
    if (L.via) extra.push(L.via);
    a.dataset.in = base;
    a.href = a.dataset.out = base + (extra.length ? encodeURIComponent("\n" + extra.join("\n")) : "");
  }, true);

  if (add) add.addEventListener("click", function () {
    var out = d.getElementById("added"), v = form.querySelector("input[name=variant]:checked"), opts = [], miss = "", focus;
    if (!v && form.querySelector("input[name=variant]")) {
      miss = add.dataset.variant;
      focus = form.querySelector("input[name=variant]:not([disabled])");
    }
    form.querySelectorAll("select[data-option]").forEach(function (s) {
      if (s.value) opts.push([s.dataset.option, s.value]);
      else if (!miss) { miss = s.dataset.option; focus = s; }
    });
    out.className = miss ? "added bad" : "added";
    if (miss) {
      out.textContent = add.dataset.missing.replace("{name}", miss);
      return focus && focus.focus();
    }
    L.merge([{ s: form.dataset.slug, v: v ? v.value : "", o: opts, q: L.clamp(qty ? qty.value : 1) }]);
    var link = d.createElement("a");
    link.href = L.cfg.cart;
    link.textContent = out.dataset.view;
    out.textContent = out.dataset.added + " ";
    out.appendChild(link);
  });
})();
