// @ts-check
/**
 * The messages of one form: each field's line under it, the status line above the result, and
 * when they show (a field once touched; all of them after a refused copy or submit).
 */

/** @typedef {import("./rules.js").Diagnostic} Diagnostic */

/**
 * Where a form shows a finding of shared/rules.js (the one place the validator's field paths
 * meet the forms' field keys): at the field of its dotted path (`approval.grant`), at the list a
 * row belongs to (`expenses.1.amount` -> `expenses`), at the field a form asks it under
 * (`aliases`: `{year: "applied_on"}`, the year being the date's; `{PR303: "duration_reason"}`, a
 * finding that asks for another field, by code), else at `otherwise` (the body, a file name).
 * @param {Diagnostic} d
 * @param {Record<string, string>} [aliases]
 * @param {string} [otherwise]
 * @returns {string}
 */
export function fieldKey(d, aliases = {}, otherwise = "") {
  if (Object.hasOwn(aliases, d.code)) return aliases[d.code];
  if (d.path === null) return otherwise;
  const parts = d.path.split(".");
  const row = parts.findIndex((p) => /^\d+$/.test(p));
  const key = row < 0 ? d.path : parts.slice(0, row).join(".");
  return Object.hasOwn(aliases, key) ? aliases[key] : key;
}

/**
 * The row of a list a finding is in (`expenses.1.amount` -> 1), or null.
 * @param {Diagnostic} d
 * @returns {number | null}
 */
export function rowOf(d) {
  const part = (d.path || "").split(".").find((p) => /^\d+$/.test(p));
  return part === undefined ? null : Number(part);
}

/**
 * Findings grouped by the form field they are shown at (fieldKey).
 * @param {Diagnostic[]} found
 * @param {Record<string, string>} [aliases]
 * @param {string} [otherwise]
 * @returns {Record<string, Diagnostic[]>}
 */
export function byField(found, aliases = {}, otherwise = "") {
  /** @type {Record<string, Diagnostic[]>} */
  const out = {};
  for (const d of found) {
    const key = fieldKey(d, aliases, otherwise);
    (out[key] = out[key] || []).push(d);
  }
  return out;
}

/**
 * The first error's message among `found`, or null.
 * @param {Diagnostic[]} found
 * @returns {string | null}
 */
export function firstError(found) {
  const d = found.find((x) => x.severity === "error");
  return d ? d.message : null;
}

export class Messages {
  constructor() {
    /** @type {{key: string, text: string}[]} */
    this.problems = [];
    /** @type {{key: string, text: string}[]} */
    this.warnings = [];
    /** @type {Record<string, boolean>} */
    this.touched = {};
    this.all = false;
  }

  /** Forget the last round's problems (call at the start of each check). */
  reset() {
    this.problems = [];
    this.warnings = [];
  }

  /**
   * Show or clear the message of one field; problems count whether shown yet or not.
   * @param {string} key the field (its message is #f-<key>-msg)
   * @param {string|null} problem
   * @param {string|null} [warning]
   */
  set(key, problem, warning) {
    const box = document.getElementById("f-" + key + "-msg");
    const field = box ? box.closest(".sb-field") : null;
    if (problem) this.problems.push({key, text: problem});
    if (warning) this.warnings.push({key, text: warning});
    if (!box || !field) return;
    const shown = this.all || this.touched[key];
    box.textContent = problem && shown ? problem : (warning || "");
    field.classList.toggle("sb-error", !!(problem && shown));
    field.classList.toggle("sb-warn", !(problem && shown) && !!warning);
    // Screen readers hear the control is wrong (its message describes it: aria-describedby).
    const control = document.getElementById("f-" + key);
    if (control && problem && shown) control.setAttribute("aria-invalid", "true");
    else if (control) control.removeAttribute("aria-invalid");
  }

  /**
   * Show the first error and the first warning among `found` for one field.
   * @param {string} key
   * @param {Diagnostic[]} found
   */
  report(key, found) {
    const error = found.find((d) => d.severity === "error");
    const warning = found.find((d) => d.severity === "warning");
    this.set(key, error ? error.message : null, warning ? warning.message : null);
  }

  /**
   * A problem that belongs to no single field's line (rows, the file as a whole).
   * @param {string} key
   * @param {string} text
   */
  add(key, text) {
    this.problems.push({key, text});
  }
}

/**
 * Check again on every input, change and leaving of a field; never submit.
 * @param {HTMLFormElement} form
 * @param {Messages} messages
 * @param {() => void} update
 */
