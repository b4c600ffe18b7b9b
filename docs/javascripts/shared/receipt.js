// @ts-check
/**
 * The change receipt (变更说明) in the browser: one changed file of a pull request in plain
 * Chinese, the same structure and the same text as site_builder/core/receipt.py (which `check`
 * prints in its job summary; tests/test_receipt_parity.py holds the two byte-identical).
 *
 * Nothing here is a word or rule of its own: the words, the patterns and the loader's codes come
 * from the page's spec (`spec.receipt`, rules/pack.py browser_spec), stages from `spec.process`,
 * titles and labels from `spec.schema`, the total from rules.js `acceptanceTotal` and the
 * threshold from the rule pack. It never throws on bad input: a side that cannot be read is a
 * problem with the loader's code.
 *
 *   import {receipt, receiptText, renderReceipt} from "./shared/receipt.js";
 *   const r = receipt("projects/2026/x.md", before, after, spec);  // null for a missing side
 *   receiptText(r);  // the plain lines; receiptsText([r, ...]) several, as `check` prints them
 *   el.appendChild(renderReceipt(r, document));  // the same, as elements (text only)
 */

import {parseDocument, isAlias, isMap, isScalar, isSeq} from "../vendor/yaml-2.9.1/index.js";
import {acceptanceTotal, compile, fieldNode, fill} from "./rules.js";
import {tooNested} from "./text.js";

/**
 * @typedef {{path: (string|number)[], title: string, before: string|null, after: string|null}} FieldChange
 * @typedef {{op: "added"|"removed"|"gap", text: string, start: number|null, end: number|null}} Line
 *   `start`..`end`: the phrase that changed (code points of `text`) in a line replaced by one line
 * @typedef {{heading: string, status: "added"|"removed"|"changed", lines: Line[]}} SectionChange
 * @typedef {{path: string, status: "added"|"removed"|"changed", image: boolean}} MediaChange
 * @typedef {{title: string, before: string|null, after: string|null, threshold: number, reached: boolean}} Total
 * @typedef {{side: "before"|"after", code: string}} Problem
 * @typedef {{path: string, kind: "new"|"deleted"|"changed"|"media"|"other",
 *   status: "added"|"removed"|"changed", old_path: string|null, title: string|null,
 *   stage_before: string|null, stage_after: string|null, fields: FieldChange[],
 *   sections: SectionChange[], images: MediaChange[], media: MediaChange[], total: Total|null,
 *   problems: Problem[], format_only: boolean}} Receipt
 */

/** The spec each receipt was made with, so that its text needs no second argument.
 * @type {WeakMap<object, any>} */
const specs = new WeakMap();

class Refused extends Error {
  /** @param {string} code @param {any} [node] where (its offset in the front matter) */
  constructor(code, node) {
    super(code);
    this.code = code;
    this.at = node && node.range ? node.range[0] : 0;
  }
}

/** Compiled patterns, per spec. @type {WeakMap<object, Map<string, RegExp>>} */
const compiledFor = new WeakMap();

/**
 * A pattern compiled once per spec (its lastIndex reset).
 * @param {any} spec @param {string} key @param {() => RegExp} make
 */
function cached(spec, key, make) {
  let map = compiledFor.get(spec);
  if (!map) compiledFor.set(spec, (map = new Map()));
  let re = map.get(key);
  if (!re) map.set(key, (re = make()));
  re.lastIndex = 0;
  return re;
}

/** One of the receipt's patterns. @param {any} spec @param {string} name */
function pattern(spec, name, extra = "") {
  return cached(spec, name + "/" + extra, () => compile(spec.receipt.patterns[name], extra));
}

/** Python's re.fullmatch. @param {any} spec @param {string} name @param {string} text */
function fullMatch(spec, name, text) {
  return cached(spec, name + "/full", () => {
    const p = spec.receipt.patterns[name];
    return new RegExp("^(?:" + p.source + ")$", p.flags);
  }).test(text);
}

/** Python's str.strip(). @param {any} spec @param {string} s */
function strip(spec, s) {
  const space = spec.pack.text.space;
  return s.replace(cached(spec, "strip", () => new RegExp(`^[${space}]+|[${space}]+$`, "gu")), "");
}

// ------------------------------------------------------------------ reading (core/loader.py)

/**
 * A scalar as the loader types it: quoted and block text stays text; plain null/true/false and
 * decimal integers are typed.
 * @param {any} spec @param {any} node
 */
