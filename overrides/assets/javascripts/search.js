// The site search: Pagefind's UI in the header (overrides/partials/search.html).
//
// Chinese is indexed one character a word (site_builder/showcase/search_index.py), so a query
// with Chinese in it is sent as an exact phrase of its characters: a result is a page holding the
// query exactly, and every such page is a result. The spaces that this puts between characters
// in titles and excerpts are removed here.
//
// Pagefind's UI searches on every `input` event, so typed, pasted, autofilled and dictated text
// are all searched; text typed before the index has loaded is searched once it has. While an
// input method composes (pinyin letters, candidates) nothing is searched: the committed text is.
//
// Pagefind's UI itself (its script and style) is loaded only when the search is first used: the
// stand-in box (search.html) is focused, typed or pasted into, opened by the magnifier or by "/".
// Its text, caret and focus then pass to Pagefind's box, which searches the text.
(function () {
  "use strict";

  var root = document.querySelector("[data-cs-search]");
  var toggle = document.getElementById("__search");
  var holder = root && root.querySelector(".cs-search__box");
  var standIn = root && root.querySelector(".cs-search__stand-in");
  if (!root || !toggle || !holder || !standIn) return;
  var standInBox = standIn.querySelector("input");

  // Han characters, as in search_index.py (the supplementary planes as surrogate pairs).
  var HAN_CHAR = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[\ud840-\ud884][\udc00-\udfff]";
  var HAN = new RegExp(HAN_CHAR, "g");
  var HAS_HAN = new RegExp(HAN_CHAR);
  var SEPARATOR = /\u2009/g;
  // Pagefind rebuilds excerpts from the indexed words joined by spaces: drop a space (and the
  // highlight tags around it) next to a Han character or Chinese punctuation.
  var WIDE = "(?:" + HAN_CHAR + "|[\u2014\u2018-\u201f\u2026\u3000-\u303f\uff00-\uffef])";
  var GAP_AFTER = new RegExp("(" + WIDE + ")((?:<[^>]*>)*)\\s+", "g");
  var GAP_BEFORE = new RegExp("\\s+((?:<[^>]*>)*)(?=" + WIDE + ")", "g");
  var Q = "\u201c", P = "\u201d"; // Chinese quotation marks around the query in messages

  function exact(term) {
    if (!HAS_HAN.test(term)) return term;
    return '"' + term.replace(/"/g, " ").replace(HAN, " $& ").replace(/\s+/g, " ").trim() + '"';
  }

  window.csSearchTerm = exact; // the query rule, for the benchmark (bench/search.py)

  function clean(text) {
    if (typeof text !== "string") return text;
    return text.replace(SEPARATOR, "").replace(GAP_AFTER, "$1$2").replace(GAP_BEFORE, "$1");
  }

  function tidy(result) {
    result.excerpt = clean(result.excerpt);
    if (result.meta) result.meta.title = clean(result.meta.title);
    (result.sub_results || []).forEach(function (sub) {
      sub.title = clean(sub.title);
      sub.excerpt = clean(sub.excerpt);
    });
    return result;
  }

  // Absolute: the UI imports the library from bundlePath, and "pagefind/" (the home page's
  // relative address) would be taken for a package name. Result addresses are relative to the
  // site's root, which need not be the server's.
  var bundle = new URL(root.getAttribute("data-cs-search"), location.href).pathname;
  // One trailing slash: the 404 page's base is "/" already, and "//" is no address at all.
  var base = new URL(root.getAttribute("data-cs-base").replace(/\/*$/, "/"), location.href).pathname;
  /** Pagefind's UI, built in `element` (not yet in the page). @param {Element} element */
  function build(element) {
  new PagefindUI({
    element: element,
    bundlePath: bundle,
    baseUrl: base,
    showImages: false,
    resetStyles: false,
    excerptLength: 50,
    debounceTimeoutMs: 50,
    focusOnSlash: true, // "/" focuses the box, as on most sites
    processTerm: exact,
    processResult: tidy,
    translations: {
      placeholder: "搜索",
      clear_search: "清除",
      load_more: "显示更多结果",
      search_label: "搜索本站",
      filters_label: "筛选",
      zero_results: "没有找到包含" + Q + "[SEARCH_TERM]" + P + "的页面",
      many_results: "找到 [COUNT] 个包含" + Q + "[SEARCH_TERM]" + P + "的页面",
      one_result: "找到 [COUNT] 个包含" + Q + "[SEARCH_TERM]" + P + "的页面",
      total_zero_results: "没有结果",
      total_one_result: "[COUNT] 个结果",
      total_many_results: "[COUNT] 个结果",
      alt_search: "没有找到包含" + Q + "[SEARCH_TERM]" + P + "的页面",
      search_suggestion: "没有找到包含" + Q + "[SEARCH_TERM]" + P + "的页面",
      searching: "正在搜索" + Q + "[SEARCH_TERM]" + P + "\u2026\u2026",
      results_label: "搜索结果",
      keyboard_navigate: "移动",
      keyboard_select: "打开",
      keyboard_clear: "清除",
      keyboard_close: "关闭",
      keyboard_search: "搜索",
      error_search: "搜索出错\uff0c请稍后再试",
      filter_selected_one: "已选 [COUNT] 项",
      filter_selected_many: "已选 [COUNT] 项",
      input_hint: "输入后即显示结果",
      loading: "正在加载\u2026\u2026",
    },
  });
  }

  // Loading: the style first (no unstyled flash of results), then the script; the UI is built
  // off the page and swapped in for the stand-in in one step, so there is always one box.
  var loading = false;
  var built = null; // Pagefind's UI, built, waiting for the stand-in to be free
  var composing = false;

  function load() {
    if (loading) return;
    loading = true;
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = holder.getAttribute("data-cs-ui-style");
    var styled = new Promise(function (done) {
      style.addEventListener("load", done);
      style.addEventListener("error", done); // unstyled beats no search
    });
    // Before ours (search.css), as when it was in the page: our rules win over Pagefind's.
    var ours = document.querySelector("link[data-cs-search-style]");
    if (ours && ours.parentNode) ours.parentNode.insertBefore(style, ours);
    else document.head.appendChild(style);
    var script = document.createElement("script");
    script.src = holder.getAttribute("data-cs-ui");
    var loaded = new Promise(function (done, fail) {
      script.addEventListener("load", done);
      script.addEventListener("error", fail);
    });
    document.head.appendChild(script);
    Promise.all([styled, loaded]).then(
      function () {
        if (typeof PagefindUI === "undefined") return;
        var element = document.createElement("div");
        build(element);
        built = element;
        if (!composing) swap();
      },
      function () {
        loading = false; // a later use tries again
      }
    );
  }

  function swap() {
    if (!built || !standIn.parentNode) return;
    var element = built;
    built = null;
    var box = element.querySelector(".pagefind-ui__search-input");
    // The box's name for screen readers: Pagefind's UI gives it only a title.
    if (box) box.setAttribute("aria-label", "\u641c\u7d22\u672c\u7ad9"); // 搜索本站
    var focused = document.activeElement === standInBox;
    var text = standInBox.value;
    var start = standInBox.selectionStart;
    var end = standInBox.selectionEnd;
    while (element.firstChild) holder.insertBefore(element.firstChild, standIn);
    if (box) {
      box.value = text;
      if (focused) {
        box.focus(); // Pagefind's UI loads its search library on this focus
        box.setSelectionRange(start, end);
      }
    }
    holder.removeChild(standIn);
    swapped = box;
    if (box && text) box.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // One search at a time until the first answer. Pagefind's UI starts a search for each `input`
  // (after its debounce), and until its library has loaded each search waits in a polling loop
  // of its own; the loops resume in any order, so an older search could finish last and its
  // results stand under the newer words (seen: 15 pages "holding" 数字孪生, which were the pages
  // holding 数字). So the first `input` goes through, later ones are held back (the box still
  // takes the text), and once the first answer shows, the box's text is searched if it changed.
  var swapped = null; // Pagefind's box, once it has taken the stand-in's place
  var asked = null; // the text of the search let through
  var answered = false;
  root.addEventListener(
    "input",
    function (event) {
      if (answered || !swapped || event.target !== swapped || event.isComposing) return;
      if (asked === null) {
        asked = swapped.value;
        awaitAnswer();
      } else {
        event.stopImmediatePropagation();
      }
    },
    true
  );

  function awaitAnswer() {
    var searching = "\u6b63\u5728\u641c\u7d22"; // 正在搜索, the start of the "searching" message
    var watcher = new MutationObserver(function () {
      var message = holder.querySelector(".pagefind-ui__message");
      var text = message ? message.textContent.trim() : "";
      if (!text || text.indexOf(searching) === 0) return;
      watcher.disconnect();
      answered = true;
      if (swapped.value !== asked) swapped.dispatchEvent(new Event("input", { bubbles: true }));
    });
    watcher.observe(holder, { childList: true, subtree: true, characterData: true });
  }

  // Any use of the stand-in loads the UI; Enter in it does not leave the page.
  standIn.addEventListener("submit", function (event) {
    event.preventDefault();
  });
  root.addEventListener("focusin", load);
  holder.addEventListener("pointerdown", load);
  standInBox.addEventListener("input", load);
  toggle.addEventListener("change", function () {
    if (toggle.checked) load();
  });
  // "/" focuses the box, as on most sites (Pagefind's UI does this itself once loaded).
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || !standIn.parentNode || event.defaultPrevented) return;
    var target = /** @type {HTMLElement} */ (event.target);
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    event.preventDefault();
    standInBox.focus();
  });

  // Composition: hold back the UI's `input` while composing (a listener on an ancestor, in the
  // capture phase, runs first), then hand it the committed text. Browsers differ on whether the
  // last `input` comes before or after `compositionend`; a repeated value is searched once.
  root.addEventListener(
    "input",
    function (event) {
      if (event.isComposing) event.stopImmediatePropagation();
    },
    true
  );
  root.addEventListener("compositionstart", function () {
    composing = true;
  });
  root.addEventListener("compositionend", function (event) {
    composing = false;
    event.target.dispatchEvent(new Event("input", { bubbles: true }));
    swap(); // a UI that arrived while composing takes the committed text now
  });

  // The box opens the search (overlay, wide box, results) as Material's did; Escape closes it.
  function input() {
    return root.querySelector(".pagefind-ui__search-input");
  }
  root.addEventListener("focusin", function () {
    toggle.checked = true;
  });
  toggle.addEventListener("change", function () {
    var box = input();
    if (!box) return;
    if (toggle.checked) box.focus();
    else box.blur();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) {
      toggle.checked = false;
      var box = input();
      if (box) box.blur();
    }
  });
})();