export function touchOn(form, messages, update) {
  form.addEventListener("submit", (event) => event.preventDefault());
  /** @param {Event} event */
  function touch(event) {
    const target = /** @type {HTMLInputElement} */ (event.target);
    const name = target.dataset.key || target.name;
    if (name) messages.touched[name] = true;
    update();
  }
  form.addEventListener("input", touch);
  form.addEventListener("change", touch);
  form.addEventListener("focusout", touch);
}

/**
 * The status line: ready, or how many places still need work and which.
 * @param {HTMLElement|null} el
 * @param {Messages} messages
 * @param {string} okText
 */
export function status(el, messages, okText) {
  if (!el) return;
  const n = messages.problems.length;
  el.classList.toggle("sb-bad", n > 0);
  el.classList.toggle("sb-good", n === 0);
  if (n === 0) {
    el.textContent = okText;
    return;
  }
  const shown = [...new Set(messages.problems.map((p) => nameOf(p.key) || p.text.replace(/[。；，\s]+$/, "")))];
  const more = shown.length > 5;
  shown.length = Math.min(shown.length, 5);
  // Field names are listed with 、; a sentence (no field to name) stands apart, never glued.
  const sentences = shown.some((t) => /[。；，：]/.test(t));
  el.textContent = "还有 " + n + " 处需要填写或改正：" + shown.join(sentences ? "；" : "、") + (more ? " 等" : "") + "。";
}

/**
 * The name of the field `key` as the form shows it (its label, a list's caption), or "".
 * @param {string} key
 * @returns {string}
 */
function nameOf(key) {
  const label = document.querySelector('label[for="f-' + CSS.escape(key) + '"]');
  // A box in a row names itself (`data-name`: 评委 2 的完整性), else the field's label.
  if (label instanceof HTMLElement && label.dataset.name) return label.dataset.name;
  if (label && label.firstChild && label.firstChild.textContent) return label.firstChild.textContent.trim();
  const box = document.getElementById(key) || document.querySelector('[data-field="' + CSS.escape(key) + '"]');
  const caption = box && box.querySelector(".sb-label, legend");
  return caption && caption.textContent ? caption.textContent.trim() : "";
}

/**
 * The control a problem of `key` is shown at: the field itself, else the first control of a row
 * marked wrong in its list, else the list's first control.
 * @param {string} key
 * @returns {HTMLElement|null}
 */
function controlOf(key) {
  const field = document.getElementById("f-" + key);
  if (field && field.offsetParent !== null) return field;
  const box = document.getElementById(key) || document.querySelector('[data-field="' + CSS.escape(key) + '"]');
  const rows = Array.from(document.querySelectorAll('[data-key="' + CSS.escape(key) + '"]'));
  const wrong = rows.find((el) => el.closest(".sb-error") && !(/** @type {HTMLInputElement} */ (el)).value) ||
    rows.find((el) => el.closest(".sb-error"));
  const first = box && box.querySelector("input, select, textarea");
  return /** @type {HTMLElement|null} */ (wrong || rows[0] || first || field);
}

/**
 * A copy or submit asked for while problems remain: show them all and go to the first.
 * @param {Messages} messages
 * @param {HTMLElement|null} statusEl
 * @param {HTMLElement|null} noteEl
 * @param {() => void} update
 */
export function refuse(messages, statusEl, noteEl, update) {
  messages.all = true;
  update();
  if (noteEl) noteEl.textContent = "请先改正上面标出的问题，再复制或提交。";
  const first = messages.problems[0];
  const field = first ? controlOf(first.key) : null;
  // Focus the first problem and bring it (with its message) into view, not the status line.
  if (field) {
    field.focus({preventScroll: true});
    const at = field.closest(".sb-field, .sb-row, .sb-reviewer, .sb-expenses") || field;
    at.scrollIntoView({block: "center"});
  } else if (statusEl) {
    statusEl.scrollIntoView({block: "nearest"});
  }
}

/**
 * A finding's message shown right under its own box: the field it names is the box itself, so
 * the leading field (`acceptance.scores[1].process（验收评审·评分·过程性、系统性） 为 21 分…`)
 * becomes 本项 (`本项为 21 分…`). A message that starts otherwise is shown as it is.
 * @param {string} text
 * @returns {string}
 */
export function inBox(text) {
  return text.replace(/^[A-Za-z0-9_.[\]]+（[^）]*）\s*/, "本项");
}