function scalar(spec, node) {
  const codes = spec.receipt.codes;
  const value = node.value === null || node.value === undefined ? "" : String(node.value);
  if (node.type !== "PLAIN") {
    if (node.type === "QUOTE_DOUBLE" && pattern(spec, "unsafe_decoded").test(value)) throw new Refused(codes.bad_char, node);
    return value;
  }
  const plain = spec.pack.form.plain;
  if (Object.hasOwn(plain, value)) return plain[value];
  const int = cached(spec, "int", () => new RegExp("^(?:" + spec.pack.form.patterns.int.source + ")$", "u"));
  if ("+-0123456789".includes(value[0]) && int.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : BigInt(value.replace(/^\+/, ""));
  }
  return value;
}

/** @param {any} spec @param {string} source @param {any} node @param {number} depth @returns {any} */
function build(spec, source, node, depth) {
  const codes = spec.receipt.codes;
  if (node === null || node === undefined) return null;
  if (isAlias(node) || node.anchor) throw new Refused(codes.anchor, node);
  if (node.tag && !(node.tag === "!" && isScalar(node))) throw new Refused(codes.tag, node);
  if (isScalar(node)) return scalar(spec, node);
  if (depth >= spec.receipt.max_depth) throw new Refused(codes.too_deep, node);
  if (isSeq(node)) return node.items.map((/** @type {any} */ item) => build(spec, source, item, depth + 1));
  if (!isMap(node)) throw new Refused(codes.syntax, node);
  /** @type {Record<string, any>} */
  const out = {};
  for (const pair of node.items) {
    const key = /** @type {any} */ (pair.key);
    // `: x`, a value without a key: PyYAML stops there (an explicit `? ` empty key is a key).
    const empty = isScalar(key) && key.type === "PLAIN" && key.range && key.range[0] === key.range[1];
    if (!key || (empty && source[key.range[0]] === ":")) throw new Refused(codes.syntax, key);
    const plainKey = isScalar(key) && !key.anchor && !key.tag && key.type === "PLAIN";
    const text = plainKey ? String(key.value ?? "") : "";
    if (!plainKey || !fullMatch(spec, "key", text) || Object.hasOwn(spec.pack.form.plain, text)) {
      if (isAlias(key) || (key && key.anchor)) throw new Refused(codes.anchor, key);
      if (key && key.tag && !(key.tag === "!" && isScalar(key))) throw new Refused(codes.tag, key);
      if (!isScalar(key)) throw new Refused(codes.key_not_string, key);
      if (plainKey) {
        if (text === "<<") throw new Refused(codes.anchor, key);
        if (typeof scalar(spec, key) !== "string") throw new Refused(codes.key_not_string, key);
      }
      throw new Refused(codes.key_form, key);
    }
    if (Object.hasOwn(out, text)) throw new Refused(codes.duplicate_key, key);
    out[text] = build(spec, source, pair.value, depth + 1);
  }
  return out;
}

/**
 * (front matter, body) of a file's text, or the code of the loader's refusal.
 * @param {any} spec @param {string} text @returns {[Record<string, any>, string] | string}
 */
function load(spec, text) {
  const codes = spec.receipt.codes;
  if (new TextEncoder().encode(text).length > spec.pack.form.max_bytes) return codes.too_large;
  text = text.replace(/^\ufeff/, "").replace(/\r\n/g, "\n").replace(/\r/g, "\n");
  if (cached(spec, "bad_chars", () => compile(spec.pack.form.patterns.bad_chars, "")).test(text)) return codes.bad_char;
  const match = pattern(spec, "front_matter").exec(text);
  if (!match) {
    // core/loader.py split_front_matter: which of the three ways the front matter is missing.
    const cut = text.indexOf("\n");
    const first = cut < 0 ? text : text.slice(0, cut);
    if (/^-{3}[ \t]*$/.test(first)) {
      const rest = cut < 0 ? "" : text.slice(cut + 1);
      return /^(?:\.{3}|-{3})[ \t]*(?:\n|$)/.test(rest) ? codes.empty : codes.unclosed;
    }
    return codes.no_front_matter;
  }
  const body = text.slice(match[0].length);
  if (tooNested(match[1])) return codes.too_deep;  // the library would crash the page
  let data;
  try {
    const doc = parseDocument(match[1], {version: "1.1", schema: "failsafe", uniqueKeys: false, prettyErrors: false});
    // PyYAML reads as it goes: what the loader refuses before the first syntax error is what
    // it reports (a refusal after it is never reached).
    const broken = doc.errors.length ? Math.min(...doc.errors.map((e) => e.pos[0])) : Infinity;
    try {
      data = build(spec, match[1], doc.contents, 0);
    } catch (e) {
      if (e instanceof Refused && e.at < broken) return e.code;
      throw e;
    }
    if (doc.errors.length) return codes.syntax;
  } catch {
    return codes.syntax;  // a refusal past the first syntax error, or the parser's own failure
  }
  if (data === null || data === "") return codes.empty;
  if (typeof data !== "object" || Array.isArray(data)) return codes.not_mapping;
  return [data, body];
}

