// @ts-check
/**
 * The public projects the forms pick from, from the site's slim index (api/slim/, built by
 * site_builder/showcase/slim.py): only the fields the forms show, and by default only the
 * projects something can still be filed for (api/slim/open.json: every project still moving, the
 * newest two programme years, the newest two award years' awards; held by column). `{all: true}`
 * reads every year. The whole public data stays at api/projects.json for others to reuse.
 */

// Relative to this module (the site's javascripts/shared/ folder).
const SLIM_URL = new URL("../../api/slim/", import.meta.url).href;

/**
 * @typedef {object} PublicProject
 * @property {string} key `<year>/<slug>`
 * @property {string} slug
 * @property {string} path `projects/<year>/<slug>.md`
 * @property {number} year
 * @property {string} title
 * @property {string} branch the branch's name
 * @property {string} stage
 * @property {string} grant
 * @property {string|null} last_date the newest date of its timeline
 * @property {string[]} sections the headings of its body
 * @property {Record<string, string>} dates each timeline event's date (`{accepted: "2027-05-20"}`)
 * @property {number|null} total the acceptance's total score, when public
 * @property {number|null} award_year the award's (or nomination's) year
 */

/**
 * One slim-index project as the forms use it.
 * @param {any} p
 * @returns {PublicProject}
 */
function record(p) {
  const dates = /** @type {Record<string, string>} */ (p.dates || {});
  const days = Object.values(dates).filter((d) => /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(d)).sort();
  return {
    key: p.id,
    slug: p.id.split("/")[1],
    path: "projects/" + p.id + ".md",
    year: p.year,
    title: p.title,
    branch: p.branch,
    stage: p.stage,
    grant: String(p.grant),
    last_date: days.length ? days[days.length - 1] : null,
    sections: (p.sections || []).slice(),
    dates: {...dates},
    total: typeof p.total === "number" ? p.total : null,
    award_year: Number.isInteger(p.award_year) ? p.award_year : null,
  };
}

/**
 * Records from a file held by column (open.json: each field's values in the projects' order).
 * @param {Record<string, any[]>} columns
 * @returns {Record<string, any>[]}
 */
function rows(columns) {
  const fields = Object.keys(columns);
  const count = fields.length ? columns[fields[0]].length : 0;
  /** @type {Record<string, any>[]} */
  const out = [];
  for (let i = 0; i < count; i++) {
    /** @type {Record<string, any>} */
    const row = {};
    for (const field of fields) row[field] = columns[field][i];
    out.push(row);
  }
  return out;
}

/** @param {string} file relative to api/slim/ */
function readSlim(file) {
  return fetch(new URL(file, SLIM_URL).href).then((r) => {
    if (!r.ok) throw new Error(String(r.status));
    return r.json();
  });
}

/**
 * The names of the projects `loadProjects()` lists, alone (api/slim/names.json): what the
 * application form needs to keep a new project's name free.
 * @returns {Promise<{key: string, slug: string, title: string}[]>}
 */
export function loadNames() {
  return readSlim("names.json").then((data) => (data.names || []).map((/** @type {[string, string]} */ [key, title]) => ({
    key, slug: key.split("/")[1], title,
  })));
}

/**
 * @param {{all?: boolean}} [options] `all`: every public project, not only the open ones
 * @returns {Promise<PublicProject[]>}
 */
export function loadProjects(options) {
  if (!(options && options.all)) {
    return readSlim("open.json").then((data) => rows(data.columns || {}).map(record));
  }
  return readSlim("index.json")
    .then((index) => Promise.all((index.years || []).map((/** @type {any} */ y) => readSlim(y.file))))
    .then((parts) => parts.flatMap((part) => (part.projects || []).map(record)));
}
