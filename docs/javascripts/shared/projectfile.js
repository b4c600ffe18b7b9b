// @ts-check
/**
 * A project file read and changed as a whole: the front matter through the vendored `yaml`
 * package's Document API (the fields changed are set in place or appended; every other line keeps
 * its bytes: the loader's YAML 1.1, flow lists and quotes as they were), the body by its "## "
 * sections, a new section inserted where the programme's order (spec.process.sections) puts it.
 * What the browser writes is what /update/ commits; the Python validator judges it.
 */

import {Document, Scalar, YAMLMap, YAMLSeq, isScalar, parseDocument} from "../vendor/yaml-2.9.1/index.js";
import {tooNested} from "./text.js";

const FRONT = /^---\r?\n([\s\S]*?\r?\n)?---\r?\n/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const WORD = /^[a-z][a-z0-9-]*$/;
const STRINGIFY = {lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false};

/**
 * @typedef {{doc: Document, front: string, body: string, data: Record<string, any>,
 *   sections: {heading: string, text: string}[]}} ProjectFile
 */

/**
 * Dates as the loader reads them (text), everything else as it is.
 * @param {any} value
 * @returns {any}
 */
function plain(value) {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

/**
 * The file's parts. Throws an Error (English, for a detail line) when it is not a project file.
 * @param {string} text
 * @returns {ProjectFile}
 */
export function readProject(text) {
  const found = FRONT.exec(text);
  if (!found) throw new Error("no front matter");
  const front = found[1] || "";
  if (tooNested(front)) throw new Error("nested too deep");
  const doc = parseDocument(front, {version: "1.1", uniqueKeys: true, maxAliasCount: 0});
  if (doc.errors.length) throw new Error(doc.errors[0].message);
  const data = plain(doc.toJS());
  if (!data || typeof data !== "object" || Array.isArray(data)) throw new Error("not a mapping");
  const body = text.slice(found[0].length);
  return {doc, front, body, data, sections: sectionsOf(body)};
}

/**
 * The body's "## " sections, each with its text (no surrounding blank lines).
 * @param {string} body
 * @returns {{heading: string, text: string}[]}
 */
export function sectionsOf(body) {
  return chunks(body).slice(1).map((c) => ({
    heading: c.heading,
    text: c.text.replace(/^.*\r?\n/, "").replace(/^\s*\n/, "").replace(/\s+$/, ""),
  }));
}

/**
 * The body cut before each "## " heading line (outside fenced blocks); the first chunk is what
 * comes before any heading.
 * @param {string} body
 * @returns {{heading: string, text: string}[]}
 */
function chunks(body) {
  /** @type {{heading: string, text: string}[]} */
  const out = [{heading: "", text: ""}];
  let fence = false;
  for (const line of body.split(/(?<=\n)/)) {
    if (/^(```|~~~)/.test(line)) fence = !fence;
    const h = fence ? null : /^## +(.+?)\s*$/.exec(line);
    if (h) out.push({heading: h[1], text: line});
    else out[out.length - 1].text += line;
  }
  return out;
}

/**
 * The body with section `heading` holding `text`: replaced where it is, or inserted before the
 * first section the programme puts after it (`order`: the headings in the programme's order),
 * else at the end. Blank lines around it as the writer puts them.
 * @param {string} body
 * @param {string} heading
 * @param {string} text
 * @param {string[]} order
 * @returns {string}
 */
export function withSection(body, heading, text, order) {
  const parts = chunks(body);
  const own = "## " + heading + "\n\n" + text.replace(/\s+$/, "") + "\n";
  const at = parts.findIndex((c, i) => i > 0 && c.heading === heading);
  if (at > 0) {
    parts[at].text = own + (at < parts.length - 1 ? "\n" : "");
  } else {
    const rank = order.indexOf(heading);
    let before = parts.findIndex((c, i) => i > 0 && order.indexOf(c.heading) > rank);
    if (rank < 0 || before < 0) before = parts.length;
    const prev = parts[before - 1];
    if (prev.text && !/\n\s*\n$/.test(prev.text)) prev.text = prev.text.replace(/\n?$/, "\n\n");
    parts.splice(before, 0, {heading, text: own + (before < parts.length ? "\n" : "")});
  }
  return parts.map((c) => c.text).join("");
}

/**
 * A value as the writer writes it: dates and ids bare, numbers as typed ("185.50" keeps its
 * zero), other text double-quoted (no typed character can change the structure), lists of
 * records as blocks.
 * @param {any} value
 * @returns {any}
 */
export function node(value) {
  if (Array.isArray(value)) {
    const seq = new YAMLSeq();
    value.forEach((v) => seq.items.push(node(v)));
    if (value.every((v) => typeof v !== "object")) seq.flow = true;
    return seq;
  }
  if (value && typeof value === "object" && !(value instanceof Scalar)) {
    const map = new YAMLMap();
    for (const [k, v] of Object.entries(value)) if (v !== undefined) map.set(k, node(v));
    return map;
  }
  if (typeof value === "number") return new Scalar(value);
  if (value && typeof value === "object") return value;
  const text = String(value);
  if (DATE.test(text)) return new Scalar(new Date(text + "T00:00:00Z"));
  const s = new Scalar(text);
  if (!WORD.test(text) || ["y", "n", "yes", "no", "on", "off", "true", "false", "null"].includes(text)) {
    s.type = "QUOTE_DOUBLE";
  }
  return s;
}

/**
 * An amount as typed ("185.50", "1000") as a number node that keeps its decimals.
 * @param {string} typed
 * @returns {Scalar}
 */
export function amountNode(typed) {
  const s = new Scalar(Number(typed));
  const decimals = typed.split(".")[1];
  if (decimals) s.minFractionDigits = decimals.length;
  return s;
}

/**
 * The whole new file: `set` fields replaced in place (or appended at the end of the front matter),
 * `remove` fields left out, `sections` placed in the programme's order; everything else as it was.
 * @param {ProjectFile} file
 * @param {{set?: Record<string, any>, remove?: string[], sections?: [string, string][]}} change
 * @param {string[]} order the section headings in the programme's order (spec.process.sections)
 * @returns {string}
 */
export function changedText(file, change, order) {
  const doc = /** @type {Document} */ (file.doc.clone());
  for (const [key, value] of Object.entries(change.set || {})) {
    const existing = doc.get(key, true);
    const fresh = node(value);
    if (isScalar(existing) && isScalar(fresh) && existing.type && fresh.type === undefined &&
        typeof fresh.value !== "object") fresh.type = existing.type;
    doc.set(key, fresh);
  }
  for (const key of change.remove || []) doc.delete(key);
  let body = file.body;
  for (const [heading, text] of change.sections || []) body = withSection(body, heading, text, order);
  return "---\n" + doc.toString(STRINGIFY) + "---\n" + body;
}

/**
 * Where line `line` (1-based, of the whole file) is, as a form's field: a front-matter key
 * (`concluded_on`, `withdrawal.date`, `expenses.1` for the second expense), a body section's
 * heading or, inside a section, the "### " part it is in; "" for the file's fences.
 * @param {string} text
 * @param {number} line
 * @returns {string}
 */
export function placeOf(text, line) {
  const lines = text.split("\n");
  const close = lines.indexOf("---", 1);
  const i = Math.min(Math.max(line, 1), lines.length) - 1;
  if (i === 0 || i === close) return "";
  if (close > 0 && i < close) {
    let k = i;
    while (k > 0 && !/^[a-z_][a-z0-9_]*:/.test(lines[k])) k--;
    const key = (/^([a-z_][a-z0-9_]*):/.exec(lines[k]) || ["", ""])[1];
    if (!key) return "";
    const inner = lines.slice(k + 1, i + 1);
    if (/^\s*-/.test(lines[k + 1] || "")) {
      const row = inner.filter((l) => /^\s*- /.test(l)).length - 1;
      return key + "." + Math.max(row, 0);
    }
    const sub = inner.reverse().map((l) => /^\s+([a-z_][a-z0-9_]*):/.exec(l)).find(Boolean);
    return sub ? key + "." + sub[1] : key;
  }
  for (let k = i; k > close; k--) {
    const part = /^### +(.+?)\s*$/.exec(lines[k]);
    if (part) return part[1];
    const h = /^## +(.+?)\s*$/.exec(lines[k]);
    if (h) return h[1];
  }
  return "";
}