// ------------------------------------------------------------------ values

/** @param {any} v */
const isInt = (v) => typeof v === "bigint" || (typeof v === "number" && Number.isInteger(v));

/**
 * A scalar or a list of scalars as a person reads it.
 * @param {any} spec @param {(string|number)[]} path @param {any} value @returns {string}
 */
function shown(spec, path, value) {
  const w = spec.receipt.words;
  if (value === null || value === undefined) return w.none;
  if (value === true) return w.yes;
  if (value === false) return w.no;
  if (typeof value === "string") {
    if (!value) return w.empty;
    const name = path.length === 1 ? rosterNames(spec).get(String(path[0]))?.get(value) : undefined;
    if (name !== undefined) return fill(w.named, {name, id: value});
    const labels = fieldNode(spec, path)["x-labels"] || {};
    return Object.hasOwn(labels, value) ? labels[value] : value;
  }
  if (Array.isArray(value)) {
    if (!value.length) return w.empty;
    return value.map((v) => shown(spec, [...path, 0], v)).join("\u3001");
  }
  if (typeof value === "object") return w.empty;
  return String(value);
}

/** The roster's names of general branches and branches (its public part in the rule pack),
 * by the field that holds their ids. @type {WeakMap<object, Map<string, Map<string, string>>>} */
const namesFor = new WeakMap();

/** @param {any} spec @returns {Map<string, Map<string, string>>} */
function rosterNames(spec) {
  let names = namesFor.get(spec);
  if (!names) {
    const [general, branch] = spec.receipt.roster_fields;
    const roster = /** @type {{id: string, name: string, branches: {id: string, name: string}[]}[]} */ (spec.pack.roster);
    names = new Map([
      [general, new Map(roster.map((gb) => [gb.id, gb.name]))],
      [branch, new Map(roster.flatMap((gb) => gb.branches.map((b) => /** @type {[string, string]} */ ([b.id, b.name]))))],
    ]);
    namesFor.set(spec, names);
  }
  return names;
}

/** @param {any} spec @param {any} row @returns {string|null} */
function rowName(spec, row) {
  if (row && typeof row === "object" && !Array.isArray(row)) {
    for (const key of spec.receipt.row_names) {
      const name = row[key];
      if (Object.hasOwn(row, key) && typeof name === "string" && name) return name;
    }
  }
  return null;
}

/** @param {any} spec @param {(string|number)[]} path @param {any[]} rows */
function titleOf(spec, path, rows) {
  const w = spec.receipt.words;
  return path.map((part, i) => {
    if (typeof part === "number") {
      const name = rowName(spec, rows[i]);
      const n = String(part + 1);
      return name ? fill(w.row_named, {n, name}) : fill(w.row, {n});
    }
    return fieldNode(spec, path.slice(0, i + 1)).title || part;
  }).join("\u00b7");
}

/** @param {any} value */
function isLeaf(value) {
  if (value && typeof value === "object" && !Array.isArray(value)) return Object.keys(value).length === 0;
  if (Array.isArray(value)) return value.every((v) => !(v && typeof v === "object"));
  return true;
}

/** @param {any} value @returns {[string|number, any][]} */
function children(value) {
  return Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
}

/**
 * @param {any} spec @param {(string|number)[]} path @param {any[]} rows @param {any} before
 * @param {any} after @param {boolean} hasBefore @param {boolean} hasAfter @param {FieldChange[]} out
 */
function diffValues(spec, path, rows, before, after, hasBefore, hasAfter, out) {
  if ((!hasBefore || isLeaf(before)) && (!hasAfter || isLeaf(after))) {
    const b = hasBefore ? shown(spec, path, before) : null;
    const a = hasAfter ? shown(spec, path, after) : null;
    if (b !== a) out.push({path: [...path], title: titleOf(spec, path, rows), before: b, after: a});
    return;
  }
  if (hasBefore && isLeaf(before)) {
    out.push({path: [...path], title: titleOf(spec, path, rows), before: shown(spec, path, before), after: null});
    hasBefore = false;
  }
  if (hasAfter && isLeaf(after)) {
    out.push({path: [...path], title: titleOf(spec, path, rows), before: null, after: shown(spec, path, after)});
    hasAfter = false;
  }
  diffChildren(spec, path, rows, before, after, hasBefore, hasAfter, out);
}

/**
 * @param {any} spec @param {(string|number)[]} path @param {any[]} rows @param {any} before
 * @param {any} after @param {boolean} hasBefore @param {boolean} hasAfter @param {FieldChange[]} out
 */
