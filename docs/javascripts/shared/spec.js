// @ts-check
/**
 * The page's definitions: generated at build time from the schema, the roster, the settings and
 * the programme definition (site_builder/showcase/forms_pages.py), embedded as JSON in
 * <script type="application/json" id="sb-form-spec">.
 */

export const SPEC_ID = "sb-form-spec";

/**
 * The embedded definitions, or null on a page without them.
 * @returns {any}
 */
export function readSpec() {
  const el = document.getElementById(SPEC_ID);
  return el ? JSON.parse(el.textContent || "null") : null;
}

/**
 * A stage's Chinese label, from the programme definition the page embeds (spec.process).
 * @param {any} spec
 * @param {string} id
 * @returns {string}
 */
export function stageLabel(spec, id) {
  const stage = spec.process.stages.find((/** @type {{id: string}} */ s) => s.id === id);
  return stage ? stage.label : id;
}

/**
 * The stage a new application enters (the transition from no stage), from the programme
 * definition the page embeds.
 * @param {any} spec
 * @returns {string}
 */
export function applicationStage(spec) {
  const t = spec.process.transitions.find((/** @type {{source: string | null}} */ x) => x.source === null);
  return t ? String(t.target) : "";
}
