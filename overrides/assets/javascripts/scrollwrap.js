// Tables wider than the screen scroll sideways inside Material's wrapper. A keyboard user can
// only scroll what takes the focus: a wrapper that scrolls gets a place in the Tab order and a
// name ("<heading>：表格，可左右滚动"); one that does not scroll stays out of it. Loaded on every page
// (overrides/main.html).
(function () {
  "use strict";

  var NAME = "\u8868\u683c\uff0c\u53ef\u5de6\u53f3\u6eda\u52a8"; // 表格，可左右滚动

  // The name, with the heading the table stands under: one region is told from another.
  function name(wrap) {
    for (var el = wrap.previousElementSibling; el; el = el.previousElementSibling) {
      if (/^H[1-4]$/.test(el.tagName)) {
        return el.textContent.replace(/\u00b6/g, "").trim() + "\uff1a" + NAME;
      }
    }
    return NAME;
  }

  function mark() {
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap");
    for (var i = 0; i < wraps.length; i++) {
      var wrap = wraps[i];
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", name(wrap));
      } else if (wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    }
  }

  var pending = false;
  function later() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      mark();
    });
  }

  if (document.readyState === "complete") mark();
  else window.addEventListener("load", mark);
  window.addEventListener("resize", later);
})();
