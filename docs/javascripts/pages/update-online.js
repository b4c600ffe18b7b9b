// @ts-check
/**
 * /update/ signed in: the chosen project's file as the repository holds it, the whole changed
 * file (shared/projectfile.js), 提交 as one commit on a new branch with a pull request
 * (shared/submit.js), the file's change meanwhile told (重新读取 keeps what was typed), and with
 * `?pull=N` that pull request's file, its check's messages beside the fields, and
 * 修改后重新提交 adding a commit to its branch. The progress and the closing report may bring photos
 * (shared/photo-picker.js) and the closing report outcome files (PDF, shared/document-picker.js):
 * they go into the project's folder in the same commit, each under a name the folder does not
 * hold yet (its names read from the repository's tree; the commit expects none of them to exist),
 * and are referenced from the section chosen for each.
 */

import {markFindings} from "../shared/check-marks.js";
import {checksOf} from "../shared/check-results.js";
import {$, empty} from "../shared/dom.js";
import {DocumentPicker} from "../shared/document-picker.js";
import {describe} from "../shared/github.js";
import {fold, foldersOf} from "../shared/media-names.js";
import {PhotoPicker} from "../shared/photo-picker.js";
import {amountNode, changedText, readProject} from "../shared/projectfile.js";
import {recordOf} from "../shared/repo-projects.js";
import {fieldNode} from "../shared/rules.js";
import {applicationStage} from "../shared/spec.js";
import {SubmitError, submit} from "../shared/submit.js";

/** @typedef {import("../shared/repo-projects.js").Project} Project */
/** @typedef {import("../shared/check-results.js").Finding} Finding */
/**
 * @typedef {{chosen: () => Project | null, action: () => string, picker: import("../shared/picker.js").Picker,
 *   update: () => void, fillFrom: (found: Found) => void,
 *   done: () => void}} Hooks
 */

/**
 * What a file holds for the form: boxes by id, dates by id, expense rows as text.
 * @typedef {{boxes: Record<string, string>, dates: Record<string, string>,
 *   expenses: {date?: string, item?: string, amount?: string}[]}} Found
 */

const PROJECT_FILE = /^projects\/[0-9]{4}\/[^/]+\.md$/;
/** The steps that take photos, and the one that also takes outcome files. */
const WITH_PHOTOS = ["progress", "conclude"];
const WITH_DOCUMENTS = "conclude";
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/**
 * The form's values in a project file: the progress, the closing report's parts, the dates, the
 * expenses and the withdrawal it already holds.
 * @param {any} spec
 * @param {import("../shared/projectfile.js").ProjectFile} file
 * @returns {Found}
 */
export function formValues(spec, file) {
  const text = (/** @type {string} */ h) => (file.sections.find((x) => x.heading === h) || {text: ""}).text;
  /** @type {Record<string, string>} */
  const boxes = {["f-" + spec.progress.heading]: text(spec.progress.heading)};
  // The report's parts, each under its "### " heading.
  let part = "";
  for (const line of text(spec.report.heading).split("\n")) {
    const h = /^### +(.+?)\s*$/.exec(line);
    if (h) part = spec.report.parts.includes(h[1]) ? h[1] : "";
    else if (part) boxes["f-" + part] = ((boxes["f-" + part] || "") + "\n" + line);
  }
  for (const p of spec.report.parts) if (boxes["f-" + p]) boxes["f-" + p] = boxes["f-" + p].trim();
  const d = file.data;
  /** @type {Record<string, string>} */
  const dates = {};
  if (typeof d.concluded_on === "string" && DATE.test(d.concluded_on)) dates["f-concluded_on"] = d.concluded_on;
  const w = d.withdrawal && typeof d.withdrawal === "object" ? d.withdrawal : {};
  if (typeof w.date === "string" && DATE.test(w.date)) dates["f-withdrawal.date"] = w.date;
  if (typeof w.reason === "string") boxes["f-withdrawal.reason"] = w.reason;
  const expenses = (Array.isArray(d.expenses) ? d.expenses : []).map((/** @type {any} */ e) => ({
    date: e && e.date !== undefined ? String(e.date) : "",
    item: e && e.item !== undefined ? String(e.item) : "",
    amount: e && e.amount !== undefined ? String(e.amount) : "",
  }));
  return {boxes, dates, expenses};
}

