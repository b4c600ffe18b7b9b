// @ts-check
/**
 * Drafts kept in the visitor's browser (localStorage) and nowhere else: no request ever carries
 * one. A draft's key names the form and, where a form is about one project, the project, so that
 * several drafts coexist (`sb-draft:update:2026/eng-teachers-2026-01`). A browser that keeps
 * nothing (private mode, storage full or refused) simply has no drafts.
 */

const PREFIX = "sb-draft:";

/**
 * @typedef {{saved: number, values: Record<string, string>, rows: Record<string, number>,
 *   done?: boolean, project?: string}} Draft
 */

/**
 * The key of a form's draft.
 * @param {string} form apply | update | panel-approval ...
 * @param {string|null} [project]
 * @returns {string}
 */
export function draftKey(form, project) {
  return PREFIX + form + (project ? ":" + project : "");
}

/**
 * The key under which a form remembers the project it was last about (`project` only).
 * @param {string} form
 * @returns {string}
 */
export function lastKey(form) {
  return PREFIX + form + "@last";
}

/** @returns {Storage|null} */
function store() {
  try {
    return window.localStorage;
  } catch (e) {
    return null;
  }
}

/**
 * The saved draft under `key`, or null (none, or not one this module wrote).
 * @param {string} key
 * @returns {Draft|null}
 */
export function loadDraft(key) {
  const s = store();
  if (!s) return null;
  try {
    const d = JSON.parse(s.getItem(key) || "null");
    if (!d || typeof d !== "object" || typeof d.values !== "object" || d.values === null) return null;
    return {saved: Number(d.saved) || 0, values: d.values, rows: d.rows || {}, done: !!d.done, project: d.project};
  } catch (e) {
    return null;
  }
}

/**
 * Keep a draft under `key` (stamped with the time); false when the browser refused.
 * @param {string} key
 * @param {Draft} draft
 * @returns {boolean}
 */
export function saveDraft(key, draft) {
  const s = store();
  if (!s) return false;
  try {
    s.setItem(key, JSON.stringify({...draft, saved: Date.now()}));
    return true;
  } catch (e) {
    return false;
  }
}

/**
 * Forget the draft under `key`.
 * @param {string} key
 */
export function removeDraft(key) {
  const s = store();
  if (s) {
    try {
      s.removeItem(key);
    } catch (e) {
      // nothing kept, nothing to forget
    }
  }
}
