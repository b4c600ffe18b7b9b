// @ts-check
/**
 * What a person types, as the value the written file will hold once the loader reads it back, so
 * that shared/rules.js judges exactly what the file will say. One job: no check is made here.
 *
 *   text("  先锋岗 ")   -> "先锋岗"       (trimmed; line breaks as the file stores them)
 *   text("")           -> undefined      (an empty box: the field is left out of the file)
 *   list(spec, "甲，乙\n丙") -> ["甲", "乙", "丙"]  (the rule pack's name separators)
 *   number(spec, "18") -> 18             (a number box is written unquoted: the loader's integer)
 *   number(spec, "185.50") -> "185.50"   (any other plain value stays text, as the loader reads it)
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
 * A value written without quotes (a number box), typed as the loader types a plain scalar: its
 * integers, its few words (true, null ...), else the text itself.
 * @param {any} spec
 * @param {string} typed
 * @returns {number | string | boolean | null | undefined}
 */
export function number(spec, typed) {
  const t = text(typed);
  if (t === undefined) return undefined;
  const form = spec.pack.form;
  if (Object.hasOwn(form.plain, t)) return form.plain[t];
  const int = form.patterns.int;
  if (new RegExp(`^(?:${int.source})$`, int.flags).test(t)) return Number(t);
  return t;
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
