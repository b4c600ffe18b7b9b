// @ts-check
/**
 * The projects a signed-in person may edit, read from the repository through GitHub's API (the
 * project picker's list, shared/picker.js, which loads this module only for a signed-in person):
 * every projects/<year>/<slug>.md of the default branch, any stage, limited by the roster.
 */

import {foldersOf} from "./media-names.js";
import {readProject} from "./projectfile.js";
import {parseRoster} from "./roster.js";

/** @typedef {import("./projects.js").PublicProject} PublicProject */
/**
 * A project as the forms use it; from the repository also its file (text, blob sha, data) and
 * the names in its media folder.
 * @typedef {PublicProject & {branch_id?: string, sha?: string, text?: string, data?: Record<string, any>,
 *   media?: string[]}} Project
 */

const FILE = /^projects\/([0-9]{4})\/([^/]+)\.md$/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/**
 * @param {any} data
 * @param {string[]} path
 */
function at(data, path) {
  return path.reduce((v, k) => (v && typeof v === "object" ? v[k] : undefined), data);
}

/**
 * Which branches (ids) `login` may edit the projects of, or null for all of them.
 * @param {import("./roster.js").Roster} roster
 * @param {string} login
 * @returns {Set<string> | null}
 */
export function branchesOf(roster, login) {
  const me = login.toLowerCase();
  const has = (/** @type {unknown} */ list) => Array.isArray(list) &&
    list.some((x) => typeof x === "string" && x.toLowerCase() === me);
  if (has(roster.maintainers)) return null;
  if ((roster.panel || []).some((p) => p && typeof p.login === "string" && p.login.toLowerCase() === me)) return null;
  const out = new Set();
  for (const gb of roster.general_branches || []) {
    for (const b of gb.branches || []) if (has(gb.heads) || has(b.maintainers)) out.add(b.id);
  }
  return out;
}

/**
 * One repository file as a picker's project.
 * @param {any} spec
 * @param {string} path
 * @param {string} sha
 * @param {string} text
 * @param {Record<string, string>} names branch id -> name
 * @returns {Project | null}
 */
export function recordOf(spec, path, sha, text, names) {
  const found = FILE.exec(path);
  if (!found) return null;
  let file;
  try {
    file = readProject(text);
  } catch {
    return null;  // not readable: the check will say why; it is not offered here
  }
  const d = file.data;
  /** @type {Record<string, string>} */
  const dates = {};
  for (const [stage, where] of spec.timeline || []) {
    const v = at(d, where);
    if (typeof v === "string" && DATE.test(v)) dates[stage] = v;
  }
  const all = Object.values(dates).sort();
  const grant = at(d, ["approval", "grant"]);
  const total = at(d, ["acceptance", "total"]);
  const award = at(d, ["award", "year"]);
  return {
    key: found[1] + "/" + found[2],
    slug: found[2],
    path,
    year: Number(found[1]),
    title: typeof d.title === "string" ? d.title : found[2],
    branch: names[d.branch] || String(d.branch || ""),
    branch_id: String(d.branch || ""),
    stage: String(d.stage || ""),
    grant: grant === undefined ? "0" : String(grant),
    last_date: all.length ? all[all.length - 1] : null,
    sections: file.sections.map((s) => s.heading),
    dates,
    total: typeof total === "number" ? total : null,
    award_year: Number.isInteger(award) ? award : null,
    sha,
    text,
    data: d,
  };
}

/**
 * The projects `login` may edit, read from the repository's default branch.
 * @param {any} spec
 * @param {import("./github.js").Client} client
 * @param {string} login
 * @returns {Promise<Project[]>}
 */
export async function repositoryProjects(spec, client, login) {
  const head = await client.branchHead(spec.branch);
  if (!head) throw new Error("no branch " + spec.branch);
  const entries = await client.tree(head);
  const rosterEntry = entries.find((e) => e.path === spec.roster);
  const roster = rosterEntry ? parseRoster(await client.blobText(rosterEntry.sha)) : {};
  const mine = branchesOf(roster, login);
  /** @type {Record<string, string>} */
  const names = {};
  for (const gb of roster.general_branches || []) for (const b of gb.branches || []) names[b.id] = b.name;
  const files = entries.filter((e) => e.type === "blob" && FILE.test(e.path));
  const folders = foldersOf(entries);
  /** @type {Project[]} */
  const out = [];
  let next = 0;
  // A few requests at a time: GitHub's secondary limits frown on bursts.
  async function worker() {
    while (next < files.length) {
      const e = files[next++];
      const r = recordOf(spec, e.path, e.sha, await client.blobText(e.sha), names);
      if (r && (mine === null || mine.has(r.branch_id || ""))) out.push({...r, media: folders[e.path] || []});
    }
  }
  await Promise.all([1, 2, 3, 4].map(worker));
  return out.sort((a, b) => b.year - a.year || a.slug.localeCompare(b.slug));
}

