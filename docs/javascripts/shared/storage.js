// @ts-check
/**
 * Drafts kept in the visitor's browser. A placeholder: nothing is stored yet, and no page calls
 * it yet; the change of the forms that adds drafts fills it in (keyed by form, in localStorage,
 * never sent anywhere).
 */

/**
 * The saved draft of a form, or null.
 * @param {string} form
 * @returns {Record<string, string> | null}
 */
export function loadDraft(form) {
  void form;
  return null;
}

/**
 * Keep a form's values (not yet: does nothing).
 * @param {string} form
 * @param {Record<string, string>} values
 */
export function saveDraft(form, values) {
  void form;
  void values;
}
