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
import {stageLabel} from "./spec.js";

/** @typedef {import("./repo-projects.js").Project} Project */

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
        // The file reader (the vendored YAML parser) is fetched only for a signed-in person.
        const {repositoryProjects} = await import("./repo-projects.js");
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
