// @ts-check
/**
 * The text of a project file, exactly as site_builder/core/writer.py writes it (a test runs both
 * over the same answers and compares the bytes): front matter in the order given, one
 * `key: value` per line, lists in brackets, then each section as "## heading", a blank line and
 * its text.
 *
 * Values: integers bare; a date field's checked YYYY-MM-DD bare (the loader reads it as text);
 * a lower-case word of letters, digits and hyphens (an id such as eng-teachers) bare unless a YAML
 * reader would take it for a boolean or null; every other text double-quoted with JSON's escapes
 * (a JSON string is a YAML double-quoted scalar), so no typed character (": ", "#", quotes, a
 * leading "-", "[", line breaks) can change the structure.
 */

const WORD = /^[a-z][a-z0-9-]*$/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
// YAML 1.1 booleans and null that a lower-case word could spell.
const YAML_WORDS = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"];

/**
 * One value as it stands after "key: ".
 * @param {string|number|string[]} value
 * @param {boolean} [date] the field is a date
 * @returns {string}
 */
export function scalar(value, date) {
  if (Array.isArray(value)) return "[" + value.map((v) => scalar(v)).join(", ") + "]";
  if (typeof value === "number") return String(value);
  if (date && DATE.test(value)) return value;
  if (WORD.test(value) && YAML_WORDS.indexOf(value) < 0) return value;
  return JSON.stringify(value);
}

/**
 * Whether a value is left out of the file.
 * @param {any} value
 * @returns {boolean}
 */
function missing(value) {
  return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
}

/**
 * The front matter's lines, without the --- around them.
 * @param {Record<string, string|number|string[]>} data in the order to write
 * @param {string[]} dateKeys the fields that hold dates
 * @returns {string[]}
 */
export function frontLines(data, dateKeys) {
  return Object.keys(data).filter((k) => !missing(data[k]))
    .map((k) => k + ": " + scalar(data[k], dateKeys.indexOf(k) >= 0));
}

/**
 * The whole file.
 * @param {Record<string, string|number|string[]>} data in the order to write
 * @param {{heading: string, text: string}[]} sections
 * @param {string[]} dateKeys
 * @returns {string}
 */
export function fileText(data, sections, dateKeys) {
  return ["---", ...frontLines(data, dateKeys), "---"].join("\n") + "\n" + bodyText(sections);
}

/**
 * The body: each section as a blank line, "## heading", a blank line, its text.
 * @param {{heading: string, text: string}[]} sections
 * @returns {string}
 */
export function bodyText(sections) {
  return sections.map((s) => "\n## " + s.heading + "\n\n" + s.text + "\n").join("");
}
