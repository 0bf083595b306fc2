/* Lapak pixels.js: the ad pixels store.yml names (pixels: meta, tiktok, google), on every page; without
   them the page has no such script. Their ids and scripts come from this tag's data- attributes (no inline
   script).
   The platforms' own scripts load after the page has loaded, so the store works without them.
   Events: PageView everywhere, ViewContent on a product page, AddToCart ("lapak:add" from buy.js), and
   InitiateCheckout (Meta), ClickButton (TikTok), begin_checkout (Google) when a WhatsApp order is opened
   ("lapak:order" from buy.js and cart.js). content_ids are the catalogue feeds' ids (feeds/ids.json). */
(function () {
  var w = window, d = document, tag = d.currentScript, s = tag && tag.dataset, ids = null, later = [];
  if (!s) return;
  var load = (s.load || "").split(" ").filter(Boolean);  // the platforms' scripts (their addresses: hosting.PIXEL_SCRIPTS)
  var cur = s.currency;

  if (s.meta) {  // Meta's base code: calls wait in fbq.queue until fbevents.js takes them
    var f = w.fbq = function () { if (f.callMethod) f.callMethod.apply(f, arguments); else f.queue.push(arguments); };
    if (!w._fbq) w._fbq = f;
    f.push = f; f.loaded = true; f.version = "2.0"; f.queue = [];
    f("init", s.meta);
    f("track", "PageView");
  }
  if (s.tiktok) {  // TikTok's base code: calls wait in the ttq array until events.js takes them
    var t = w.ttq = w.ttq || [], id = s.tiktok, u = (load.filter(function (a) { return a.indexOf("sdkid=") > 0; })[0] || "").split("?")[0];
    w.TiktokAnalyticsObject = "ttq";
    t.methods = ["page", "track", "identify", "instances", "debug", "on", "off", "once", "ready", "alias", "group",
      "enableCookie", "disableCookie", "holdConsent", "revokeConsent", "grantConsent"];
    t.setAndDefer = function (o, m) { o[m] = function () { o.push([m].concat([].slice.call(arguments, 0))); }; };
    t.methods.forEach(function (m) { t.setAndDefer(t, m); });
    t.instance = function (i) { var e = t._i[i] || []; t.methods.forEach(function (m) { t.setAndDefer(e, m); }); return e; };
    t._i = t._i || {}; t._i[id] = []; t._i[id]._u = u;
    t._t = t._t || {}; t._t[id] = +new Date();
    t._o = t._o || {}; t._o[id] = {};
    t.page();
  }
  if (s.google) {  // GA4's gtag: calls wait in dataLayer; 'config' sends the page_view
    w.dataLayer = w.dataLayer || [];
    var g = w.gtag = function () { w.dataLayer.push(arguments); };
    g("js", new Date());
    g("config", s.google);
  }

  // [{s: product, v: variant, q: quantity}] -> ids, value, the items
  function items(lines) {
    var out = { ids: [], value: 0, items: [] };
    lines.forEach(function (l) {
      var p = ids[l.s], q = Math.max(1, +l.q || 1), hit = p && (l.v && p[l.v] ? p[l.v] : p[""]);
      if (!hit) return;
      var each = [].concat(hit[0]);
      out.ids = out.ids.concat(each);
      out.value += hit[1] * q;
      each.forEach(function (i) { out.items.push({ id: i, q: l.v || each.length == 1 ? q : 1, price: hit[1] }); });
    });
    out.value = Math.round(out.value * 100) / 100;
    return out;
  }
  var NAMES = { view: ["ViewContent", "ViewContent", "view_item"], add: ["AddToCart", "AddToCart", "add_to_cart"],
    order: ["InitiateCheckout", "ClickButton", "begin_checkout"] };
  function send(kind, lines) {
    if (!ids) return later.push([kind, lines]);
    var it = items(lines), n = NAMES[kind];
    if (!it.ids.length) return;
    var data = { content_ids: it.ids, content_type: "product", value: it.value, currency: cur };
    if (kind == "order") data.num_items = it.items.reduce(function (a, i) { return a + i.q; }, 0);
    if (s.meta) w.fbq("track", n[0], data);
    if (s.tiktok) w.ttq.track(n[1], { contents: it.items.map(function (i) {
      return { content_id: i.id, content_type: "product", quantity: i.q, price: i.price }; }),
      content_type: "product", value: it.value, currency: cur });
    if (s.google) w.gtag("event", n[2], { currency: cur, value: it.value, items: it.items.map(function (i) {
      return { item_id: i.id, quantity: i.q, price: i.price }; }) });
  }
  d.addEventListener("lapak:add", function (e) { send("add", e.detail.lines || []); });
  d.addEventListener("lapak:order", function (e) { send("order", e.detail.lines || []); });
  if (s.product) send("view", [{ s: s.product, v: "", q: 1 }]);

  function start() {
    load.forEach(function (src) {
      var e = d.createElement("script");
      e.async = true;
      e.src = src;
      d.head.appendChild(e);
    });
    if (!w.fetch) return;
    fetch(s.ids).then(function (r) { return r.ok ? r.json() : {}; }).catch(function () { return {}; }).then(function (data) {
      ids = data || {};
      later.splice(0).forEach(function (e) { send(e[0], e[1]); });
    });
  }
  function idle() { if (w.requestIdleCallback) w.requestIdleCallback(start, { timeout: 2000 }); else setTimeout(start, 1); }
  if (d.readyState == "complete") idle(); else w.addEventListener("load", idle);
})();
