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
