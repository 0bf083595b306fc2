/* Lapak cart.js (cart page, after shop.js): lines, total, one WhatsApp message; prices of this build. */
(function () {
  var d = document, L = window.Lapak, $ = function (i) { return d.getElementById(i); };
  var data = JSON.parse($("cart-data").textContent), W = data.words, P = data.products, M = data.money;
  var list = $("lines"), wa = $("cart-wa"), h1 = d.querySelector("h1"), buyer = L.get("buyer") || {};

  function money(c) {
    var s = String(c), f = "";
    if (M.places) { s = s.padStart(M.places + 1, "0"); f = M.dec + s.slice(-M.places); s = s.slice(0, -M.places); }
    return M.pre + s.replace(/\B(?=(\d{3})+$)/g, M.group) + f + M.post;
  }
  function info(l) {  // product, price now, can it still be ordered
    var p = P[l.s], v = p.v && p.v[l.v];
    return { p: p, c: v ? v[0] : p.c, ok: !p.x && (p.v ? v && !v[1] : !l.v) };
  }
  function choice(l) { return [l.v].concat(l.o.map(function (o) { return o.join(": "); })).filter(String).join(", "); }

  // The message. Too long for a link (data.max), it loses whole lines, never part of one: first
  // the product links (one shop link instead), then the last items ("...and 3 more"; the total
  // counts them), last the note, then the address.
  function order() {
    var items = [], links = [], who = [], total = 0, n = 0;
    L.lines().forEach(function (l) {
      var x = info(l), c = choice(l);
      if (!x.ok) return;
      items.push(items.length + 1 + ". *" + x.p.t + "*" + (c && " (" + c + ")") + " — " + l.q + " × " + money(x.c) + " = " + money(x.c * l.q));
      if (links.indexOf(x.p.u) < 0) links.push(x.p.u);
      total += x.c * l.q;
      n += l.q;
    });
    ["name", "address", "note"].forEach(function (f) {
      var v = (buyer[f] || "").trim().split(/\s*\n\s*/).join(", ");
      if (v) who.push(W["msg_" + f] + ": " + v);
    });
    function link(k, all, m) {
      var shown = items.slice(0, k).concat(k < items.length ? [W.msg_more.replace("{n}", items.length - k)] : []);
      return "https://wa.me/" + data.phone + "?text=" + encodeURIComponent([W.msg_hello, ""].concat(shown,
        ["", "*" + W.total + ": " + money(total) + "* (" + n + " " + W.items + ")"], m ? [""].concat(who.slice(0, m)) : [],
        L.via ? ["", L.via] : [], all ? ["", W.msg_links].concat(links) : ["", W.msg_store + " " + data.home]).join("\n"));
    }
    var k = items.length, all = 1, m = who.length, url = link(k, all, m);
    while (url.length > data.max && (all || k > 1 || m)) {
      if (all) all = 0; else if (k > 1) k--; else m--;
      url = link(k, all, m);
    }
    $("total").textContent = money(total);
    $("count").textContent = n + " " + W.items;
    $("cart-short").hidden = all;
    if (items.length) wa.href = url; else wa.removeAttribute("href");
    wa.toggleAttribute("aria-disabled", !items.length);
  }

  function row(li, l) {
    var x = info(l), q = li.querySelector(".line-price");
    q.textContent = x.ok ? l.q + " × " + money(x.c) : W.unavailable;
    q.classList.toggle("bad", !x.ok);
    li.querySelector(".line-sum").textContent = x.ok ? money(x.c * l.q) : "";
    li.querySelector("input").value = l.q;
  }
  function render(focusAt) {
    var all = L.lines().filter(function (l) { return P[l.s]; });  // drop products no longer sold
    L.save(all);
    list.textContent = "";
    all.forEach(function (l, i) {
      var li = $("line-tpl").content.firstElementChild.cloneNode(true), p = P[l.s], a = li.querySelector("a");
      li.dataset.i = i;
      if (p.i) { var img = new Image(64, 64); img.alt = ""; img.src = p.i; li.firstElementChild.appendChild(img); }
      a.href = p.u;
      a.textContent = p.t;
      li.querySelector(".line-opts").textContent = choice(l);
      li.querySelectorAll("[data-label]").forEach(function (b) { b.setAttribute("aria-label", b.dataset.label + ": " + p.t); });
      row(li, l);
      list.appendChild(li);
    });
    $("cart-empty").hidden = all.length;
    $("cart-main").hidden = !all.length;
    if (focusAt >= 0) {  // after a removal: next remove button, or the heading
      var rm = list.querySelectorAll(".line-rm");
      (rm[Math.min(focusAt, rm.length - 1)] || h1).focus();
    }
    order();
  }

  function change(e) {
    var li = e.target.closest(".line"), all = L.lines(), l = li && all[li.dataset.i];
    if (!l || !e.target.value) return;
    l.q = L.clamp(e.target.value);
    L.save(all);
    row(li, l);
    order();
  }
  list.onchange = list.oninput = change;
  list.addEventListener("click", function (e) {
    var b = e.target.closest(".line-rm"), all = L.lines(), i;
    if (!b) return;
    all.splice(i = +b.closest(".line").dataset.i, 1);
    L.save(all);
    render(i);
  });
  $("buyer").querySelectorAll("input, textarea").forEach(function (f) {
    f.value = buyer[f.name] || "";
    f.addEventListener("input", function () { buyer[f.name] = f.value; L.put("buyer", buyer); order(); });
  });
  $("cart-clear").addEventListener("click", function () { L.save([]); render(0); });
  render();
})();