function diffChildren(spec, path, rows, before, after, hasBefore, hasAfter, out) {
  const bItems = hasBefore ? children(before) : [];
  const aItems = hasAfter ? children(after) : [];
  const bMap = new Map(bItems), aMap = new Map(aItems);
  const keys = [...aItems.map(([k]) => k), ...bItems.map(([k]) => k).filter((k) => !aMap.has(k))];
  for (const key of keys) {
    const row = aMap.has(key) ? aMap.get(key) : bMap.get(key);
    diffValues(spec, [...path, key], [...rows, row], bMap.get(key), aMap.get(key), bMap.has(key), aMap.has(key), out);
  }
}

/** @param {any} spec @param {Record<string, any>|null} before @param {Record<string, any>|null} after */
function fieldChanges(spec, before, after) {
  /** @type {FieldChange[]} */
  const out = [];
  /** @param {Record<string, any>|null} d */
  const without = (d) => Object.fromEntries(Object.entries(d || {}).filter(([k]) => k !== "stage"));
  const bd = without(before);
  let ad = without(after);
  if (before === null) {
    const plan = spec.receipt.plan_fields;
    ad = Object.fromEntries([
      ...plan.filter((/** @type {string} */ k) => Object.hasOwn(ad, k)).map((/** @type {string} */ k) => [k, ad[k]]),
      ...Object.entries(ad).filter(([k]) => !plan.includes(k)),
    ]);
  }
  diffChildren(spec, [], [], bd, ad, true, true, out);
  return out;
}

/** The types and values of a value, as core/receipt.py `_shape` compares them. @param {any} v
 * @returns {string} */
function shape(v) {
  if (v === null || v === undefined) return "N";
  if (typeof v === "boolean") return "b" + v;
  if (isInt(v)) return "i" + String(v);
  if (typeof v === "string") return "s" + JSON.stringify(v);
  if (Array.isArray(v)) return "[" + v.map(shape).join(",") + "]";
  return "{" + Object.keys(v).sort().map((k) => JSON.stringify(k) + ":" + shape(v[k])).join(",") + "}";
}

// ------------------------------------------------------------------ the body

/** The body's parts (core/receipt.py `_sections`). @param {any} spec @param {string} body
 * @returns {[string, string[]][]} */
function sections(spec, body) {
  const w = spec.receipt.words;
  const fenceRe = cached(spec, "fence", () => compile(spec.pack.sections.patterns.fence, "y"));
  const h2 = cached(spec, "h2", () => compile(spec.pack.sections.patterns.h2, "y"));
  /** @type {[string, string[]][]} */
  const parts = [[w.preamble, []]];
  /** @type {Map<string, number>} */
  const seen = new Map();
  /** @type {string | null} */
  let fence = null;
  for (const line of body.split("\n")) {
    /** @type {string | null} */
    let heading = null;
    fenceRe.lastIndex = 0;
    const mark = fenceRe.exec(line);
    if (mark) {
      if (fence === null) fence = mark[1][0].repeat(3);
      else if (strip(spec, line).startsWith(fence)) fence = null;
    } else if (fence === null) {
      h2.lastIndex = 0;
      const m = h2.exec(line);
      if (m) heading = strip(spec, m[1]);
    }
    if (heading === null) {
      if (strip(spec, line)) parts[parts.length - 1][1].push(line);
      continue;
    }
    const n = (seen.get(heading) || 0) + 1;
    seen.set(heading, n);
    parts.push([n === 1 ? heading : fill(w.repeated, {heading, n: String(n)}), []]);
  }
  return parts.filter((p, i) => i > 0 || p[1].length);
}

/** core/receipt.py `_diff_lines`. @param {any} spec @param {string[]} a @param {string[]} b
 * @returns {Line[]} */
function diffLines(spec, a, b) {
  /** @type {[string, string][]} */
  let ops = [];
  const max = spec.receipt.max_diff_lines;
  if (a.length > max || b.length > max) {
    ops = [...a.map((x) => /** @type {[string, string]} */ (["removed", x])), ...b.map((x) => /** @type {[string, string]} */ (["added", x]))];
  } else {
    const n = a.length, m = b.length;
    const table = Array.from({length: n + 1}, () => new Array(m + 1).fill(0));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        table[i][j] = a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
      }
    }
    let i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[i] === b[j]) {
        ops.push(["same", a[i]]);
        i++;
        j++;
      } else if (j >= m || (i < n && table[i + 1][j] >= table[i][j + 1])) {
        ops.push(["removed", a[i]]);
        i++;
      } else {
        ops.push(["added", b[j]]);
        j++;
      }
    }
  }
  /** @type {Line[]} */
  const out = [];
  let gap = false;
  for (const [op, text] of ops) {
    if (op === "same") {
      gap = out.length > 0;
      continue;
    }
    if (gap) {
      out.push({op: "gap", text: spec.receipt.words.gap, start: null, end: null});
      gap = false;
    }
    out.push({op: /** @type {"added"|"removed"} */ (op), text, start: null, end: null});
  }
  return phrases(out);
}

