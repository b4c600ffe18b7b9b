// @ts-check
/**
 * A form's draft on the page: saved as the person types (shared/storage.js: on the device only),
 * restored on return (Back, reload, a new visit) with a note saying so, a 清空草稿 button (after a
 * confirmation), and the browser's "leave this page?" question while something typed has not yet
 * been copied or submitted. Controls are kept by id; those in a list of rows (an id ending in
 * `-rows`: expenses, reviewers) by list, row and name, the page recreating the rows first.
 */

import {draftKey, lastKey, loadDraft, removeDraft, saveDraft} from "./storage.js";

/** @typedef {import("./storage.js").Draft} Draft */

/**
 * @typedef {{
 *   name: string,
 *   skip?: string[],
 *   rows?: Record<string, (n: number) => void>,
 *   blank?: () => void,
 *   project?: string | null,
 * }} Options
 *   name: the form's name in the key; skip: ids not kept (the project picker: it is the key);
 *   rows: for each list of rows, how to make it n rows long; blank: the page's defaults (today's
 *   date ...), applied after a clear or a switch to a project without a draft.
 */

/**
 * @param {number} ms
 * @returns {string}
 */
function when(ms) {
  const d = new Date(ms);
  const two = (/** @type {number} */ n) => (n < 10 ? "0" : "") + n;
  return (d.getMonth() + 1) + "月" + d.getDate() + "日 " + two(d.getHours()) + ":" + two(d.getMinutes());
}

export class FormDraft {
  /**
   * @param {HTMLFormElement} form
   * @param {Options} options
   */
  constructor(form, options) {
    this.form = form;
    this.options = options;
    this.key = draftKey(options.name, options.project || null);
    this.restoring = false;
    this.dirty = false;
    const bar = document.createElement("div");
    bar.className = "sb-draft";
    this.note = document.createElement("p");
    this.note.className = "sb-draft-note";
    this.note.setAttribute("role", "status");
    this.note.textContent = "填写的内容会自动保存在本设备的浏览器中（不会发送到任何地方），离开后回来可以接着填。";
    this.clear = document.createElement("button");
    this.clear.type = "button";
    this.clear.className = "md-button sb-draft-clear";
    this.clear.textContent = "清空草稿";
    bar.appendChild(this.note);
    bar.appendChild(this.clear);
    form.parentNode.insertBefore(bar, form);
    this.bar = bar;
    this.clear.addEventListener("click", () => this.clearAll());
    const skip = new Set(options.skip || []);
    const save = (/** @type {Event} */ event) => {
      if (this.restoring || skip.has(/** @type {Element} */ (event.target).id)) return;
      if (/** @type {Element} */ (event.target).classList.contains("sb-picker")) return;
      this.dirty = true;
      this.save();
    };
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    // Leaving for another page of this site loses nothing (the draft is back on return); closing
    // the tab or going elsewhere with text not yet copied or submitted is asked first.
    let inSite = false;
    document.addEventListener("click", (event) => {
      const a = /** @type {Element} */ (event.target).closest && /** @type {Element} */ (event.target).closest("a[href]");
      inSite = !!(a && /** @type {HTMLAnchorElement} */ (a).origin === location.origin && !/** @type {HTMLAnchorElement} */ (a).target);
    }, true);
    window.addEventListener("beforeunload", (event) => {
      if (!this.dirty || inSite) {
        inSite = false;
        return;
      }
      event.preventDefault();
      event.returnValue = "";
    });
    window.addEventListener("pageshow", (event) => {
      if (event.persisted) this.shown(loadDraft(this.key));
    });
  }

  /** The controls kept: every field of the form with an id or in a list of rows. */
  controls() {
    const skip = new Set(this.options.skip || []);
    /** @type {[string, HTMLInputElement][]} */
    const out = [];
    Array.prototype.forEach.call(this.form.elements, (/** @type {HTMLInputElement} */ el) => {
      if (!("value" in el) || el.type === "button" || el.type === "submit" || el.readOnly) return;
      if (el.classList.contains("sb-picker") || skip.has(el.id)) return;
      const list = el.closest("[id$='-rows']");
      if (list) {
        const row = Array.prototype.indexOf.call(list.children, el.closest("#" + CSS.escape(list.id) + " > *"));
        out.push([list.id + "/" + row + "/" + el.name, el]);
      } else if (el.id) {
        out.push([el.id, el]);
      }
    });
    return out;
  }