export class Online {
  /**
   * @param {any} spec
   * @param {{client: import("../shared/github.js").Client, login: string}} signedIn
   * @param {Hooks} hooks
   */
  constructor(spec, signedIn, hooks) {
    this.spec = spec;
    this.client = signedIn.client;
    this.login = signedIn.login;
    this.hooks = hooks;
    /** @type {import("../shared/projectfile.js").ProjectFile | null} */
    this.file = null;
    /** The file as read: its text and blob sha, on the branch read (`ref`). */
    this.read = {path: "", text: "", sha: "", ref: spec.branch, baseSha: ""};
    /** @type {{number: number, ref: string, sha: string, url: string, key: string} | null} */
    this.pull = null;
    /** @type {Finding[]} */
    this.findings = [];
    /** @type {string | null} the whole new file, when the form is ready */
    this.text = null;
    this.kind = "";
    this.busy = false;
    this.order = spec.process.sections.map((/** @type {{heading: string}} */ s) => s.heading);
    $("online").classList.remove("sb-hidden");
    // 修改申报内容: an application still at the application stage is changed on /apply/?edit=.
    this.edit = document.createElement("a");
    this.edit.id = "edit-application";
    this.edit.className = "md-button sb-hidden";
    this.edit.textContent = "修改申报内容";
    $("online-file").after(this.edit);
    this.photos = new PhotoPicker(spec, {
      box: $("update-photos"), input: /** @type {HTMLInputElement} */ ($("f-photos")), list: $("photo-list"),
      msg: $("f-photos-msg"), help: $("f-photos-help"), sections: [], onChange: () => hooks.update(),
    });
    this.documents = new DocumentPicker(spec, {
      box: $("update-documents"), input: /** @type {HTMLInputElement} */ ($("f-documents")), list: $("document-list"),
      msg: $("f-documents-msg"), help: $("f-documents-help"), sections: [], onChange: () => hooks.update(),
    }, this.photos);
    /** @type {string[] | null} the media folder's names on the branch read (null: not known) */
    this.folder = null;
    /** @type {string[] | null} the folder on the pull request's branch (?pull=N) */
    this.pullFolder = null;
    $("submit-pr").addEventListener("click", () => this.send());
    $("reload-file").addEventListener("click", () => this.reload());
  }

  /** The button's words. */
  label() {
    return this.pull ? "修改后重新提交" : "提交";
  }