/** core/receipt.py `_phrases`: a line replaced by one line marks the phrase that changed.
 * @param {Line[]} lines @returns {Line[]} */
function phrases(lines) {
  const out = [...lines];
  for (let i = 0; i < out.length - 1; i++) {
    const a = out[i], b = out[i + 1];
    if (!(a.op === "removed" && b.op === "added")) continue;
    if ((i > 0 && out[i - 1].op === "removed") || (i + 2 < out.length && out[i + 2].op === "added")) continue;
    const x = Array.from(a.text), y = Array.from(b.text);
    const n = Math.min(x.length, y.length);
    let head = 0;
    while (head < n && x[head] === y[head]) head++;
    let tail = 0;
    while (tail < n - head && x[x.length - 1 - tail] === y[y.length - 1 - tail]) tail++;
    if (!(head + tail)) continue;
    for (const [j, line, chars] of /** @type {[number, Line, string[]][]} */ ([[i, a, x], [i + 1, b, y]])) {
      const end = chars.length - tail;
      if (end > head) out[j] = {...line, start: head, end};
    }
  }
  return out;
}

/** A section's line as the text shows it (its phrase marked). @param {any} w @param {Line} line */
function lineShown(w, line) {
  if (line.op === "gap") return line.text;
  let text = line.text;
  if (line.start !== null && line.end !== null) {
    const chars = Array.from(text);
    text = chars.slice(0, line.start).join("") + fill(w.phrase, {text: chars.slice(line.start, line.end).join("")}) +
      chars.slice(line.end).join("");
  }
  return fill(w["line_" + line.op], {text});
}

/** @param {any} spec @param {string|null} before @param {string|null} after */
function sectionChanges(spec, before, after) {
  const bParts = before !== null ? sections(spec, before) : [];
  const aParts = after !== null ? sections(spec, after) : [];
  const b = new Map(bParts), a = new Map(aParts);
  /** @type {SectionChange[]} */
  const out = [];
  const same = (/** @type {string[]} */ x, /** @type {string[]} */ y) => x.length === y.length && x.every((v, i) => v === y[i]);
  for (const [heading, lines] of aParts) {
    const old = b.get(heading);
    if (old === undefined) out.push({heading, status: "added", lines: lines.map((text) => ({op: "added", text, start: null, end: null}))});
    else if (!same(old, lines)) out.push({heading, status: "changed", lines: diffLines(spec, old, lines)});
  }
  for (const [heading, lines] of bParts) {
    if (!a.has(heading)) out.push({heading, status: "removed", lines: lines.map((text) => ({op: "removed", text, start: null, end: null}))});
  }
  return out;
}

/** @param {any} spec @param {string|null} body @param {string} path @returns {string[]} */
function images(spec, body, path) {
  if (body === null) return [];
  const cut = path.lastIndexOf("/");
  const folder = path.slice(0, cut) + "/";
  const name = path.slice(cut + 1);
  const slug = name.endsWith(".md") ? name.slice(0, -3) : name;
  /** @type {string[]} */
  const found = [];
  for (const m of body.matchAll(pattern(spec, "image", "g"))) {
    if (!m[1]) continue;
    const url = m[3] || "";
    const where = url.startsWith(slug + "/") ? folder + url : url;
    if (url && !found.includes(where)) found.push(where);
  }
  return found;
}

/** @param {any} spec @param {string} path */
function isImage(spec, path) {
  const dot = path.lastIndexOf(".");
  return dot >= 0 && spec.receipt.image_extensions.includes(path.slice(dot + 1).toLowerCase());
}

// ------------------------------------------------------------------ the total

/** core/receipt.py `_total`: validate's total, or null. @param {any} spec @param {any} data */
function total(spec, data) {
  const acceptance = data ? data.acceptance : undefined;
  if (!acceptance || typeof acceptance !== "object" || Array.isArray(acceptance)) return null;
  const criteria = spec.pack.scores.criteria;
  const scores = Object.hasOwn(acceptance, "scores") ? acceptance.scores : null;
  const rowsOk = Array.isArray(scores) && scores.every((s) =>
    s && typeof s === "object" && !Array.isArray(s) &&
    criteria.every((/** @type {string} */ c) => !Object.hasOwn(s, c) || isInt(s[c])));
  if (scores !== null && !rowsOk) return null;
  const written = Object.hasOwn(acceptance, "total") ? acceptance.total : null;
  const writtenOk = isInt(written) || (typeof written === "string" && fullMatch(spec, "written_total", written));
  const hasScores = Array.isArray(scores) && scores.length > 0;
  if (!hasScores && written !== null && !writtenOk) return null;
  // core/figures.py total_of: the computed total, else the written one.
  const computed = acceptanceTotal(hasScores ? scores.map((s) => toNumbers(s, criteria)) : [], criteria);
  if (computed !== null) return computed;
  return written === null ? null : String(written);
}

