// @ts-check
/**
 * What a person types, as the value the written file will hold once the loader reads it back, so
 * that shared/rules.js judges exactly what the file will say. One job: read what people type (no
 * check is made here). The common Chinese ways of writing a date, an amount or a number are
 * understood and converted; a page shows the result back (`understood`: 已识别为 2026-05-08).
 *
 *   text("  先锋岗 ")   -> "先锋岗"       (trimmed; line breaks as the file stores them)
 *   text("")           -> undefined      (an empty box: the field is left out of the file)
 *   list(spec, "甲，乙\n丙") -> ["甲", "乙", "丙"]  (the rule pack's name separators)
 *   number(spec, "18") -> 18             (a number box is written unquoted: the loader's integer)
 *   number(spec, "２０") -> 20           (full-width digits are digits)
 *   number(spec, "185.50") -> "185.50"   (any other plain value stays text, as the loader reads it)
 *   date("2026年5月8日") -> "2026-05-08"  (also 2026/5/8, 2026-5-8, 2026.5.8, full-width forms)
 *   amount(spec, "1,386.5元") -> "1386.5" (yuan signs, thousands commas, full-width digits)
 *   names(spec, "赵强 刘洋") -> {items: ["赵强", "刘洋"], split: ["赵强 刘洋"]}
 *   projectFile("eng-students-2026-01") -> {path: "projects/2026/eng-students-2026-01.md", ...}
 */

import { clean } from "./text.js";

/**
 * @param {string} typed
 * @returns {string | undefined}
 */
export function text(typed) {
  const t = clean(typed).trim();
  return t === "" ? undefined : t;
}

/**
 * Full-width digits, signs and spaces as their ASCII forms (only where a number or date is meant:
 * the characters of the other text stay as typed).
 * @param {string} typed
 * @returns {string}
 */
export function halfWidth(typed) {
  return typed
    .replace(/[\uff10-\uff19\uff0b\uff0c\uff0d\uff0e\uff0f]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u3000\u00a0]/g, " ")
    .replace(/[\u2010-\u2015\u2212]/g, "-");
}

/**
 * The items of a list typed one a line or with the separators the name rule knows (PR311's).
 * @param {any} spec the page's spec (its rule pack)
 * @param {string} typed
 * @returns {string[] | undefined} undefined for no item (an empty list is left out of the file)
 */
export function list(spec, typed) {
  const chars = Object.keys(spec.pack.names.separators).join("").replace(/[\]\\^-]/g, "\\$&");
  const items = clean(typed).split(new RegExp("[\\n" + chars + "]+")).map((s) => s.trim()).filter(Boolean);
  return items.length ? items : undefined;
}

/**
 * A list of people: as `list`, and an item that is several Chinese names with spaces between
 * (`赵强 刘洋`, the rule pack's PR314 pattern) split into them. `split`: the items split so.
 * @param {any} spec
 * @param {string} typed
 * @returns {{items: string[] | undefined, split: string[]}}
 */
export function names(spec, typed) {
  const items = list(spec, typed);
  const p = spec.pack.names.patterns.several;
  const several = new RegExp("^(?:" + p.source + ")$", p.flags);
  const spaces = new RegExp(spec.pack.names.patterns.spaces.source, "gu");
  /** @type {string[]} */
  const split = [];
  const out = (items || []).flatMap((x) => {
    if (!several.test(x)) return [x];
    split.push(x);
    return x.split(spaces);
  });
  return {items: items && out, split};
}

/**
 * A value written without quotes (a number box), typed as the loader types a plain scalar: its
 * integers, its few words (true, null ...), else the text itself. Full-width digits count.
 * @param {any} spec
 * @param {string} typed
 * @returns {number | string | boolean | null | undefined}
 */
export function number(spec, typed) {
  let t = text(typed);
  if (t === undefined) return undefined;
  const form = spec.pack.form;
  if (Object.hasOwn(form.plain, t)) return form.plain[t];
  const half = halfWidth(t).trim();
  if (/^[+-]?[0-9.]+$/.test(half)) t = half;
  const int = form.patterns.int;
  if (new RegExp(`^(?:${int.source})$`, int.flags).test(t)) return Number(t);
  return t;
}

/**
 * An amount of money as the file writes it: `386.5元`, `￥1,000`, `１０００` -> "386.5", "1000",
 * "1000" (then read as `number` reads it). Anything else stays as typed, for the rules to judge.
 * @param {any} spec
 * @param {string} typed
 * @returns {number | string | boolean | null | undefined}
 */
export function amount(spec, typed) {
  const t = text(typed);
  if (t === undefined) return undefined;
  let half = halfWidth(t).replace(/\s+/g, "").replace(/^[¥￥]/, "").replace(/(?:元|圆|块)(?:整)?$/, "");
  if (/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(half)) half = half.replace(/,/g, "");
  return number(spec, /^\d+(?:\.\d+)?$/.test(half) ? half : t);
}

/**
 * A date as YYYY-MM-DD: `2026/5/8`, `2026年5月8日`, `2026-5-8`, `2026.5.8` and full-width forms.
 * What is not a year, month and day stays as typed (the rules say what is wrong with it).
 * @param {string} typed
 * @returns {string | undefined}
 */
export function date(typed) {
  const t = text(typed);
  if (t === undefined) return undefined;
  const half = halfWidth(t).replace(/\s+/g, "");
  const m = /^(\d{4})(?:[-/.]|年)(\d{1,2})(?:[-/.]|月)(\d{1,2})(?:日|号)?$/.exec(half);
  if (!m) return t;
  const [y, mo, d] = [m[1], Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return t;
  return y + "-" + (mo < 10 ? "0" : "") + mo + "-" + (d < 10 ? "0" : "") + d;
}

/**
 * What to show back when a value was read differently from how it was typed, or "".
 * @param {string} typed
 * @param {any} value
 * @returns {string}
 */
export function understood(typed, value) {
  const t = text(typed);
  if (t === undefined || value === undefined || String(value) === t) return "";
  return "已识别为 " + String(value);
}

/**
 * A project's file as people name it: `eng-students-2026-01`, with or without `.md`, with its
 * year folder (`2026/…`) or the whole path (`projects/2026/….md`); the year, when not written,
 * is the one in the name (`…-2026-…`). Whether the path may stand is rules.js checkPath's to say.
 * @param {string} typed
 * @returns {{path: string | null, slug: string}} path null: no year was written or found
 */
export function projectFile(typed) {
  let t = clean(typed).trim().replace(/\\/g, "/").replace(/^\/+/, "").replace(/^projects\//, "");
  t = t.replace(/\.md$/i, "");
  const withYear = /^([0-9]{4})\/(.+)$/.exec(t);
  const slug = withYear ? withYear[2] : t;
  const inName = /(?:^|-)([0-9]{4})(?:-|$)/.exec(slug);
  const year = withYear ? withYear[1] : inName ? inName[1] : null;
  return {path: year ? "projects/" + year + "/" + slug + ".md" : null, slug};
}
