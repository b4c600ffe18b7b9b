// @ts-check
/**
 * What will be submitted, in words: each field under its Chinese title from the schema (the one
 * SchemaInfo reads, embedded in the page's spec), a choice by its label, a list joined with 、.
 * The file's text itself stays in a closed 查看文件内容 section under it.
 */

import {fieldNode} from "./rules.js";

/**
 * A value as a person reads it: a choice's label, a list joined, a number or text as typed.
 * @param {any} spec @param {(string|number)[]} path @param {any} v @returns {string}
 */
function shown(spec, path, v) {
  const labels = fieldNode(spec, path)["x-labels"] || {};
  if (typeof v === "string" && Object.hasOwn(labels, v)) return labels[v];
  if (Array.isArray(v)) return v.map((x) => shown(spec, [...path, 0], x)).join("\u3001");
  return String(v);
}

/**
 * Show `data` (part of a project file: `{approval: {...}}`) in `el` as a list of titles and
 * values. A list of records is counted (`counts[key]`: its unit, `{scores: "位评委"}`); a value
 * in `skip` is left out (reviewers' scores, say).
 * @param {any} spec
 * @param {HTMLElement|null} el
 * @param {Record<string, any> | null} data null: nothing to show yet
 * @param {{counts?: Record<string, string>, skip?: string[], sections?: [string, string][]}} [options]
 *   `sections`: the body's sections, heading and text, shown after the fields
 */
export function showSummary(spec, el, data, options = {}) {
  if (!el) return;
  while (el.firstChild) el.removeChild(el.firstChild);
  if (!data) return;
  const counts = options.counts || {}, skip = options.skip || [];
  const list = document.createElement("dl");
  list.className = "sb-summary-list";
  /** @param {(string|number)[]} path @param {any} v */
  function add(path, v) {
    const key = String(path[path.length - 1]);
    if (v === undefined || v === null || v === "" || skip.indexOf(key) >= 0) return;
    const title = fieldNode(spec, path).title || key;
    if (v && typeof v === "object" && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) add([...path, k], x);
      return;
    }
    const dt = document.createElement("dt");
    const parent = path.length > 1 ? fieldNode(spec, path.slice(0, 1)).title : "";
    dt.textContent = parent && parent !== title ? parent + "\u00b7" + title : title;
    const dd = document.createElement("dd");
    dd.textContent = Array.isArray(v) && v.length && typeof v[0] === "object" ?
      "\u5171 " + v.length + " " + (counts[key] || "\u6761") : shown(spec, path, v);
    list.appendChild(dt);
    list.appendChild(dd);
  }
  for (const [k, v] of Object.entries(data)) add([k], v);
  for (const [heading, text] of options.sections || []) {
    const dt = document.createElement("dt");
    dt.textContent = heading;
    const dd = document.createElement("dd");
    dd.textContent = text;
    list.appendChild(dt);
    list.appendChild(dd);
  }
  const caption = document.createElement("p");
  caption.className = "sb-summary-title";
  caption.textContent = "\u5c06\u8981\u63d0\u4ea4\u7684\u5185\u5bb9";
  el.appendChild(caption);
  el.appendChild(list);
}
