/* Lapak shop.js (every page): cart storage, the buyer's source (?src=), in-app browser help, share.
   Hand-written, nothing from other hosts; pages work without it. */
(function () {
  var d = document, w = window, ua = navigator.userAgent, $ = function (i) { return d.getElementById(i); };
  var cfg = JSON.parse(($("lapak-data") || {}).textContent || "{}"), KEY = cfg.key, params = new URLSearchParams(location.search);
  function get(k) { try { return JSON.parse(localStorage.getItem(KEY + k)); } catch (e) { return null; } }
  function put(k, v) { try { localStorage.setItem(KEY + k, JSON.stringify(v)); } catch (e) { /* private mode */ } }
  function lines() {  // sound lines only: storage and links can hold anything
    var c = get("cart");
    return Array.isArray(c) ? c.filter(function (l) { return l && l.s && Array.isArray(l.o) && l.q > 0; }) : [];
  }
  function clamp(n) { return Math.max(1, Math.min(99, parseInt(n, 10) || 1)); }
  function save(all) { put("cart", all); badge(); }
  function merge(add) {  // same product and choices: one line
    var all = lines(), id = function (l) { return JSON.stringify([l.s, l.v, l.o]); };
    add.forEach(function (l) {
      var hit = all.filter(function (m) { return id(m) === id(l); })[0];
      if (hit) hit.q = clamp(hit.q + l.q); else all.push(l);
    });
    save(all);
  }
  function badge() {
    var a = $("top-cart"), n = 0;
    lines().forEach(function (l) { n += l.q; });
    if (a) { a.hidden = !n; a.lastChild.textContent = n; }
  }
  function say(text) {
    var t = $("toast");
    t.textContent = text;
    clearTimeout(say.t);
    say.t = setTimeout(function () { t.textContent = ""; }, 3000);
  }
  function copy(text) {
    function old() {  // no Clipboard API (http, old WebViews)
      var t = d.createElement("textarea"), ok;
      t.value = text; t.className = "vh"; d.body.appendChild(t); t.select();
      try { ok = d.execCommand("copy"); } catch (e) { /* not allowed */ }
      t.remove();
      if (ok) say(cfg.copied); else w.prompt("", text);
    }
    if (navigator.clipboard && w.isSecureContext) navigator.clipboard.writeText(text).then(function () { say(cfg.copied); }, old);
    else old();
  }

  // The source: "?src=tiktok" on the bio link ("?src=qr" on QR codes), kept 7 days; else the
  // app whose browser this is. Orders then say "via TikTok".
  var APP = /musical_ly|bytedance|tiktok/i.test(ua) ? "TikTok" : /Instagram/.test(ua) ? "Instagram"
    : /FBAN|FBAV|FB_IAB|FBIOS|FB4A/.test(ua) ? "Facebook" : "";
  var src = (params.get("src") || "").replace(/[^\w .-]/g, "").slice(0, 30), kept = get("src");
  if (src) put("src", kept = { s: src, t: Date.now() });
  src = kept && Date.now() - kept.t < 6048e5 ? kept.s : APP;

  // A cart handed over by "open in browser" (below).
  if (params.get("cart")) {
    try { merge(JSON.parse(params.get("cart"))); } catch (e) { /* not a cart */ }
    params.delete("cart");
    history.replaceState(null, "", location.pathname + (params + "" && "?" + params));
  }
  badge();
  w.onstorage = badge;

  // This page for another browser (with its own storage): with source and cart.
  function handoff() {
    var u = new URL(location.href), c = lines();
    u.hash = "";
    if (src) u.searchParams.set("src", src);
    if (c.length) u.searchParams.set("cart", JSON.stringify(c));
    return u.href;
  }
  var box = $("inapp");
  if (box && APP && !(Date.now() - get("inapp-x") < 864e5)) {
    box.querySelector("b").textContent = APP;
    box.hidden = false;
    box.querySelector(".inapp-x").onclick = function () { box.hidden = true; put("inapp-x", Date.now()); };
    // Android: an intent link opens the default browser (Instagram, Facebook; TikTok may ignore
    // it). iPhone: "x-safari-https://" opens Safari from all three.
    $("inapp-open").onclick = function () {
      var u = handoff();
      this.href = /android/i.test(ua) ? "intent://" + u.split("://")[1] + "#Intent;scheme=" + location.protocol.slice(0, -1) + ";end"
        : /iphone|ipad|ipod/i.test(ua) ? "x-safari-" + u : u;
    };
  }

  d.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("[data-copy],[data-share],[data-print],[data-step]");
    if (!b) return;
    if (b.hasAttribute("data-copy")) copy(handoff());
    else if (b.hasAttribute("data-print")) w.print();
    else if (b.hasAttribute("data-share")) {
      var url = b.getAttribute("data-url");
      if (navigator.share) navigator.share({ title: b.getAttribute("data-title"), url: url }).catch(function () {});
      else copy(url);
    } else {  // a quantity's - and + buttons
      var input = b.parentNode.querySelector("input");
      input.value = clamp(+input.value + +b.getAttribute("data-step"));
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });

  w.Lapak = { cfg: cfg, lines: lines, save: save, merge: merge, clamp: clamp, get: get, put: put,
    via: src && cfg.via.replace("{source}", cfg.names[src.toLowerCase()] || src) };
})();
