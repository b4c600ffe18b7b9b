// @ts-check
/**
 * The project picker of /update/ and /panel/: one list, filtered as typed. Signed in, the
 * projects come from the repository through GitHub's API (every file under projects/, any stage,
 * public or not), limited by the roster to what the person may edit: a branch's maintainer sees
 * their branch's projects, a general branch's head their branches', the panel and the
 * maintainers all. Not signed in, the public list (api/projects.json) as before.
 */

import {$, empty, option} from "./dom.js";
import {loadProjects} from "./projects.js";
import {readProject} from "./projectfile.js";
import {parseRoster} from "./roster.js";
import {stageLabel} from "./spec.js";

/** @typedef {import("./projects.js").PublicProject} PublicProject */
/**
 * A project as the forms use it; from the repository also its file (text, blob sha, data).
 * @typedef {PublicProject & {branch_id?: string, sha?: string, text?: string, data?: Record<string, any>}} Project
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
  /** @type {Project[]} */
  const out = [];
  let next = 0;
  // A few requests at a time: GitHub's secondary limits frown on bursts.
  async function worker() {
    while (next < files.length) {
      const e = files[next++];
      const r = recordOf(spec, e.path, e.sha, await client.blobText(e.sha), names);
      if (r && (mine === null || mine.has(r.branch_id || ""))) out.push(r);
    }
  }
  await Promise.all([1, 2, 3, 4].map(worker));
  return out.sort((a, b) => b.year - a.year || a.slug.localeCompare(b.slug));
}

/**
 * The picker on a page: `select` (id f-project) filled from the list, `search` (f-filter)
 * narrowing it. `onChange` runs after each choice (and after a filter hides the chosen one).
 */
export class Picker {
  /**
   * @param {any} spec
   * @param {{select?: HTMLSelectElement, search?: HTMLInputElement, help?: HTMLElement | null}} [els]
   */
  constructor(spec, els = {}) {
    this.spec = spec;
    this.select = /** @type {HTMLSelectElement} */ (els.select || $("f-project"));
    this.search = /** @type {HTMLInputElement} */ (els.search || $("f-filter"));
    this.help = els.help === undefined ? document.getElementById("f-filter-help") : els.help;
    /** @type {Project[]} */
    this.projects = [];
    /** "public" or "repository" */
    this.source = "public";
    /** @type {((p: Project | null) => void)[]} */
    this.listeners = [];
    this.search.addEventListener("input", () => {
      this.fill(this.search.value.trim());
      this.changed();
    });
    this.select.addEventListener("change", () => this.changed());
  }

  /** @param {(p: Project | null) => void} f */
  onChange(f) {
    this.listeners.push(f);
  }

  /** @returns {Project | null} */
  get chosen() {
    return this.projects.find((p) => p.key === this.select.value) || null;
  }

  changed() {
    const c = this.chosen;
    this.listeners.forEach((f) => f(c));
  }

  /**
   * Load the list: from the repository when `signedIn`, else (or when that fails) the public one.
   * Resolves with what it says about the source, for the page's help line.
   * @param {{client: import("./github.js").Client, login: string} | null} signedIn
   * @returns {Promise<void>}
   */
  async load(signedIn) {
    let note = "";
    if (signedIn) {
      try {
        this.projects = await repositoryProjects(this.spec, signedIn.client, signedIn.login);
        this.source = "repository";
        note = "已登录为 " + signedIn.login + "：列出仓库中你可以编辑的全部项目（含未公开的阶段）。";
      } catch (err) {
        console.error(String(err && err.stack || err));
        note = "无法从仓库读取项目列表，下面只列出网站上公开的项目。";
        this.projects = [];
      }
    }
    if (this.source !== "repository") this.projects = await loadProjects();
    if (note && this.help) this.help.textContent = note;
    this.fill(this.search.value.trim());
    this.select.disabled = false;
  }

  /**
   * @param {Project} p
   * @returns {string}
   */
  label(p) {
    return p.title + "（" + p.branch + "，" + p.year + " 年度，" + stageLabel(this.spec, p.stage) + "）";
  }

  /** @param {string} filter */
  fill(filter) {
    const keep = this.select.value;
    empty(this.select);
    const first = option("", "");
    this.select.appendChild(first);
    const words = filter.toLowerCase();
    let shown = 0;
    this.projects.forEach((p) => {
      const label = this.label(p);
      if (words && (label + " " + p.slug).toLowerCase().indexOf(words) < 0) return;
      this.select.appendChild(option(p.key, label));
      shown++;
    });
    first.textContent = shown ? "请选择项目（共 " + shown + " 个）" : "没有找到符合的项目";
    this.select.value = keep;
  }

  /**
   * Choose a project by key (`2026/slug`) as a person would; false when it is not in the list.
   * @param {string} key
   */
  choose(key) {
    if (!this.projects.some((p) => p.key === key)) return false;
    if (!Array.prototype.some.call(this.select.options, (/** @type {HTMLOptionElement} */ o) => o.value === key)) {
      this.search.value = "";
      this.fill("");
    }
    this.select.value = key;
    this.select.dispatchEvent(new Event("change"));
    return true;
  }
}