/** A score row with its criteria as numbers (acceptanceTotal reads them with Number).
 * @param {any} row @param {string[]} criteria */
function toNumbers(row, criteria) {
  /** @type {Record<string, any>} */
  const out = {};
  for (const c of criteria) if (Object.hasOwn(row, c)) out[c] = Number(row[c]);
  return out;
}

/** @param {any} spec @param {any} before @param {any} after @returns {Total|null} */
function totalChange(spec, before, after) {
  /** @param {any} data */
  const part = (data) => {
    const a = data ? data.acceptance : undefined;
    if (!a || typeof a !== "object" || Array.isArray(a)) return [null, null];
    return [a.scores ?? null, a.total ?? null];
  };
  if (shape(part(before)) === shape(part(after))) return null;
  if (after === null || !after.acceptance || typeof after.acceptance !== "object" || Array.isArray(after.acceptance)) return null;
  const b = before !== null ? total(spec, before) : null;
  const a = total(spec, after);
  const threshold = spec.pack.award.threshold;
  return {
    title: fieldNode(spec, ["acceptance", "total"]).title || "",
    before: b, after: a, threshold, reached: a !== null && Number(a) >= threshold,
  };
}

// ------------------------------------------------------------------ the receipt

/** @param {any} spec @param {Record<string, any>|null} data @returns {string|null} */
function stageOf(spec, data) {
  if (data === null || !Object.hasOwn(data, "stage")) return null;
  const value = data.stage;
  const stage = spec.process.stages.find((/** @type {{id: string}} */ s) => s.id === value);
  return stage ? stage.label : shown(spec, ["stage"], value);
}

/**
 * The receipt of one changed path (null: that side does not exist).
 * @param {string} path @param {string|null} before @param {string|null} after @param {any} spec
 * @param {{oldPath?: string|null}} [options] `oldPath`: where a renamed file came from
 * @returns {Receipt}
 */
export function receipt(path, before, after, spec, options = {}) {
  const oldPath = options.oldPath || null;
  const status = before === null ? "added" : after === null ? "removed" : "changed";
  /** @type {Receipt} */
  const r = {
    path, kind: "other", status, old_path: oldPath, title: null, stage_before: null, stage_after: null,
    fields: [], sections: [], images: [], media: [], total: null, problems: [], format_only: false,
  };
  specs.set(r, spec);
  const dir = spec.receipt.projects_dir;
  if (!path.startsWith(dir + "/")) return r;
  const parts = path.split("/");
  if (parts.length >= 4 && parts[0] === dir) {
    r.kind = "media";
    r.media = [{path, status, image: isImage(spec, path)}];
    return r;
  }
  if (!fullMatch(spec, "project_path", path)) return r;
  try {
    return projectReceipt(spec, r, before, after);
  } catch {
    const broken = {...r, kind: /** @type {"changed"} */ ("changed"), problems: [{side: /** @type {"after"} */ ("after"), code: spec.receipt.codes.syntax}]};
    specs.set(broken, spec);
    return broken;
  }
}

/** @param {any} spec @param {Receipt} r @param {string|null} beforeText @param {string|null} afterText
 * @returns {Receipt} */
function projectReceipt(spec, r, beforeText, afterText) {
  /** @type {[Record<string, any>, string] | null} */
  let before = null, after = null;
  if (beforeText !== null) {
    const loaded = load(spec, beforeText);
    if (typeof loaded === "string") r.problems.push({side: "before", code: loaded});
    else before = loaded;
  }
  if (afterText !== null) {
    const loaded = load(spec, afterText);
    if (typeof loaded === "string") r.problems.push({side: "after", code: loaded});
    else after = loaded;
  }
  r.kind = beforeText === null ? "new" : afterText === null ? "deleted" : "changed";
  const [bData, bBody] = before || [null, null];
  const [aData, aBody] = after || [null, null];
  const shownData = aData !== null ? aData : bData;
  const title = shownData ? shownData.title : null;
  r.title = typeof title === "string" ? title : null;
  r.stage_before = stageOf(spec, bData);
  r.stage_after = stageOf(spec, aData);
  if (r.kind === "deleted" || r.problems.length) return r;
  r.fields = fieldChanges(spec, bData, aData);
  r.sections = sectionChanges(spec, bBody, aBody);
  const beforeImages = r.kind === "changed" ? images(spec, bBody, r.old_path || r.path) : [];
  const afterImages = images(spec, aBody, r.path);
  r.images = [
    ...afterImages.filter((p) => !beforeImages.includes(p)).map((p) => ({path: p, status: /** @type {"added"} */ ("added"), image: isImage(spec, p)})),
    ...beforeImages.filter((p) => !afterImages.includes(p)).map((p) => ({path: p, status: /** @type {"removed"} */ ("removed"), image: isImage(spec, p)})),
  ];
  r.total = totalChange(spec, bData, aData);
  if (r.kind === "changed" && bData && aData && shape(bData.stage) === shape(aData.stage)) {
    r.stage_before = r.stage_after = null;
  }
  r.format_only = r.kind === "changed" && beforeText !== afterText &&
    !(r.fields.length || r.sections.length || r.images.length || r.total || r.stage_after || r.old_path);
  return r;
}