  /**
   * `?pull=N`: that pull request's project file, from its branch, and its checks. Resolves with
   * the project's key for the picker, or null.
   * @returns {Promise<string | null>}
   */
  async opened() {
    const n = Number(new URLSearchParams(location.search).get("pull") || "");
    if (!Number.isInteger(n) || n <= 0) return null;
    const say = $("online-file");
    try {
      const pr = await this.client.pull(n);
      const files = await this.client.pullFiles(n);
      const entry = files.find((f) => PROJECT_FILE.test(f.filename) && f.status !== "removed");
      if (!entry || pr.state !== "open") {
        say.textContent = "拉取请求 #" + n + (pr.state !== "open" ? " 已经关闭或合并。" : " 没有修改项目文件，本页不能打开它。");
        return null;
      }
      const path = String(entry.filename);
      const onBranch = await this.client.readFile(path, pr.head.ref);
      const onBase = await this.client.readFile(path, pr.base.ref);
      if (!onBranch) return null;
      const names = Object.fromEntries(this.hooks.picker.projects.map((p) => [p.branch_id || "", p.branch]));
      const record = recordOf(this.spec, path, onBranch.sha, onBranch.text, names);
      if (!record) return null;
      this.pull = {number: n, ref: String(pr.head.ref), sha: String(pr.head.sha), url: String(pr.html_url), key: record.key};
      this.read = {path, text: onBranch.text, sha: onBranch.sha, ref: this.pull.ref, baseSha: onBase ? onBase.sha : ""};
      // The project as it stands on the base branch stays the picker's; its stage is the file's there.
      const listed = this.hooks.picker.projects.find((p) => p.key === record.key);
      if (!listed) this.hooks.picker.projects.push(record);
      // The folder on the branch: the base's files, with the pull request's own changes.
      const dir = path.replace(/\.md$/, "/");
      const inFolder = new Set(listed && listed.media ? listed.media : []);
      for (const f of files) {
        const name = String(f.filename);
        if (!name.startsWith(dir) || name.slice(dir.length).includes("/")) continue;
        if (f.status === "removed") inFolder.delete(name.slice(dir.length));
        else inFolder.add(name.slice(dir.length));
      }
      this.pullFolder = [...inFolder];
      const repo = await this.client.repository();
      const checks = await checksOf(this.client, this.pull.sha, !!repo.private);
      this.findings = checks.flatMap((c) => c.findings).filter((f) => f.path === path);
      say.textContent = "正在修改拉取请求 #" + n + " 中的 " + path + "。改好后点“修改后重新提交”，修改会提交到同一个拉取请求。";
      $("submit-pr").textContent = this.label();
      return record.key;
    } catch (err) {
      say.textContent = "无法读取拉取请求 #" + n + "：" + describe(err);
      return null;
    }
  }

  /**
   * A project was chosen: its file as read (the pull request's branch for ?pull=N), the boxes
   * still empty filled from it.
   * @param {Project | null} p
   */
  picked(p) {
    this.file = null;
    this.text = null;
    $("reload-file").classList.add("sb-hidden");
    $("submit-status").textContent = "";
    const applying = !!p && p.stage === applicationStage(this.spec);
    this.edit.classList.toggle("sb-hidden", !applying);
    if (p && applying) this.edit.setAttribute("href", "../apply/?edit=" + encodeURIComponent(p.path));
    this.photos.clear();
    this.documents.clear();
    this.useFolder(null);
    if (!p) return;
    if (this.pull && p.key === this.pull.key) {
      this.useFolder(this.pullFolder || null);
      this.use();  // the pull request's file, read in opened()
      return;
    }
    this.pull = null;
    this.findings = [];
    $("submit-pr").textContent = this.label();
    this.read = {path: p.path, text: p.text || "", sha: p.sha || "", ref: this.spec.branch, baseSha: p.sha || ""};
    this.useFolder(p.media || null);
    if (p.text !== undefined && p.sha) this.use();
    else this.readAgain(p.path);
  }

  /** Parse what was read, say so, and fill the empty boxes from it. */
  use() {
    try {
      this.file = readProject(this.read.text);
    } catch {
      this.file = null;
      $("online-file").textContent = this.read.path + " 的开头信息无法读取，请在 GitHub 上打开文件检查。";
      return;
    }
    if (!this.pull) {
      $("online-file").textContent = "已从仓库读取 " + this.read.path + "。提交时写入整个文件，并发起拉取请求。";
    }
    this.hooks.fillFrom(formValues(this.spec, this.file));
    this.hooks.update();
  }

