/* Lapak cart.js (cart page, after shop.js): lines, delivery, payment, voucher, one WhatsApp message, and
   how to pay once it is sent. Prices, choices and stock are this build's (the prices file named in the
   data block, kept in storage for when the buyer is offline); a line is kept only as far as the product
   still declares it, and nothing the page draws can stop the cart from working. */
(function () {
  var d = document, L = window.Lapak, own = L.own, $ = function (i) { return d.getElementById(i); };
  var data = JSON.parse($("cart-data").textContent), W = data.words, P = {}, M = data.money;
  var C = data.checkout || {}, SHIP = C.delivery || [], PAY = C.payment || [], CODES = C.vouchers || [];
  var list = $("lines"), wa = $("cart-wa"), h1 = d.querySelector("h1"), buyer = L.get("buyer");
  if (!buyer || typeof buyer != "object" || Array.isArray(buyer)) buyer = {};

  function word(k, fill) {
    var s = own(W, k) ? String(W[k]) : "";
    for (var f in fill) s = s.split("{" + f + "}").join(fill[f]);
    return s;
  }
  function money(c) {
    if (typeof c != "number" || !(c >= 0 && c % 1 === 0)) throw new Error("not an amount: " + c);
    var s = String(c), f = "";
    if (M.places) { s = s.padStart(M.places + 1, "0"); f = M.dec + s.slice(-M.places); s = s.slice(0, -M.places); }
    return M.pre + s.replace(/\B(?=(\d{3})+$)/g, M.group) + f + M.post;
  }
  function cap(s) { return s.charAt(0).toUpperCase() + s.slice(1); }
  function el(tag, cls, text) {
    var e = d.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function pick(k, all) { var i = buyer[k]; return typeof i == "number" && own(all, i) ? all[i] : null; }

  // A line as this build sells it, or null: a product still sold, a variant it declares, only the
  // options it declares (one value each), at most its stock.
  function info(l) {  // product, price now, can it be ordered, most that can be ordered
    var p = P[l.s], v = p.v ? p.v[l.v] : null, c = v ? v[0] : p.c, sale = v ? v[3] : p.sale;
    var stock = v && v[2] != null ? v[2] : p.s;
    if (sale && L.open(sale.from, sale.until)) c = sale.c;
    return { p: p, c: c, ok: !p.x && !(v && v[1]) && stock !== 0, max: stock > 0 ? Math.min(stock, 99) : 99 };
  }
  function valid(l) {
    var p = own(P, l.s) && P[l.s], o = [], names = [], opts = p && own(p, "o") ? p.o : {};
    if (!p || typeof p != "object" || (p.v ? !own(p.v, l.v) : l.v)) return null;
    l.o.forEach(function (x) {
      var vals = own(opts, x[0]) && opts[x[0]];
      if (Array.isArray(vals) && vals.indexOf(x[1]) >= 0 && names.indexOf(x[0]) < 0) { o.push(x); names.push(x[0]); }
    });
    l.o = o;
    l.q = Math.min(l.q, info(l).max);
    return l;
  }
  function choice(l) { return [l.v].concat(l.o.map(function (o) { return o.join(": "); })).filter(String).join(", "); }
  function note(text) { var n = $("cart-note"); n.textContent = text; n.hidden = !text; }

  // The sums: subtotal, voucher, delivery (free over a threshold), total; and what still stops sending.
  function sums(all) {
    var s = { sub: 0, n: 0, items: [], links: [], off: 0, code: "", fee: 0, stop: "" };
    all.forEach(function (l) {
      var x = info(l), c = choice(l);
      if (!x.ok) return;
      s.items.push(s.items.length + 1 + ". *" + x.p.t + "*" + (c && " (" + c + ")") + " — " + l.q + " × " + money(x.c) + " = " + money(x.c * l.q));
      if (s.links.indexOf(x.p.u) < 0) s.links.push(x.p.u);
      s.sub += x.c * l.q;
      s.n += l.q;
    });
    var code = L.text(buyer.code, 30).toUpperCase(), v = CODES.filter(function (v) { return String(v.code).toUpperCase() === code; })[0];
    s.codeNote = !code ? "" : !v ? word("co_voucher_unknown") : v.until && v.until < L.today ? word("co_voucher_ended")
      : v.min && s.sub < v.min ? word("co_voucher_min", { amount: money(v.min) }) : "";
    if (code && v && !s.codeNote) {
      s.code = v.code;
      s.off = Math.min(s.sub, v.percent > 0 ? Math.floor(s.sub * Math.min(v.percent, 100) / 100) : v.amount > 0 ? v.amount : 0);
      s.codeNote = word("co_voucher_ok", { code: v.code, amount: money(s.off) });
    }
    s.free = C.free_over != null && s.sub >= C.free_over;
    s.ship = pick("ship", SHIP);
    s.pay = pick("pay", PAY);
    if (s.ship) s.fee = s.free ? 0 : s.ship.fee;  // null: worked out in the chat
    s.total = s.sub - s.off + (s.fee || 0);
    s.amount = money(s.total) + (s.fee == null ? " + " + word("co_fee").toLowerCase() : "");
    s.stop = !s.n ? " " : C.min_order && s.sub < C.min_order ? word("co_min_order", { amount: money(C.min_order), missing: money(C.min_order - s.sub) })
      : SHIP.length && !s.ship ? word("co_choose_delivery") : PAY.length && !s.pay ? word("co_choose_payment") : "";
    return s;
  }
  function fee(sh, free) { return sh.fee == null && !free ? word("co_fee_chat") : sh.fee && !free ? money(sh.fee) : word("co_free"); }
  function payName(p) {  // "Transfer bank BCA", "E-wallet GoPay", "QRIS", "Bayar di tempat (COD)"
    var type = word("co_type_" + p.type);
    return p.type == "other" ? p.name || type : [type, p.name].filter(Boolean).join(" ");
  }

  // The message. Too long for a link (data.max), it loses whole lines, never part of one: first
  // the product links (one shop link instead), then the last items ("...and 3 more"; the total
  // counts them), last the note, then the address.
  function message(s) {
    var who = [], sums = [], checkout = SHIP.length || PAY.length || CODES.length || C.min_order || C.free_over;
    ["name", "address", "note"].forEach(function (f) {
      var v = typeof buyer[f] == "string" ? buyer[f].split(/\s*\n\s*/).map(function (x) { return L.text(x, 300); }).filter(String).join(", ") : "";
      if (v) who.push(W["msg_" + f] + ": " + v);
    });
    if (!checkout) sums = ["*" + W.total + ": " + money(s.total) + "* (" + s.n + " " + W.items + ")"];
    else {
      sums.push(word("co_subtotal") + ": " + money(s.sub) + " (" + s.n + " " + W.items + ")");
      if (s.code) sums.push(word("co_voucher") + " " + s.code + ": -" + money(s.off) + " (" + word("co_voucher_confirm") + ")");
      if (s.ship) sums.push(word("co_delivery") + ": " + s.ship.name + " (" + fee(s.ship, s.free) + ")");
      sums.push("*" + W.total + ": " + s.amount + "*");
      if (s.pay) sums.push(word("co_payment") + ": " + payName(s.pay));
    }
    function link(k, all, m) {
      var shown = s.items.slice(0, k).concat(k < s.items.length ? [W.msg_more.replace("{n}", s.items.length - k)] : []);
      return "https://wa.me/" + data.phone + "?text=" + encodeURIComponent([W.msg_hello, ""].concat(shown, [""], sums,
        m ? [""].concat(who.slice(0, m)) : [], L.via ? ["", L.via] : [], all ? ["", W.msg_links].concat(s.links) : ["", W.msg_store + " " + data.home]).join("\n"));
    }
    var k = s.items.length, all = 1, m = who.length, url = link(k, all, m);
    while (url.length > data.max && (all || k > 1 || m)) {
      if (all) all = 0; else if (k > 1) k--; else m--;
      url = link(k, all, m);
    }
    $("cart-short").hidden = all;
    return url;
  }

  var sent;  // the order last sent from this page
  function order() {
    var s = sums(L.lines().map(valid).filter(Boolean)), url = message(s);
    $("subtotal").textContent = money(s.sub);
    $("sum-sub").hidden = !(s.code || s.ship);
    $("sum-code").hidden = !s.code;
    $("sum-code").firstChild.textContent = s.code && word("co_voucher") + " " + s.code;
    $("discount").textContent = s.code && "-" + money(s.off);
    $("sum-ship").hidden = !s.ship;
    $("fee").textContent = s.ship ? fee(s.ship, s.free) : "";
    $("total").textContent = s.amount;
    $("count").textContent = s.n + " " + W.items;
    $("code-note").textContent = s.codeNote;
    $("code-note").className = s.code ? "ok" : "bad";
    $("code-ok").textContent = s.code ? cap(word("co_voucher_confirm")) + "." : "";
    $("ship-free").textContent = C.free_over == null ? "" : word("co_free_over", { amount: money(C.free_over) });
    SHIP.forEach(function (sh, i) { $("ship-" + i).textContent = fee(sh, s.free); });
    $("cart-stop").textContent = s.stop.trim();
    if (s.stop) wa.removeAttribute("href"); else wa.href = url;
    if (s.stop) wa.setAttribute("aria-disabled", "true"); else wa.removeAttribute("aria-disabled");
    if (sent && sent.u !== url) { sent = null; $("paid").hidden = true; L.put("sent", null); }
    return s;
  }

  function row(li, l) {
    var x = info(l), q = li.querySelector(".line-price"), input = li.querySelector("input");
    q.textContent = x.ok ? l.q + " × " + money(x.c) : W.unavailable;
    q.classList.toggle("bad", !x.ok);
    li.querySelector(".line-sum").textContent = x.ok ? money(x.c * l.q) : "";
    li.querySelector(".line-left").textContent = x.ok && x.max < 99 && l.q >= x.max ? word("co_max_stock", { n: x.max }) : "";
    input.value = l.q;
    input.max = x.max;
  }
  function draw(focusAt) {
    var raw = L.get("cart"), all = L.lines(), before = all.length;
    if (raw === undefined || raw != null && !Array.isArray(raw)) throw new Error("unreadable cart");
    all = all.map(valid).filter(Boolean);
    if (all.length < before || Array.isArray(raw) && raw.some(function (l) { return !L.line(l); })) note(word("co_dropped"));
    L.save(all);
    all = L.lines();
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
    return order();
  }
  // Nothing stored may break the page: whatever fails, the cart starts again empty, and says so.
  function render(focusAt) {
    try { return draw(focusAt); } catch (e) {
      L.save([]);
      note(word("co_reset"));
      try { return draw(); } catch (e2) { $("cart-main").hidden = true; }
    }
  }
  function safely(f) { return function (e) { try { f(e); } catch (x) { render(); } }; }

  // How to pay, once the order is sent: the chosen method with its number, holder, QRIS or COD note.
  function paid(s) {
    var box = $("paid-how"), p = s.pay, rows = [];
    box.textContent = "";
    if (!p) return;
    box.appendChild(el("p", "pay-name", payName(p)));
    if (p.type == "qris" && p.image) {
      var img = el("img");
      img.src = p.image; img.alt = payName(p); img.className = "qris";
      box.appendChild(img);
      rows.push(el("p", "", word("co_qris_scan")));
    } else if (p.type == "cod") rows.push(el("p", "", word("co_cod_note")));
    if (p.account) {
      var r = el("p", "pay-acct"), t = r.appendChild(el("span", "", word("co_account") + ": ")), b = el("button", "btn-sm", word("co_copy"));
      t.appendChild(el("b", "", p.account));
      b.type = "button";
      b.setAttribute("data-copy", p.account.replace(/[\s.-]/g, ""));
      b.setAttribute("data-done", word("co_copied"));
      b.setAttribute("aria-label", word("co_copy") + " " + p.account);
      r.appendChild(b);
      rows.push(r);
    }
    if (p.holder) rows.push(el("p", "", word("co_holder") + ": " + p.holder));
    rows.push(el("p", "pay-amount", word("co_amount") + ": "));
    rows[rows.length - 1].appendChild(el("b", "", s.amount));
    if (p.note) rows.push(el("p", "", p.note));
    rows.push(el("p", "hint", word("co_wait")));
    rows.forEach(function (r) { box.appendChild(r); });
    $("paid").hidden = false;
  }

  // The choices: delivery and payment as radio buttons, the voucher field; the buyer's picks are kept.
  function radios(box, all, key, label) {
    all.forEach(function (x, i) {
      var lab = el("label", "opt"), input = el("input"), txt = el("span");
      input.type = "radio";
      input.name = key;
      input.value = i;
      input.checked = pick(key, all) === x;
      txt.appendChild(el("b", "", label(x)));
      if (key == "ship") txt.appendChild(el("span", "opt-fee")).id = "ship-" + i;
      if (x.note) txt.appendChild(el("span", "opt-note", x.note));
      lab.appendChild(input);
      lab.appendChild(txt);
      box.appendChild(lab);
    });
    if (all.length == 1 && pick(key, all) == null) { buyer[key] = 0; box.querySelector("input").checked = true; }
    box.hidden = !all.length;
    box.addEventListener("change", safely(function (e) { buyer[key] = +e.target.value; L.put("buyer", buyer); order(); }));
  }

  d.querySelectorAll("[data-w]").forEach(function (e) { e.textContent = word(e.getAttribute("data-w")); });
  function start(products, old) {
    P = products;
    if (old) { $("cart-offline").textContent = word("co_prices_old"); $("cart-offline").hidden = false; }
    radios($("ship"), SHIP, "ship", function (x) { return x.name; });
    radios($("pay"), PAY, "pay", payName);
    $("voucher").hidden = !CODES.length;
    $("code").value = L.text(buyer.code, 30);
    $("voucher").addEventListener("submit", safely(function (e) {
      e.preventDefault();
      buyer.code = L.text($("code").value, 30);
      L.put("buyer", buyer);
      order();
    }));
    if (C.how) { $("cart-how").href = C.how; $("cart-how").hidden = false; }

    list.onchange = list.oninput = safely(function (e) {
      var li = e.target.closest(".line"), all = L.lines(), l = li && all[li.dataset.i];
      if (!l || !e.target.value) return;
      l.q = L.clamp(e.target.value, info(l).max);
      L.save(all);
      row(li, l);
      order();
    });
    list.addEventListener("click", safely(function (e) {
      var b = e.target.closest(".line-rm"), all = L.lines(), i;
      if (!b) return;
      all.splice(i = +b.closest(".line").dataset.i, 1);
      L.save(all);
      render(i);
    }));
    $("buyer").querySelectorAll("input, textarea").forEach(function (f) {
      f.value = typeof buyer[f.name] == "string" ? buyer[f.name] : "";
      f.addEventListener("input", safely(function () { buyer[f.name] = f.value; L.put("buyer", buyer); order(); }));
    });
    wa.addEventListener("click", safely(function (e) {
      var s = order(), why = s.stop.trim();
      if (s.stop) {  // not yet: say why, and go where it can be fixed
        e.preventDefault();
        L.say(why);
        (why == word("co_choose_delivery") ? $("ship") : why == word("co_choose_payment") ? $("pay") : $("cart-stop")).scrollIntoView({ block: "center" });
        return;
      }
      d.dispatchEvent(new CustomEvent("lapak:order", { detail: { lines: L.lines() } }));  // for pixels.js
      sent = { u: wa.href };
      L.put("sent", sent);
      paid(s);
    }));
    function clear() { L.save([]); L.put("sent", null); render(0); }
    $("cart-clear").addEventListener("click", clear);
    $("paid-clear").addEventListener("click", function () { sent = null; clear(); });
    window.addEventListener("lapak:cart", function () { render(); });

    var s = render(), last = L.get("sent");
    if (s && last && typeof last.u == "string" && last.u === wa.href) { sent = last; paid(s); }
  }

  // The prices: this build's file (the browser keeps it a year: its name changes with its content), else,
  // offline, the last copy kept, else nothing is drawn and the buyer's cart is left as it is.
  function products(x) { return x && typeof x == "object" && !Array.isArray(x) ? x : null; }
  $("cart-empty").hidden = L.lines().length > 0;  // not "empty" while the prices are on their way
  fetch(data.prices).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); }).then(function (x) {
    if (!products(x && x.products)) throw new Error("no prices");
    L.put("prices", x.products);
    return [x.products];
  }).catch(function () {  // a kept copy is used only when every entry is sound: a bad one must not empty the cart
    var kept = products(L.get("prices")), ok = !!kept;
    for (var k in kept) {
      var e = kept[k];
      ok = ok && !!e && typeof e.t == "string" && typeof e.u == "string" && typeof e.c == "number" && e.c >= 0 && e.c % 1 === 0;
    }
    return ok ? [kept, 1] : null;
  }).then(function (got) {
    if (got) return start(got[0], got[1]);
    $("cart-empty").hidden = true;
    note(word("co_prices_none"));
  });
})();