// ------------------------------------------------------------------ as text

/** @param {string} prefix @param {string} value @param {string} indent */
function valueLines(prefix, value, indent) {
  const rows = value.split("\n");
  return [prefix + rows[0], ...rows.slice(1).map((x) => indent + x)];
}

/**
 * The receipt as plain lines: what `check` prints (core/receipt.py `text`), character for
 * character (the words are the spec's the receipt was made with, or `spec`).
 * @param {Receipt} r @param {any} [spec] @returns {string}
 */
export function receiptText(r, spec) {
  return receiptLines(r, spec || specs.get(r)).join("\n") + "\n";
}

/**
 * Several receipts, one blank line between them (core/receipt.py `texts`); past `limit`
 * characters the rest are counted, not shown.
 * @param {Receipt[]} receipts @param {number|null} [limit] @param {any} [spec]
 * @returns {string}
 */
export function receiptsText(receipts, limit = null, spec) {
  /** @type {string[]} */
  const shown = [];
  let size = 0;
  for (let i = 0; i < receipts.length; i++) {
    const s = spec || specs.get(receipts[i]);
    const one = receiptText(receipts[i], s);
    const length = Array.from(one).length;  // Python counts code points
    if (limit !== null && shown.length && size + length > limit) {
      shown.push(fill(s.receipt.words.truncated, {count: String(receipts.length - i)}) + "\n");
      break;
    }
    shown.push(one);
    size += length + 1;
  }
  return shown.join("\n");
}

/** @param {Receipt} r @param {any} spec @returns {string[]} */
function receiptLines(r, spec) {
  const w = spec.receipt.words;
  const out = [fill(w.file, {path: r.path})];
  if (r.old_path) out.push(fill(w.renamed, {old: r.old_path, new: r.path}));
  if (r.kind === "other") return [...out, fill(w["other_" + r.status], {path: r.path})];
  if (r.kind === "media") return [...out, ...r.media.map((m) => fill(w["media_" + m.status], {path: m.path}))];
  if (r.title !== null) out.push(fill(r.kind === "new" ? w.new : w.project, {title: r.title}));
  for (const p of r.problems) out.push(fill(w["broken_" + p.side], {code: p.code}));
  if (r.kind === "deleted") return [...out, fill(w.deleted, {stage: r.stage_before || w.none})];
  if (r.problems.length) return out;
  if (r.stage_after !== null || r.stage_before !== null) {
    out.push(r.kind === "new" ?
      fill(w.stage_new, {after: r.stage_after || w.none}) :
      fill(w.stage, {before: r.stage_before || w.none, after: r.stage_after || w.none}));
  }
  if (r.fields.length) {
    out.push(r.kind === "new" ? w.fields_new : w.fields);
    for (const f of r.fields) {
      if (r.kind === "new") {
        out.push(...valueLines("  " + fill(w.field_value, {title: f.title, value: ""}), f.after || w.none, "    "));
      } else {
        out.push("  " + fill(w.field, {title: f.title}));
        out.push(...valueLines("    " + fill(w.before, {value: ""}), f.before || w.none, "      "));
        out.push(...valueLines("    " + fill(w.after, {value: ""}), f.after || w.none, "      "));
      }
    }
  }
  if (r.sections.length) {
    out.push(r.kind === "new" ? w.sections_new : w.sections);
    for (const s of r.sections) {
      out.push("  " + fill(w["section_" + s.status], {heading: s.heading}));
      for (const line of s.lines) out.push("    " + lineShown(w, line));
    }
  }
  if (r.images.length) {
    out.push(w.images);
    for (const m of r.images) out.push("  " + fill(w["image_" + m.status], {path: m.path}));
  }
  if (r.total !== null) {
    const t = r.total;
    const verdict = fill(t.reached ? w.reached : w.not_reached, {threshold: String(t.threshold)});
    if (t.before === null && r.kind === "new") {
      out.push(fill(w.total_new, {title: t.title, after: t.after || w.no_total, verdict}));
    } else {
      out.push(fill(w.total, {title: t.title, before: t.before || w.none, after: t.after || w.no_total, verdict}));
    }
  }
  if (r.format_only) out.push(w.format_only);
  return out;
}