  /**
   * Read the file again from its branch.
   * @param {string} path
   */
  async readAgain(path) {
    const got = await this.client.readFile(path, this.read.ref || this.spec.branch).catch((err) => {
      $("online-file").textContent = "无法读取 " + path + "：" + describe(err);
      return null;
    });
    if (!got) return;
    const base = this.pull ? await this.client.readFile(path, this.spec.branch).catch(() => null) : got;
    this.read = {path, text: got.text, sha: got.sha, ref: this.read.ref || this.spec.branch,
      baseSha: base ? base.sha : ""};
    const record = this.hooks.picker.projects.find((p) => p.path === path);
    if (record && !this.pull) {
      record.text = got.text;
      record.sha = got.sha;
    }
    // The folder as it is now on that branch too (a file added meanwhile takes its name).
    const head = await this.client.branchHead(this.read.ref).catch(() => null);
    const entries = head ? await this.client.tree(head).catch(() => null) : null;
    if (entries) {
      const names = foldersOf(entries)[path] || [];
      if (record && !this.pull) record.media = names;
      if (this.pull) this.pullFolder = names;
      this.useFolder(names);
    }
    this.use();
  }

  /**
   * The names the project's media folder holds: counted toward its limit, never taken by a new file.
   * @param {string[] | null} names null: not known (the commit still refuses to overwrite one)
   */
  useFolder(names) {
    this.folder = names;
    this.photos.kept = names ? names.length : 0;
    this.photos.first = 1;
    this.photos.taken = new Set((names || []).map(fold));
  }

  /** The project's year and 简称, from the file read. */
  place() {
    const m = /^projects\/([0-9]{4})\/([^/]+)\.md$/.exec(this.read.path);
    return m ? {year: Number(m[1]), slug: m[2]} : null;
  }

  /**
   * The sections' texts with the chosen photos (and, in the closing report, outcome files)
   * referenced where each was put; the sections offered are these.
   * @param {{heading: string, text: string}[]} parts
   * @returns {{heading: string, text: string}[]}
   */
  withMedia(parts) {
    const at = this.place();
    const headings = parts.map((p) => p.heading);
    this.photos.offer(headings);
    const documents = headings.join() === this.spec.report.parts.join();
    if (documents) this.documents.offer(headings);
    if (!at) return parts;
    const shown = this.photos.withPhotos(parts, at.slug);
    return documents ? this.documents.withDocuments(shown, at.slug) : shown;
  }

  /**
   * The new media files of the step under way.
   * @returns {import("../shared/submit.js").FileChange[]}
   */
  mediaFiles() {
    const at = this.place();
    if (!at || !WITH_PHOTOS.includes(this.kind)) return [];
    return [...this.photos.files(at.year, at.slug),
      ...(this.kind === WITH_DOCUMENTS ? this.documents.files(at.year, at.slug) : [])];
  }

  /**
   * The form's change (null while not ready) made into the whole new file.
   * @param {any} change
   * @param {string} kind
   */
  result(change, kind) {
    this.kind = kind;
    if (change && change.set && Array.isArray(change.set.expenses)) {
      change = {...change, set: {...change.set, expenses: change.set.expenses.map(
        (/** @type {any} */ e) => ({...e, amount: amountNode(String(e.amount))}))}};
    }
    this.text = change && this.file ? changedText(this.file, change, this.order) : null;
    this.photos.toggle(!!this.file && WITH_PHOTOS.includes(kind));
    this.documents.toggle(!!this.file && kind === WITH_DOCUMENTS);
    const button = /** @type {HTMLButtonElement} */ ($("submit-pr"));
    button.disabled = this.busy;
    button.setAttribute("aria-disabled", this.text ? "false" : "true");
  }

  /** 重新读取: the file as it is now; what was typed stays. */
  async reload() {
    $("reload-file").classList.add("sb-hidden");
    $("submit-status").textContent = "正在重新读取……";
    await this.readAgain(this.read.path);
    $("submit-status").textContent = "已重新读取 " + this.read.path + " 的最新内容，你填写的内容都保留着。请核对后再提交。";
  }

