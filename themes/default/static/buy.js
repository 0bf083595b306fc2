/* Lapak buy.js, product pages (after shop.js): quantity (up to the stock) and "add to cart" with the
   chosen variant and options; the product's own WhatsApp button gets the quantity, today's price and
   the buyer's source. */
(function () {
  var d = document, L = window.Lapak, form = d.getElementById("order"), add = d.getElementById("add"), qty = d.getElementById("qty");
  var price = d.getElementById("price"), left = d.getElementById("left"), most = qty ? qty.max : 99;
  if (!form) return;
  form.addEventListener("submit", function (e) { e.preventDefault(); });  // Enter in the quantity field

  // "mulai Rp 150.000" on a page built while a variant's sale ran: today's lowest variant price instead
  // (shop.js has set each variant's price for the buyer's date; amounts compare by their digits).
  if (price && price.dataset.from) {
    var n = function (t) { return +t.replace(/\D/g, ""); }, all = [].map.call(form.querySelectorAll("input[name=variant]"),
      function (r) { return r.dataset.price; }), low = all.reduce(function (a, b) { return n(b) < n(a) ? b : a; });
    price.textContent = all.every(function (t) { return n(t) === n(low); }) ? low : price.dataset.from + " " + low;
  }

  // A variant brings its own stock: the stepper stops there, and "Sisa 2" shows when it is low.
  form.addEventListener("change", function (e) {
    var v = e.target, s = v.dataset;
    if (v.name != "variant") return;
    if (qty) { qty.max = s.stock ? Math.min(99, s.stock) : most; qty.value = L.clamp(qty.value, qty.max); }
    if (left) { left.textContent = s.left || ""; left.hidden = !s.left; }
  });

  // Added when the button is tapped (lapak.js rewrites the link as choices change).
  d.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[href^='https://wa.me/']"), extra = [], p = price && price.dataset;
    if (!a || a.href.indexOf("?text=") < 0) return;
    var base = a.href === a.dataset.out ? a.dataset.in : a.href;
    // A page built on another day than today may name the other price (sale or not): say today's.
    if (a.id === "wa" && !form.dataset.template && p && "on" in p)
      base = base.split(encodeURIComponent(price.textContent === p.on ? p.off : p.on)).join(encodeURIComponent(price.textContent));
    if (a.id === "wa" && qty && L.clamp(qty.value, qty.max) > 1) extra.push(L.cfg.qty + ": " + L.clamp(qty.value, qty.max));
    if (a.id === "wa") tell("lapak:order", [{ s: form.dataset.slug, v: (form.querySelector("input[name=variant]:checked") || {}).value || "", q: qty ? L.clamp(qty.value, qty.max) : 1 }]);
    if (L.via) extra.push(L.via);
    a.dataset.in = base;
    a.href = a.dataset.out = base + (extra.length ? encodeURIComponent("\n" + extra.join("\n")) : "");
  }, true);

  // For pixels.js, when the store has ad pixels: what was added, what was ordered.
  function tell(name, lines) { d.dispatchEvent(new CustomEvent(name, { detail: { lines: lines } })); }

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
    var max = qty ? +qty.max : 99, q = L.merge([{ s: form.dataset.slug, v: v ? v.value : "", o: opts, q: L.clamp(qty ? qty.value : 1, max) }], max);
    tell("lapak:add", [{ s: form.dataset.slug, v: v ? v.value : "", q: L.clamp(qty ? qty.value : 1, max) }]);
    var link = d.createElement("a");
    link.href = L.cfg.cart;
    link.textContent = out.dataset.view;
    out.textContent = out.dataset.added + " " + (max < 99 && q >= max ? add.dataset.max.replace("{n}", max) + " " : "");
    out.appendChild(link);
  });
})();
