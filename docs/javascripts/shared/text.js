// @ts-check
/** Small text helpers shared by the checks, the writer and the pages. No DOM here. */

/**
 * Length in code points, as JSON Schema counts.
 * @param {string} text
 * @returns {number}
 */
export function length(text) {
  return Array.from(text).length;
}

/**
 * A regular expression from the [source, flags] pair the Python side embeds.
 * @param {[string, string]} pair
 * @param {string} [extra] more flags
 * @returns {RegExp}
 */
export function regex(pair, extra) {
  return new RegExp(pair[0], pair[1] + (extra || ""));
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
 * Whether `text` is a real date written YYYY-MM-DD.
 * @param {string} text
 * @returns {boolean}
 */
export function validDate(text) {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
  if (!m) return false;
  const y = +m[1], mo = +m[2], d = +m[3];
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  let days = new Date(Date.UTC(2000, mo, 0)).getUTCDate(); // 29 for February
  if (mo === 2) days = (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? 29 : 28;
  return d <= days;
}

/**
 * Line breaks as the file stores them.
 * @param {string} text
 * @returns {string}
 */
export function clean(text) {
  return text.replace(/\r\n?/g, "\n");
}

/**
 * The expression that splits a list typed in one box (line breaks and the spec's separators).
 * @param {string} separators
 * @returns {RegExp}
 */
export function splitter(separators) {
  const chars = separators.replace(/[\]\\^-]/g, "\\$&");
  return new RegExp("[\\n" + chars + "]+");
}

/**
 * @param {string} text
 * @param {RegExp} re from splitter()
 * @returns {string[]}
 */
export function splitNames(text, re) {
  return text.split(re).map((s) => s.trim()).filter(Boolean);
}

/**
 * Size in bytes as UTF-8.
 * @param {string} text
 * @returns {number}
 */
export function bytes(text) {
  return new TextEncoder().encode(text).length;
}