  /** The pull request's title and body: the matching template from the repository. */
  async words() {
    const p = this.hooks.chosen();
    const titles = {
      progress: this.spec.progress.heading,
      conclude: this.spec.report.heading,
      withdraw: fieldNode(this.spec, "withdrawal").title,
    };
    const title = (/** @type {Record<string, string>} */ (titles))[this.kind] + "：" + (p ? p.title : this.read.path);
    const name = this.spec.actions[this.kind].template;
    const template = await this.client.readFile(".github/PULL_REQUEST_TEMPLATE/" + name, this.spec.branch).catch(() => null);
    const body = template ? template.text.replace("projects/____/____.md", this.read.path) : title;
    return {title, body};
  }

  /** 提交 or 修改后重新提交. */
  async send() {
    const p = this.hooks.chosen();
    const statusEl = $("submit-status");
    if (this.busy) return;
    if (WITH_PHOTOS.includes(this.kind)) {
      if (this.photos.busy || this.documents.busy) {
        statusEl.textContent = "照片或成果文件还在处理中，请稍候再提交。";
        return;
      }
      if (!this.photos.ready()) return;
      if (this.kind === WITH_DOCUMENTS && !this.documents.ready()) return;
      this.hooks.update();  // the references with the words as typed now
    }
    if (!this.text || !p || !this.file) {
      statusEl.textContent = "表格还没有填好，请按上面的提示改正后再提交。";
      return;
    }
    this.busy = true;
    /** @type {HTMLButtonElement} */ ($("submit-pr")).disabled = true;
    try {
      const {title, body} = await this.words();
      const media = this.mediaFiles();
      // None of the new files' names may exist (a file put there meanwhile is never overwritten).
      const fresh = Object.fromEntries(media.map((f) => [f.path, null]));
      const job = {
        id: "update-" + p.key.replace("/", "-") + "-" + this.kind + "-" + Date.now(),
        kind: "update",
        title,
        body,
        message: title,
        branch: "update/" + p.slug + "-" + this.kind,
        files: [{path: this.read.path, text: this.text}, ...media],
        expect: {...fresh, [this.read.path]: this.pull ? this.read.baseSha || null : this.read.sha},
        ...(this.pull ? {pull: this.pull.number, expectHead: fresh} : {}),
      };
      if (this.pull && this.text === this.read.text) {
        statusEl.textContent = "文件没有改动，请先按提示修改。";
        return;
      }
      const done = await submit(this.client, job, (text) => { statusEl.textContent = text; });
      this.hooks.done();
      // The new files are the folder's now (on the pull request's branch).
      this.useFolder([...(this.folder || []), ...media.map((f) => f.path.slice(f.path.lastIndexOf("/") + 1))]);
      if (this.pull) this.pullFolder = this.folder;
      this.photos.clear();
      this.documents.clear();
      const number = done.pull.number;
      empty(statusEl);
      statusEl.append((this.pull ? "已把修改提交到拉取请求 #" : "已发起拉取请求 #") + number + "。");
      const link = document.createElement("a");
      link.href = "../mine/";
      link.textContent = "到“我的提交”查看自动检查的结果";
      statusEl.append(link, "。");
      this.findings = [];
      this.showFindings();
      this.read.text = this.text;
      if (!this.pull) this.read.sha = "";  // the file is now the pull request's: submitting again needs a fresh read
    } catch (err) {
      if (err instanceof SubmitError && err.kind === "stale") {
        statusEl.textContent = "提交前发现 " + this.read.path + " 在你读取之后已被修改（可能是别人刚合并了改动），" +
          "这次什么都没有写入，也没有覆盖别人的修改。请点“重新读取”取得最新内容（你填写的内容会保留），核对后再提交。";
        $("reload-file").classList.remove("sb-hidden");
      } else {
        statusEl.textContent = err instanceof SubmitError ? err.message : describe(err);
      }
    } finally {
      this.busy = false;
      /** @type {HTMLButtonElement} */ ($("submit-pr")).disabled = false;
    }
  }

  /** The check's messages beside the fields they concern (the rest in the list above 提交). */
  showFindings() {
    markFindings(this.findings, this.read.text, $("check-findings"));
  }
}
