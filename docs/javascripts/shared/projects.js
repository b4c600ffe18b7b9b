// @ts-check
/**
 * The public projects: the site's open data (api/projects.json), the same file the catalogue
 * reads, so a visitor's browser usually has it already. Read only for what the forms need.
 */

// Relative to this module (the site's javascripts/shared/ folder).
const DATA_URL = new URL("../../api/projects.json", import.meta.url).href;

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
 * One open-data project as the forms use it.
 * @param {any} p
 * @returns {PublicProject}
 */
function record(p) {
  const dates = (p.timeline || []).map((/** @type {any} */ m) => m.date)
    .filter((/** @type {string} */ d) => /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(d)).sort();
  return {
    key: p.id,
    slug: p.id.split("/")[1],
    path: "projects/" + p.id + ".md",
    year: p.year,
    title: p.title,
    branch: p.branch,
    stage: p.stage,
    grant: String(p.grant),
    last_date: dates.length ? dates[dates.length - 1] : null,
    sections: (p.sections || []).map((/** @type {any} */ x) => x.heading),
    dates: Object.fromEntries((p.timeline || []).map((/** @type {any} */ m) => [m.event, m.date])),
    total: typeof p.total === "number" ? p.total : null,
    award_year: p.award && Number.isInteger(p.award.year) ? p.award.year : null,
  };
}

/** @returns {Promise<PublicProject[]>} */
export function loadProjects() {
  return fetch(DATA_URL).then((r) => {
    if (!r.ok) throw new Error(String(r.status));
    return r.json();
  }).then((data) => (data.projects || []).map(record));
}
