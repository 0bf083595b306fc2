/* Lapak's zoom view for product photos: tap (or Enter on) a photo to see it full screen, swipe or use
   the arrow keys between photos, pinch or double-tap to zoom, close with Escape, the close button or
   Back; focus then returns to the photo. Without JavaScript each photo is a link to its large JPEG.
   No library, no inline script or style: the viewer is built here and styled by style.css. */
(function () {
  "use strict";
  var gallery = document.querySelector(".gallery[data-zoom-label]");
  if (!gallery || !window.history || !history.pushState) return;
  var links = Array.prototype.slice.call(gallery.querySelectorAll("a[data-zoom]"));
  if (!links.length) return;
  var d = gallery.dataset, root = document.documentElement;
  var view, stage, img, count, closeBtn, prevBtn, nextBtn;
  var index = 0, pushed = false, s = 1, tx = 0, ty = 0, pts = {}, start = null, lastTap = 0;
  var MAX = 4;

  function make(tag, cls, label, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (label) e.setAttribute("aria-label", label);
    if (text) e.textContent = text;
    return e;
  }

  function button(cls, label, text, action) {
    var b = make("button", cls, label, text);
    b.type = "button";
    b.addEventListener("click", action);
    return b;
  }

  function build() {
    view = make("div", "zv", d.zoomLabel);
    view.setAttribute("role", "dialog");
    view.setAttribute("aria-modal", "true");
    view.hidden = true;
    stage = make("div", "zv-stage");
    img = make("img");
    img.alt = "";
    img.draggable = false;
    stage.appendChild(img);
    closeBtn = button("zv-close", d.zoomClose, "\u00d7", function () { close(false); });
    prevBtn = button("zv-prev", d.zoomPrev, "\u2039", function () { show(index - 1); });
    nextBtn = button("zv-next", d.zoomNext, "\u203a", function () { show(index + 1); });
    count = make("p", "zv-count");
    count.setAttribute("aria-live", "polite");
    var hint = make("p", "zv-hint", "", d.zoomHint);
    view.appendChild(stage);
    [prevBtn, nextBtn, closeBtn, count, hint].forEach(function (e) { view.appendChild(e); });
    prevBtn.hidden = nextBtn.hidden = links.length < 2;
    document.body.appendChild(view);
    view.addEventListener("keydown", key);
    stage.addEventListener("pointerdown", down);
    stage.addEventListener("pointermove", move);
    stage.addEventListener("pointerup", up);
    stage.addEventListener("pointercancel", up);
    window.addEventListener("popstate", function () { if (!view.hidden) close(true); });
  }

  function show(i) {
    index = (i + links.length) % links.length;
    var a = links[index], small = a.querySelector("img"), large = a.href;
    reset();
    img.src = (small && small.currentSrc) || large;  // already loaded: shown at once
    img.alt = small ? small.alt : "";
    count.textContent = links.length > 1 ? (index + 1) + " / " + links.length : "";
    var big = new Image();
    big.onload = function () { if (links[index] === a) img.src = large; };
    big.src = large;
  }

  function open(i) {
    if (!view) build();
    show(i);
    view.hidden = false;
    root.classList.add("zv-open");
    history.pushState({ lapakZoom: 1 }, "");  // Back closes the viewer instead of leaving the page
    pushed = true;
    closeBtn.focus();
  }

  function close(fromHistory) {
    if (!view || view.hidden) return;
    view.hidden = true;
    root.classList.remove("zv-open");
    if (pushed && !fromHistory) history.back();
    pushed = false;
    links[index].focus();
  }

  function key(e) {
    if (e.key === "Escape") { e.preventDefault(); close(false); }
    else if (e.key === "ArrowRight" && links.length > 1) { e.preventDefault(); show(index + 1); }
    else if (e.key === "ArrowLeft" && links.length > 1) { e.preventDefault(); show(index - 1); }
    else if (e.key === "Tab") {  // focus stays inside the viewer
      var f = [prevBtn, nextBtn, closeBtn].filter(function (b) { return !b.hidden; });
      var at = f.indexOf(document.activeElement);
      e.preventDefault();
      f[(at + (e.shiftKey ? f.length - 1 : 1)) % f.length].focus();
    }
  }

  // ---------------------------------------------------------------- zoom and pan: translate(tx, ty) scale(s)

  function apply() { img.style.transform = "translate(" + tx + "px," + ty + "px) scale(" + s + ")"; }

  function clamp() {
    var w = stage.clientWidth, h = stage.clientHeight;
    s = Math.min(MAX, Math.max(1, s));
    if (s === 1) { tx = ty = 0; return; }
    tx = Math.min(0, Math.max(w - w * s, tx));
    ty = Math.min(0, Math.max(h - h * s, ty));
  }

  function reset() { s = 1; tx = ty = 0; if (img) apply(); }

  function zoomAt(ns, x, y) {  // keep the point (x, y) of the stage under the finger
    tx = x - (x - tx) * ns / s;
    ty = y - (y - ty) * ns / s;
    s = ns;
    clamp();
    apply();
  }

  function local(e) {
    var r = stage.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  function pair() {
    var p = Object.keys(pts).map(function (k) { return pts[k]; });
    return { dist: Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y) || 1,
             x: (p[0].x + p[1].x) / 2, y: (p[0].y + p[1].y) / 2 };
  }

  function begin() {
    var ids = Object.keys(pts);
    if (ids.length === 2) start = { pinch: pair(), s: s, tx: tx, ty: ty };
    else if (ids.length === 1) {
      var p = pts[ids[0]];
      start = { x: p.x, y: p.y, tx: tx, ty: ty, t: Date.now(), moved: false };
    } else start = null;
  }

  function down(e) {
    if (e.pointerType === "mouse" && e.button !== 0) return;
    stage.setPointerCapture(e.pointerId);
    pts[e.pointerId] = local(e);
    begin();
  }

  function move(e) {
    if (!(e.pointerId in pts) || !start) return;
    pts[e.pointerId] = local(e);
    if (start.pinch && Object.keys(pts).length === 2) {
      var now = pair(), ns = Math.min(MAX, Math.max(1, start.s * now.dist / start.pinch.dist));
      tx = now.x - (start.pinch.x - start.tx) * ns / start.s;
      ty = now.y - (start.pinch.y - start.ty) * ns / start.s;
      s = ns;
      clamp();
      apply();
      return;
    }
    var p = pts[e.pointerId], dx = p.x - start.x, dy = p.y - start.y;
    if (Math.abs(dx) + Math.abs(dy) > 10) start.moved = true;
    if (s > 1) { tx = start.tx + dx; ty = start.ty + dy; clamp(); }
    else { tx = dx; ty = 0; }  // the photo follows the finger while swiping
    apply();
  }

  function up(e) {
    if (!(e.pointerId in pts)) return;
    var p = local(e), was = start;
    delete pts[e.pointerId];
    if (was && !was.pinch && Object.keys(pts).length === 0) {
      var dx = p.x - was.x, dy = p.y - was.y;
      if (s === 1 && Math.abs(dx) > 50 && Math.abs(dx) > Math.abs(dy)) { show(index + (dx < 0 ? 1 : -1)); }
      else if (!was.moved && Date.now() - was.t < 300) {
        if (Date.now() - lastTap < 350) { lastTap = 0; if (s > 1) reset(); else zoomAt(2.5, p.x, p.y); }
        else { lastTap = Date.now(); if (s === 1) reset(); }
      } else if (s === 1) reset();
    }
    begin();
  }

  links.forEach(function (a, i) {
    a.addEventListener("click", function (e) {
      if (e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;  // a new tab: the JPEG, as without JavaScript
      e.preventDefault();
      open(i);
    });
  });
})();
