// @ts-check
/**
 * A failed check's messages (shared/check-results.js) on a form: each beside the field it
 * concerns (the diagnostic's field, else the file's line placed by projectfile.js `placeOf`), the
 * rest in `list`. Used by /update/?pull=N and /apply/?pull=N.
 */

import {empty} from "./dom.js";
import {placeOf} from "./projectfile.js";

/**
 * @param {import("./check-results.js").Finding[]} findings
 * @param {string} text the file the check judged (to place a line)
 * @param {HTMLElement} list where a message at no field of the form goes
 * @param {Record<string, string>} [aliases] a field the form asks under another name (year: the date)
 */
export function markFindings(findings, text, list, aliases = {}) {
  document.querySelectorAll(".sb-check").forEach((el) => el.remove());
  empty(list);
  for (const f of findings) {
    const placed = f.field || placeOf(text, f.line);
    const key = aliases[placed] || placed;
    const words = "自动检查" + (f.severity === "error" ? "未通过" : "提醒") + "（" + f.code + "）：" + f.message;
    const row = /^expenses\.(\d+)/.exec(key);
    const rows = document.getElementById("expense-rows");
    /** @type {Element | null} */
    let at = null;
    if (row) at = rows ? rows.children[Number(row[1])] || null : null;
    else if (key) {
      const box = document.getElementById("f-" + key) || document.getElementById("f-" + key.split(".")[0]);
      at = box ? box.closest(".sb-field") : null;
    }
    const p = document.createElement(at ? "p" : "li");
    p.className = at ? "sb-msg sb-check" : "sb-check";
    p.textContent = words;
    if (at) at.appendChild(p);
    else list.appendChild(p);
  }
}
