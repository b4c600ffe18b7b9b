// @ts-check
/** Small text helpers shared by the pages (no check: shared/rules.js makes them all). No DOM here. */

/**
 * Length in code points, as JSON Schema counts.
 * @param {string} text
 * @returns {number}
 */
export function length(text) {
  return Array.from(text).length;
}

/**
 * @param {number} n
 * @returns {string}
 */
export function pad(n) {
  return (n < 10 ? "0" : "") + n;
}

/** @returns {string} today as YYYY-MM-DD, in the visitor's time zone */
export function today() {
  const d = new Date();
  return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
}

/**
 * Line breaks as the file stores them.
 * @param {string} text
 * @returns {string}
 */
export function clean(text) {
  return text.replace(/\r\n?/g, "\n");
}

/** @type {WeakMap<object, RegExp>} */
const refused = new WeakMap();

/**
 * Text from GitHub (a pull request's title, a branch's name, a check's message) as a page shows
 * it: each character the loader refuses (the rule pack's `form.bad_chars`: a control character,
 * a direction override) written out as `<U+202E>`, as the command line shows it, so that a
 * reviewer sees it is there and the line is not reordered before their eyes.
 * @param {any} spec the page's spec (its rule pack) @param {unknown} text @returns {string}
 */
export function visibleText(spec, text) {
  let re = refused.get(spec);
  if (!re) {
    const p = spec.pack.form.patterns.bad_chars;
    re = new RegExp(p.source, p.flags.replace("g", "") + "g");
    refused.set(spec, re);
  }
  return String(text).replace(re,
    (c) => "<U+" + (c.codePointAt(0) || 0).toString(16).toUpperCase().padStart(4, "0") + ">");
}

/**
 * Opening brackets (`[`, `{`) a front matter may hold before it is handed to the YAML library.
 * The library's parser runs out of memory on flow collections some ten thousand deep (a crash
 * of the tab, which no `catch` sees), and a pull request's file is read on /review/ by every
 * reviewer; the loader refuses from depth ten (PF113). Openings are counted, not depth, so that
 * no bracket inside quotes can hide one; no project file comes near this.
 */
export const MAX_OPENINGS = 1000;

/**
 * Whether `text` holds more opening brackets than the YAML library is given.
 * @param {string} text @returns {boolean}
 */
export function tooNested(text) {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c === 0x5b || c === 0x7b) && ++count > MAX_OPENINGS) return true;
  }
  return false;
}
