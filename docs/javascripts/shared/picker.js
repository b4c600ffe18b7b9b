// @ts-check
/**
 * The project picker of /update/ and /panel/: one list, filtered as typed. Signed in, the
 * projects come from the repository through GitHub's API (every file under projects/, any stage,
 * public or not), limited by the roster to what the person may edit: a branch's maintainer sees
 * their branch's projects, a general branch's head their branches', the panel and the
 * maintainers all. Not signed in, the public list (shared/projects.js, the site's slim index),
 * read only when it is needed (`loadOnUse`): when the person turns to the picker (points at it,
 * touches it, focuses or types in it) or the page has a project to choose (a draft, an address).
 * A first visit that never uses the picker does not fetch it.
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
    /** @type {Promise<void> | null} the list's loading, once begun */
    this.loading = null;
    /** @type {{done: () => void, failed: (err: any) => void}} */
    this.settle = {done: () => {}, failed: () => {}};
    /** @type {Promise<void>} settled when the list is in (whoever began its loading) */
    this.loaded = new Promise((resolve, reject) => { this.settle = {done: resolve, failed: reject}; });
    this.loaded.catch(() => {});  // a failure is said by the page that waits on it
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
   * Load the list when it is first needed: at once when signed in (the repository's list) or
   * when `now` (the page has a project to choose); else on the person's first move towards the
   * picker (a pointer over it, a touch, focus or typing), the select usable meanwhile. Resolves
   * once the list is in.
   * @param {{client: import("./github.js").Client, login: string} | null} signedIn
   * @param {boolean} [now]
   * @returns {Promise<void>}
   */
  loadOnUse(signedIn, now) {
    if (signedIn || now) return this.need(signedIn);
    const first = /** @type {HTMLOptionElement} */ (this.select.options[0]);
    if (first) first.textContent = "请选择项目（点开时载入项目列表）";
    this.select.disabled = false;
    /** @type {[HTMLElement, string][]} */
    const events = [];
    const go = () => {
      events.forEach(([el, type]) => el.removeEventListener(type, go));
      void this.need(null).catch(() => {});
    };
    for (const el of [this.select, this.search]) {
      for (const type of ["pointerover", "pointerdown", "touchstart", "focus", "keydown", "input"]) {
        events.push([el, type]);
        el.addEventListener(type, go, {passive: true});
      }
    }
    // On a phone the first touch anywhere (a scroll, a tap) starts it too: a phone's own option
    // list, once open, does not show options added after it opened.
    for (const type of ["touchstart", "scroll"]) {
      events.push([/** @type {HTMLElement} */ (/** @type {unknown} */ (window)), type]);
      window.addEventListener(type, go, {passive: true});
    }
    return this.loaded;
  }

  /**
   * Begin loading the list (once; see load): the picker used, or the page needing the list (a
   * typed name looked up in it). Settles `loaded`.
   * @param {{client: import("./github.js").Client, login: string} | null} signedIn
   * @returns {Promise<void>}
   */
  need(signedIn) {
    if (!this.loading) {
      if (!signedIn && this.select.options[0]) this.select.options[0].textContent = "正在载入项目列表……";
      this.loading = this.load(signedIn);
      this.loading.then(this.settle.done, this.settle.failed);
    }
    return this.loading;
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
