/* Photo lightbox for project pages: served from this site, no outside request.
   The gallery is the photo strip (a.sb-photo, one per photo); a click on a strip photo or on a
   photo in the text opens the web-size photo in a modal <dialog>. Escape, the close button or a
   click beside the photo closes it; arrow keys, the buttons or a swipe go to the next photo. */
(function () {
  "use strict";
  var dialog, picture, caption, counter, items = [], index = 0, touchX = null;

  function gallery() {
    return Array.prototype.map.call(document.querySelectorAll("a.sb-photo"), function (a) {
      var img = a.querySelector("img");
      return { href: a.href, alt: img ? img.alt : "" };
    });
  }

  function button(label, text, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "sb-lightbox__button";
    b.setAttribute("aria-label", label);
    b.textContent = text;
    b.addEventListener("click", function (event) {
      event.stopPropagation();
      action();
    });
    return b;
  }

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "sb-lightbox";
    dialog.setAttribute("aria-label", "\u7167\u7247");
    var figure = document.createElement("figure");
    picture = document.createElement("img");
    caption = document.createElement("figcaption");
    counter = document.createElement("span");
    counter.className = "sb-lightbox__counter";
    figure.appendChild(picture);
    figure.appendChild(caption);
    var bar = document.createElement("div");
    bar.className = "sb-lightbox__bar";
    bar.appendChild(button("\u4e0a\u4e00\u5f20", "\u2039", function () { show(index - 1); }));
    bar.appendChild(counter);
    bar.appendChild(button("\u4e0b\u4e00\u5f20", "\u203a", function () { show(index + 1); }));
    bar.appendChild(button("\u5173\u95ed", "\u00d7", function () { dialog.close(); }));
    dialog.appendChild(figure);
    dialog.appendChild(bar);
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog || event.target === figure) dialog.close();
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") show(index - 1);
      if (event.key === "ArrowRight") show(index + 1);
    });
    dialog.addEventListener("touchstart", function (event) {
      touchX = event.changedTouches[0].clientX;
    }, { passive: true });
    dialog.addEventListener("touchend", function (event) {
      if (touchX === null) return;
      var dx = event.changedTouches[0].clientX - touchX;
      touchX = null;
      if (Math.abs(dx) > 50) show(index + (dx < 0 ? 1 : -1));
    });
    document.body.appendChild(dialog);
  }

  function show(i) {
    index = (i + items.length) % items.length;
    picture.src = items[index].href;
    picture.alt = items[index].alt;
    caption.textContent = items[index].alt;
    counter.textContent = (index + 1) + " / " + items.length;
  }

  function open(href) {
    items = gallery();
    var at = items.findIndex(function (item) { return item.href === href; });
    if (at < 0) return false;
    if (!dialog) build();
    show(at);
    if (!dialog.open) dialog.showModal();
    return true;
  }

  document.addEventListener("click", function (event) {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var link = event.target.closest("a.sb-photo");
    var href = link ? link.href : null;
    if (!link && event.target.matches("article img") && !event.target.closest("a")) {
      href = event.target.currentSrc || event.target.src;
    }
    if (href && open(href)) event.preventDefault();
  });
})();