// ------------------------------------------------------------------ as elements

/**
 * The receipt as elements for a page (text only through textContent): a `section.sb-receipt`
 * holding its lines as paragraphs and lists; added and removed lines marked with classes
 * (`sb-added`, `sb-removed`) and their words; an image added or removed as a figure with a
 * thumbnail whose address is the file's path in the repository (`data-path`: the page sets
 * `src` to where it can read the file).
 * @param {Receipt} r @param {Document} doc @param {any} [spec] (default: the receipt's own)
 * @returns {DocumentFragment}
 */
export function renderReceipt(r, doc, spec) {
  spec = spec || specs.get(r);
  const w = spec.receipt.words;
  const frag = doc.createDocumentFragment();
  const box = doc.createElement("section");
  box.className = "sb-receipt";
  box.dataset.kind = r.kind;
  frag.appendChild(box);
  /** @param {string} tag @param {string} text @param {string} [cls] @param {Element} [parent] */
  const add = (tag, text, cls, parent) => {
    const el = doc.createElement(tag);
    el.textContent = text;
    if (cls) el.className = cls;
    (parent || box).appendChild(el);
    return el;
  };
  /** @param {MediaChange} m @param {string} text @param {Element} parent */
  const media = (m, text, parent) => {
    const li = add("li", "", "sb-" + m.status, parent);
    if (m.image) {
      const img = doc.createElement("img");
      img.dataset.path = m.path;
      img.alt = text;
      img.className = "sb-thumb";
      li.appendChild(img);
    }
    add("span", text, "", li);
  };
  const lines = receiptLines(r, spec);
  add("h3", lines[0], "sb-receipt-file");
  if (r.kind === "other" || r.kind === "media" || r.kind === "deleted" || r.problems.length) {
    const n = r.kind === "media" ? r.media.length : 0;
    lines.slice(1, lines.length - n).forEach((line) => add("p", line));
    if (n) {
      const list = add("ul", "", "sb-receipt-media");
      r.media.forEach((m, i) => media(m, lines[lines.length - n + i], list));
    }
    return frag;
  }
  if (r.old_path) add("p", fill(w.renamed, {old: r.old_path, new: r.path}));
  if (r.title !== null) add("p", fill(r.kind === "new" ? w.new : w.project, {title: r.title}), "sb-receipt-title");
  if (r.stage_after !== null || r.stage_before !== null) {
    add("p", r.kind === "new" ? fill(w.stage_new, {after: r.stage_after || w.none}) :
      fill(w.stage, {before: r.stage_before || w.none, after: r.stage_after || w.none}), "sb-receipt-stage");
  }
  if (r.fields.length) {
    add("h4", r.kind === "new" ? w.fields_new : w.fields);
    const list = add("dl", "", "sb-receipt-fields");
    for (const f of r.fields) {
      add("dt", fill(w.field, {title: f.title}), "", list);
      if (r.kind !== "new") add("dd", fill(w.before, {value: f.before || w.none}), "sb-removed", list);
      add("dd", r.kind === "new" ? (f.after || w.none) : fill(w.after, {value: f.after || w.none}), "sb-added", list);
    }
  }
  if (r.sections.length) {
    add("h4", r.kind === "new" ? w.sections_new : w.sections);
    for (const s of r.sections) {
      add("p", fill(w["section_" + s.status], {heading: s.heading}), "sb-receipt-section");
      const list = add("ul", "", "sb-receipt-lines");
      for (const line of s.lines) {
        if (line.op === "gap") add("li", line.text, "sb-gap", list);
        else if (line.start === null || line.end === null) add("li", lineShown(w, line), "sb-" + line.op, list);
        else {
          // The line in three parts, the changed phrase in a <mark> (its brackets inside it).
          const chars = Array.from(line.text);
          const [head, tail] = w["line_" + line.op].split("{text}");
          const li = add("li", "", "sb-" + line.op, list);
          add("span", fill(head) + chars.slice(0, line.start).join(""), "", li);
          add("mark", fill(w.phrase, {text: chars.slice(line.start, line.end).join("")}), "sb-phrase", li);
          add("span", chars.slice(line.end).join("") + fill(tail || ""), "", li);
        }
      }
    }
  }
  if (r.images.length) {
    add("h4", w.images);
    const list = add("ul", "", "sb-receipt-media");
    for (const m of r.images) media(m, fill(w["image_" + m.status], {path: m.path}), list);
  }
  const rest = lines.slice(lines.length - (r.total !== null ? 1 : 0) - (r.format_only ? 1 : 0));
  for (const line of rest) add("p", line, "sb-receipt-total");
  return frag;
}
