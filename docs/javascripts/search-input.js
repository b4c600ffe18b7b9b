// Let Material's search answer text that arrives without a key release.
//
// Material for MkDocs 9 reads the search box only on `keyup`, on focus and once when its search
// worker becomes ready (components/search/query). Text that arrives after that by `input` alone
// (paste, drag and drop, autofill, dictation, an input method committing Chinese characters, or
// Playwright's `fill`) was never searched. Every such change fires `input`, so we answer each
// `input` with the events Material listens to on the box: `keyup` runs the query, `keydown`
// refreshes the search suggestion. Both are dispatched on the box only (no bubbling), so
// Material's page-wide keyboard shortcuts never see them; Material drops repeated values, so a
// real key press answered twice costs nothing. `paste` needs no handler of its own: it fires
// before the text changes and is followed by `input`. Some browsers send the last `input` of a
// composition before `compositionend`, so that is forwarded too.
//
// Text typed before the worker is ready needs nothing here: Material reads the box when the
// worker reports ready. The listener sits on the document and picks the box by its component
// name, so it keeps working when instant navigation swaps the page.
(function () {
  "use strict";

  var QUERY = '[data-md-component="search-query"]';

  function forward(event) {
    var box = event.target;
    if (!(box instanceof HTMLInputElement) || !box.matches(QUERY)) return;
    box.dispatchEvent(new KeyboardEvent("keydown"));
    box.dispatchEvent(new KeyboardEvent("keyup"));
  }

  document.addEventListener("input", forward);
  document.addEventListener("compositionend", forward);
})();
