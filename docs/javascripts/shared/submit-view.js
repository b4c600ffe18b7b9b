// @ts-check
/**
 * The 提交 part of a form page for a signed-in person (submit.js does the GitHub steps): who is
 * signed in and their roles (the roster read through the API; a login not in it is told and
 * offered nothing), the submit button, each step as it happens, the result with links to the
 * pull request and to 我的提交, and the page's unfinished submissions with 继续 and 放弃.
 * Nobody signed in: the part stays hidden and the page works as before (copy and open GitHub).
 */

import {GitHubError, createClient, describe} from "./github.js";
import {loadSession} from "./session.js";
import {SubmitError, abandon, resume, submit, unfinished} from "./submit.js";
import {ROLES, SIGNIN, fill} from "./wording.js";

/** The steps' names where an unfinished submission stopped. */
const STOPPED = {check: "核对", branch: "新建分支", commit: "提交文件", pull: "发起拉取请求", done: "完成"};

/**
 * @typedef {{box: HTMLElement, who: HTMLElement, button: HTMLButtonElement, steps: HTMLElement,
 *   status: HTMLElement, links: HTMLElement, unfinished: HTMLElement}} Elements
 * @typedef {{kind: string, mine: string,
 *   build: () => import("./submit.js").Job | null,
 *   ready?: () => void,
 *   done: (result: {pull: {number: number, html_url: string}}) => void,
 *   explain?: (err: SubmitError) => string}} Options
 *   kind: the journal's kind (apply ...); mine: the address of 我的提交; build: the job, or null
 *   when the form is not ready (it shows why); ready: the person may submit (show extra parts);
 *   done: the pull request exists (forget the draft); explain: the page's own words for a stop
 */

export class SubmitView {
  /**
   * @param {any} spec the page's definitions: api, owner, repo, roster
   * @param {Elements} el
   * @param {Options} options
   */
  constructor(spec, el, options) {
    this.spec = spec;
    this.el = el;
    this.options = options;
    /** @type {import("./github.js").Client | null} */
    this.client = null;
    this.running = false;
    el.button.addEventListener("click", () => void this.run(() => {
      const job = options.build();
      return job && this.client ? submit(this.client, job, (t) => this.step(t)) : null;
    }));
  }

  /** Whether someone is signed in (the part is shown). Checks the roster, lists unfinished jobs. */
  async start() {
    const kept = loadSession(this.spec.api);
    const session = kept.session;
    if (!session || !this.spec.owner) return false;
    this.el.box.classList.remove("sb-hidden");
    this.el.who.textContent = fill(SIGNIN.signedIn, {login: session.login}) + "。正在核对名册……";
    const client = createClient({api: this.spec.api, owner: this.spec.owner, repo: this.spec.repo, token: session.token});
    let roles;
    try {
      const file = await client.readFile(this.spec.roster);
      if (!file) {
        this.el.who.textContent = fill(SIGNIN.rosterMissing, {path: this.spec.roster});
        return true;
      }
      // The roster's reader brings the YAML library (about 100 KB): loaded only for a signed-in
      // person, so a visitor's /apply/ stays light.
      const {parseRoster, rolesOf} = await import("./roster.js");
      roles = rolesOf(parseRoster(file.text), session.login);
    } catch (err) {
      this.el.who.textContent = fill(SIGNIN.signedIn, {login: session.login}) + "。" +
        (err instanceof GitHubError ? describe(err) : fill(SIGNIN.rosterBroken, {path: this.spec.roster}));
      return true;
    }
    if (!roles.length) {
      this.el.who.textContent = fill(SIGNIN.notInRoster, {login: session.login});
      return true;
    }
    this.client = client;
    this.el.who.textContent = fill(SIGNIN.signedIn, {login: session.login}) + "（" + roles.join(ROLES.separator) +
      "）。点“" + this.el.button.textContent + "”，网站会替你在 GitHub 上新建分支、提交文件并发起拉取请求，不用复制粘贴。";
    this.el.button.classList.remove("sb-hidden");
    if (this.options.ready) this.options.ready();
    this.listUnfinished();
    return true;
  }

  /** @param {string} text */
  step(text) {
    const li = document.createElement("li");
    li.textContent = text;
    this.el.steps.appendChild(li);
  }

  /**
   * @param {string} text
   * @param {boolean | null} good
   */
  say(text, good) {
    this.el.status.textContent = text;
    this.el.status.classList.toggle("sb-good", good === true);
    this.el.status.classList.toggle("sb-bad", good === false);
  }

  /**
   * Run one submission (a new one, or a resumed one); nothing when another is running.
   * @param {() => Promise<{pull: {number: number, html_url: string}}> | null} start
   */
  async run(start) {
    if (this.running || !this.client) return;
    this.el.steps.textContent = "";
    this.el.links.textContent = "";
    this.say("", null);
    const promise = start();
    if (!promise) return;
    this.running = true;
    this.el.button.disabled = true;
    this.el.unfinished.textContent = "";
    try {
      const result = await promise;
      this.say("已发起拉取请求 #" + result.pull.number + "。接下来由自动检查和审批的人处理；进度可以在“我的提交”中查看。", true);
      this.links(result.pull);
      this.options.done(result);
    } catch (err) {
      const text = err instanceof SubmitError ?
        (this.options.explain && this.options.explain(err)) || err.message : describe(err);
      this.say(text, false);
    } finally {
      this.running = false;
      this.el.button.disabled = false;
      this.listUnfinished();
    }
  }

  /** @param {{number: number, html_url: string}} pull */
  links(pull) {
    const a = document.createElement("a");
    a.href = pull.html_url;
    a.textContent = "在 GitHub 上查看拉取请求 #" + pull.number;
    a.rel = "noopener";
    const mine = document.createElement("a");
    mine.href = this.options.mine;
    mine.textContent = "我的提交";
    this.el.links.append(a, "　", mine);
  }

  /** The unfinished submissions of this kind, each with 继续 and 放弃. */
  listUnfinished() {
    const box = this.el.unfinished;
    box.textContent = "";
    for (const j of unfinished(this.options.kind)) {
      const p = document.createElement("p");
      p.className = "sb-unfinished";
      p.textContent = "有一次提交没有完成：" + j.title + "（停在“" + (STOPPED[j.step] || j.step) + "”）。";
      const go = document.createElement("button");
      go.type = "button";
      go.className = "md-button md-button--primary";
      go.textContent = "继续";
      go.addEventListener("click", () => void this.run(() => this.client ? resume(this.client, j.id, (t) => this.step(t)) : null));
      const drop = document.createElement("button");
      drop.type = "button";
      drop.className = "md-button";
      drop.textContent = "放弃";
      drop.addEventListener("click", () => void this.drop(j.id));
      p.append(" ", go, " ", drop);
      box.appendChild(p);
    }
  }

  /** @param {string} id */
  async drop(id) {
    if (this.running || !this.client) return;
    if (!window.confirm("放弃这次提交？网站为它新建的分支会被删除；表格中填写的内容不受影响。")) return;
    this.running = true;
    try {
      const gone = await abandon(this.client, id);
      this.say(gone.pull ? "这次提交的拉取请求 #" + gone.pull + " 已经存在，分支保留；本设备上的记录已删除。" :
        gone.deleted ? "已放弃：分支 " + gone.deleted + " 已删除。" : "已放弃：GitHub 上没有留下任何内容。", true);
    } catch (err) {
      this.say(err instanceof SubmitError ? err.message : describe(err), false);
    } finally {
      this.running = false;
      this.listUnfinished();
    }
  }
}