  /** @returns {Draft} */
  collect() {
    /** @type {Record<string, string>} */
    const values = {};
    for (const [key, el] of this.controls()) values[key] = el.value;
    /** @type {Record<string, number>} */
    const rows = {};
    for (const name of Object.keys(this.options.rows || {})) {
      const list = document.getElementById(name);
      if (list) rows[name] = list.children.length;
    }
    return {saved: Date.now(), values, rows};
  }

  /** Keep what the form holds now. */
  save() {
    saveDraft(this.key, {...this.collect(), done: !this.dirty});
  }

  /** The text was copied or submitted: nothing left to lose. */
  done() {
    this.dirty = false;
    this.save();
  }

  /**
   * Put a saved draft back into the form (selects first, each announcing its change, so that the
   * controls they fill exist before their own values come).
   * @param {Draft} draft
   */
  apply(draft) {
    this.restoring = true;
    try {
      for (const [name, n] of Object.entries(draft.rows || {})) {
        const make = (this.options.rows || {})[name];
        if (make) make(n);
      }
      const pending = Object.entries(draft.values);
      for (let round = 0; round < 3 && pending.length; round++) {
        const controls = new Map(this.controls());
        for (let i = 0; i < pending.length; i++) {
          const [key, val] = pending[i];
          const el = controls.get(key);
          if (!el) continue;
          pending.splice(i--, 1);
          if (el.value === val) continue;
          el.value = val;
          el.dispatchEvent(new Event(el.tagName === "SELECT" ? "change" : "input", {bubbles: true}));
        }
      }
    } finally {
      this.restoring = false;
    }
  }

  /**
   * Say that a draft is back (or what the bar is for).
   * @param {Draft|null} draft
   */
  shown(draft) {
    this.bar.classList.toggle("sb-restored", !!draft);
    this.note.textContent = draft ? "已恢复 " + when(draft.saved) + " 保存的草稿。不需要时可以点“清空草稿”。" :
      "填写的内容会自动保存在本设备的浏览器中（不会发送到任何地方），离开后回来可以接着填。";
  }

  /**
   * Restore the draft under the current key, if any; true when one came back.
   * @returns {boolean}
   */
  restore() {
    const draft = loadDraft(this.key);
    if (draft) this.apply(draft);
    this.shown(draft);
    return !!draft;
  }

  /**
   * Another project (its own draft): empty the form, then restore that project's draft.
   * @param {string|null} project
   */
  switchTo(project) {
    const key = draftKey(this.options.name, project);
    if (key === this.key) return;
    this.key = key;
    this.dirty = false;
    this.blank();
    this.restore();
  }

  /**
   * The form is now about `project` (a project file named in a box): that project's draft comes
   * back if it has one; else what is typed so far is kept as its draft (the draft without a
   * project is then forgotten). The project is remembered as the form's last (see `last`).
   * @param {string} project
   */
  rekey(project) {
    const key = draftKey(this.options.name, project);
    saveDraft(lastKey(this.options.name), {saved: 0, values: {}, rows: {}, project});
    if (key === this.key) return;
    if (loadDraft(key)) {
      this.switchTo(project);
      return;
    }
    const before = this.key;
    this.key = key;
    this.save();
    if (before === draftKey(this.options.name, "-")) removeDraft(before);
  }

  /**
   * The project the form was last about (rekey), or null.
   * @returns {string|null}
   */
  last() {
    const pointer = loadDraft(lastKey(this.options.name));
    return pointer && typeof pointer.project === "string" ? pointer.project : null;
  }

  /** Empty every kept control and apply the page's defaults. */
  blank() {
    this.restoring = true;
    try {
      for (const [name] of Object.entries(this.options.rows || {})) {
        const make = (this.options.rows || {})[name];
        make(1);
      }
      for (const [, el] of this.controls()) {
        if (el.tagName === "SELECT") {
          const select = /** @type {HTMLSelectElement} */ (/** @type {unknown} */ (el));
          const chosen = Array.prototype.find.call(select.options, (/** @type {HTMLOptionElement} */ o) => o.defaultSelected);
          el.value = chosen ? chosen.value : (select.options[0] ? select.options[0].value : "");
          el.dispatchEvent(new Event("change", {bubbles: true}));
        } else {
          el.value = "";
          el.dispatchEvent(new Event("input", {bubbles: true}));
        }
      }
      if (this.options.blank) this.options.blank();
    } finally {
      this.restoring = false;
    }
  }

  /** 清空草稿: after a confirmation, forget the draft and empty the form. */
  clearAll() {
    if (!window.confirm("清空本表格中已填写的内容和保存的草稿？清空后不能恢复。")) return;
    removeDraft(this.key);
    this.dirty = false;
    this.blank();
    removeDraft(this.key);
    this.shown(null);
    this.note.textContent = "草稿已清空。";
  }
}
