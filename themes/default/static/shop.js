/* Lapak shop.js (every page): cart storage, the buyer's source (?src=), in-app browser help, share, sale windows.
   Hand-written, nothing from other hosts; pages work without it. Nothing read from storage or a link is
   trusted: every cart line is rebuilt from plain values before anything counts or shows it. */
(function () {
  var d = document, w = window, ua = navigator.userAgent, $ = function (i) { return d.getElementById(i); };
  var cfg = JSON.parse(($("lapak-data") || {}).textContent || "{}"), KEY = cfg.key, params = new URLSearchParams(location.search);
  function own(o, k) { return !!o && typeof o == "object" && Object.prototype.hasOwnProperty.call(o, k); }
  function get(k) { try { return JSON.parse(localStorage.getItem(KEY + k)); } catch (e) { return undefined; } }
  function put(k, v) { try { localStorage.setItem(KEY + k, JSON.stringify(v)); } catch (e) { /* private mode */ } }
  // Text from storage or a link: one line (no control characters, line breaks or direction marks,
  // which could add lines to the order message or turn it around), trimmed, short.
  function text(s, n) {
    return typeof s == "string" ? s.replace(/[\0-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069]+/g, " ")
      .replace(/\s+/g, " ").trim().slice(0, n || 100) : "";
  }
  function int(n) {  // a whole number, or 0: "5" is 5, "5"+"2" never becomes "52"
    if (typeof n == "string" && /^\s*\d{1,9}\s*$/.test(n)) n = +n;
    return typeof n == "number" && n > 0 && isFinite(n) ? Math.floor(n) : 0;
  }
  function clamp(n, max) { return Math.max(1, Math.min(int(max) || 99, 99, int(n) || 1)); }
  function line(l) {  // {s: product, v: variant, o: [[option, value]], q: 1 to 99}, or null
    var o = [], s = text(l && l.s), q = int(l && l.q);
    if (!s || !q) return null;
    (Array.isArray(l.o) ? l.o : []).forEach(function (p) {
      if (Array.isArray(p) && text(p[0]) && text(p[1]) && o.length < 9) o.push([text(p[0]), text(p[1])]);
    });
    return { s: s, v: text(l.v), o: o, q: Math.min(q, 99) };
  }
  function id(l) { return JSON.stringify([l.s, l.v, l.o]); }
  function tidy(list) {  // sound lines only, one per product and choice, at most 50
    var out = [], seen = Object.create(null);
    (Array.isArray(list) ? list.slice(0, 200) : []).forEach(function (l) {
      if (!(l = line(l))) return;
      var k = id(l);
      if (seen[k]) seen[k].q = Math.min(99, seen[k].q + l.q);
      else if (out.length < 50) out.push(seen[k] = l);
    });
    return out;
  }
  function lines() { return tidy(get("cart")); }
  function save(all) { put("cart", tidy(all)); badge(); }
  function merge(add, max) {  // same product and choices: one line; returns the quantity the last one has now
    var all = lines(), q = 0;
    tidy(add).forEach(function (l) {
      var hit = all.filter(function (m) { return id(m) === id(l); })[0];
      if (hit) q = hit.q = clamp(hit.q + l.q, max);
      else { q = l.q = clamp(l.q, max); all.push(l); }
    });
    save(all);
    return q;
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
  function copy(text, done) {
    done = done || cfg.copied;
    function old() {  // no Clipboard API (http, old WebViews)
      var t = d.createElement("textarea"), ok;
      t.value = text; t.className = "vh"; d.body.appendChild(t); t.select();
      try { ok = d.execCommand("copy"); } catch (e) { /* not allowed */ }
      t.remove();
      if (ok) say(done); else w.prompt("", text);
    }
    if (navigator.clipboard && w.isSecureContext) navigator.clipboard.writeText(text).then(function () { say(done); }, old);
    else old();
  }

  // Sale windows: the page says when a price holds (data-win="from|until", either may be empty), so a
  // page built before or during a sale still shows the right price today (the buyer's date).
  var now = new Date(), today = new Date(now - now.getTimezoneOffset() * 6e4).toISOString().slice(0, 10);
  function open(from, until) { return (!from || from <= today) && (!until || today <= until); }
  function wins(root) {  // also for cards find.js adds from other numbered pages
    root.querySelectorAll("[data-win]").forEach(function (e) {
      var x = e.getAttribute("data-win").split("|"), on = open(x[0], x[1]), a = e.dataset, left;
      if ("on" in a) {  // a price: the sale's or the usual one
        if (e.tagName == "INPUT") a.price = on ? a.on : a.off; else e.textContent = on ? a.on : a.off;
      } else if ("ends" in a) {  // "ends in 2 days" in the last three days, "ends today" on the last
        left = Math.round((Date.parse(x[1]) - Date.parse(today)) / 864e5);
        e.hidden = !(on && left <= 3);
        e.textContent = (left ? a.ends : a.today).replace("{n}", left);
      } else e.hidden = "out" in a ? on : !on;
    });
    root.querySelectorAll("[data-at]").forEach(function (e) {  // a price from variants' sales: "day|amount|from;..."
      var now = null, f = e.querySelector(".from"), b = e.querySelector("strong");
      e.getAttribute("data-at").split(";").forEach(function (step) { var x = step.split("|"); if (x[0] <= today) now = x; });
      if (now && b) { b.textContent = now[1]; if (f) f.hidden = now[2] != "1"; }
    });
  }
  wins(d);

  // The source: "?src=tiktok" on the bio link ("?src=qr" on QR codes), kept 7 days; else the app
  // whose browser this is. Orders then say "via TikTok". Only the sources the store knows count.
  var names = cfg.names || {}, APP = /musical_ly|bytedance|tiktok|AppName\/trill/i.test(ua) ? "TikTok" : /Instagram/.test(ua) ? "Instagram"
    : /FBAN|FBAV|FB_IAB|FBIOS|FB4A/.test(ua) ? "Facebook" : "";
  function known(s) { s = text(s, 30).toLowerCase(); return own(names, s) && typeof names[s] == "string" ? s : ""; }
  var src = known(params.get("src")), kept = get("src");
  if (src) put("src", kept = { s: src, t: Date.now() });
  src = kept && known(kept.s) && Date.now() - kept.t < 6048e5 ? known(kept.s) : APP;

  // A cart handed over in a link ("open in browser", below): added only when the buyer says so,
  // since any page on the web can link here with any cart.
  if (params.has("cart")) {
    var offer = [], n = 0;
    try { offer = tidy(JSON.parse(params.get("cart"))); } catch (e) { /* not a cart */ }
    params.delete("cart");
    history.replaceState(null, "", location.pathname + (params + "" && "?" + params) + location.hash);
    offer.forEach(function (l) { n += l.q; });
    if (n && cfg.co_merge) ask(n);
  }
  function ask(n) {
    var box = d.createElement("div"), p = d.createElement("p");
    box.className = "offer";
    box.setAttribute("role", "group");
    p.textContent = cfg.co_merge.replace("{n}", n);
    box.appendChild(p);
    [cfg.co_merge_yes, cfg.co_merge_no].forEach(function (label, no) {
      var b = d.createElement("button");
      b.type = "button";
      b.className = no ? "btn-link" : "btn-sm";
      b.textContent = label;
      b.onclick = function () {
        if (!no) { merge(offer); w.dispatchEvent(new Event("lapak:cart")); }
        box.remove();
      };
      box.appendChild(b);
    });
    ($("main") || d.body).prepend(box);
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
  if (box && APP && !(Date.now() - get("inapp-x") < 6048e5)) {  // closed: not again for 7 days
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
    var b = e.target.closest && e.target.closest("[data-copy],[data-share],[data-print],[data-step],[data-add]");
    if (!b) return;
    if (b.hasAttribute("data-add")) {  // a card's quick add (a product with nothing to choose): one more in the cart
      var l = { s: b.getAttribute("data-add"), v: "", o: [], q: 1 };
      merge([l], b.getAttribute("data-max"));
      d.dispatchEvent(new CustomEvent("lapak:add", { detail: { lines: [l] } }));  // for pixels.js
      say(b.getAttribute("data-done"));
    } else if (b.hasAttribute("data-copy")) copy(b.getAttribute("data-copy") || handoff(), b.getAttribute("data-done"));
    else if (b.hasAttribute("data-print")) w.print();
    else if (b.hasAttribute("data-share")) {
      var url = b.getAttribute("data-url");
      if (navigator.share) navigator.share({ title: b.getAttribute("data-title"), url: url }).catch(function () {});
      else copy(url);
    } else {  // a quantity's - and + buttons, up to its max (the stock)
      var input = b.parentNode.querySelector("input");
      input.value = clamp(clamp(input.value, input.max) + +b.getAttribute("data-step"), input.max);
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });

  w.Lapak = { cfg: cfg, own: own, text: text, line: line, lines: lines, save: save, merge: merge, clamp: clamp,
    get: get, put: put, open: open, today: today, say: say, wins: wins,
    via: src && cfg.via.replace("{source}", names[src.toLowerCase()] || src) };
})();
