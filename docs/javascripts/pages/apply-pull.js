// @ts-check
/**
 * /apply/?pull=N (loaded by pages/apply.js only then): an application pull request's project
 * file, read from its branch, fills the form (a draft of that pull request already on this device
 * wins, and the page says so); the check's messages stand beside the fields they concern
 * (shared/check-marks.js, as on /update/); 修改后重新提交 turns the form's job into ONE new commit
 * of the whole rewritten file (and any new photos) on the same branch (shared/submit.js `pull`),
 * refused when the file changed there meanwhile (`expectHead`). The photos already in the pull
 * request stay; new ones are numbered after them. Not signed in, or the pull request closed,
 * merged or missing: said plainly, and the normal form stays. `/apply/?edit=<path>` (from
 * /update/'s 修改申报内容, `editMode`): an application still at the application stage, read from
 * the default branch, changed through a new pull request.
 */

import {markFindings} from "../shared/check-marks.js";
import {checksOf} from "../shared/check-results.js";
import {connect} from "../shared/connect.js";
import {$} from "../shared/dom.js";
import {GitHubError, describe} from "../shared/github.js";
import {changedText, readProject} from "../shared/projectfile.js";
import {fold} from "../shared/media-names.js";
import {branchesOf} from "../shared/repo-projects.js";
import {parseRoster} from "../shared/roster.js";
import {applicationStage, stageLabel} from "../shared/spec.js";

const PROJECT_FILE = /^projects\/([0-9]{4})\/([^/]+)\.md$/;
const LABEL = "修改后重新提交";

/**
 * @typedef {{
 *   restored: boolean,
 *   fill: (values: Record<string, string>) => void,
 *   update: () => void,
 *   photos: import("../shared/photo-picker.js").PhotoPicker,
 *   button: HTMLElement,
 *   say: (text: string, good: boolean | null) => void,
 * }} Hooks
 *   restored: a draft of this pull request came back (it wins over the file); fill: put the
 *   values (by control id) into the form as a draft is restored; say: the submit part's status.
 */

/**
 * The form's boxes (by id) as a project file's values read: lists joined as they are typed.
 * @param {any} spec
 * @param {import("../shared/projectfile.js").ProjectFile} file
 * @param {string} slug
 * @returns {Record<string, string>}
 */
export function boxesOf(spec, file, slug) {
  const join = Object.keys(spec.pack.names.separators).includes("\u3001") ? "\u3001" :
    Object.keys(spec.pack.names.separators)[0];
  /** @type {Record<string, string>} */
  const out = {};
  for (const q of spec.questions) {
    if (q.key === "slug") {
      out["f-slug"] = slug;
      continue;
    }
    const v = file.data[q.key];
    if (v === undefined || v === null) continue;
    out["f-" + q.key] = Array.isArray(v) ? v.map(String).join(join) : String(v);
  }
  for (const s of spec.pack.sections.required[spec.stage]) {
    const found = file.sections.find((x) => x.heading === s.heading);
    if (found) out["f-" + s.heading] = found.text;
  }
  return out;
}

/** The pull request being changed, once read. */
export class PulledApplication {
  /**
   * @param {Hooks} hooks
   * @param {{number: number, path: string, ref: string, sha: string, text: string}} read
   * @param {import("../shared/github.js").Client} client
   */
  constructor(hooks, read, client) {
    this.hooks = hooks;
    this.number = read.number;
    this.path = read.path;
    this.ref = read.ref;
    this.sha = read.sha;
    this.text = read.text;
    this.client = client;
  }

  /**
   * The form's job made a new commit on the pull request's branch; null (and why) when the form
   * now names another file or nothing changed.
   * @param {import("../shared/submit.js").Job} job
   * @returns {import("../shared/submit.js").Job | null}
   */
  job(job) {
    const file = job.files[0];
    if (!file || file.path !== this.path) {
      this.hooks.say("拉取请求 #" + this.number + " 中的文件是 " + this.path + "：修改时不能改变立项年度和简称（现在是 " +
        (file ? file.path : "") + "）。请把日期改回原来的年度后再提交。", false);
      return null;
    }
    if (file.text === this.text && job.files.length === 1) {
      this.hooks.say("文件没有改动：请先按提示修改，再点“" + LABEL + "”。", false);
      return null;
    }
    return {
      ...job,
      id: "apply-pull-" + this.number + "-" + Date.now(),
      message: "修改申报：" + job.title.replace(/^申报：/, ""),
      branch: this.ref,
      pull: this.number,
      // A file of that name merged meanwhile is told (base), and so is a change on the branch,
      // or a photo or outcome file of a new one's name there.
      expect: {[this.path]: null},
      expectHead: {...Object.fromEntries(job.files.slice(1).map((f) => [f.path, null])), [this.path]: this.sha},
    };
  }

  /**
   * The commit is on the branch: say so, forget the old messages, and read the file's new version
   * (a second resubmission then expects it).
   * @param {number} added the new photos and outcome files just committed
   */
  done(added) {
    this.hooks.say("已把修改提交到拉取请求 #" + this.number + "（同一个分支上的新提交）。自动检查会重新运行，结果请到“我的提交”查看。", true);
    this.hooks.photos.kept += added;
    this.hooks.photos.first += added;
    markFindings([], "", $("check-findings"));
    void this.client.readFile(this.path, this.ref).then((got) => {
      if (got) {
        this.sha = got.sha;
        this.text = got.text;
      }
    }, () => {});
  }

  /**
   * The page's words for a stop.
   * @param {import("../shared/submit.js").SubmitError} err
   */
  explain(err) {
    if (err.kind !== "stale") return "";
    return "提交前发现拉取请求 #" + this.number + " 中的 " + this.path + " 在你打开本页之后已被修改（可能是你在别处又提交过），" +
      "这次什么都没有写入，也没有覆盖那次修改。你填写的内容保存在本设备的草稿中；请核对拉取请求中的最新内容后再提交。";
  }
}

/**
 * A note above the form and the list for messages at no field.
 * @returns {HTMLElement}
 */
function noteBox() {
  const form = $("sb-apply");
  const note = document.createElement("p");
  note.className = "sb-note";
  note.id = "pull-note";
  note.setAttribute("role", "status");
  const list = document.createElement("ul");
  list.className = "sb-findings";
  list.id = "check-findings";
  form.parentNode.insertBefore(note, form);
  form.parentNode.insertBefore(list, form);
  return note;
}

/** The link to 登录 that the page's note offers someone not signed in. */
function signInLink() {
  const a = document.createElement("a");
  a.href = "../signin/";
  a.textContent = "登录";
  return a;
}

/**
 * @param {any} spec
 * @param {number} n
 * @param {Hooks} hooks
 * @returns {Promise<PulledApplication | null>}
 */
export async function pullMode(spec, n, hooks) {
  const note = noteBox();
  const blank = "下面是空白的申报表，可以照常填写。";
  const signedIn = connect(spec);
  if (!signedIn) {
    note.textContent = "要修改拉取请求 #" + n + "，请先";
    note.append(signInLink(), "，再从“我的提交”打开本页。" + blank);
    return null;
  }
  const {client, login} = signedIn;
  note.textContent = "正在读取拉取请求 #" + n + "……";
  try {
    const pr = await client.pull(n).catch((err) => {
      if (err instanceof GitHubError && err.kind === "not-found") return null;
      throw err;
    });
    if (!pr) {
      note.textContent = "找不到拉取请求 #" + n + "。" + blank;
      return null;
    }
    if (pr.state !== "open") {
      note.textContent = "拉取请求 #" + n + " 已经" + (pr.merged_at ? "合并" : "关闭") + "，不能再往里提交修改。" + blank;
      return null;
    }
    const repo = await client.repository();
    const own = pr.user && String(pr.user.login).toLowerCase() === login.toLowerCase();
    if (!own && !(repo.permissions && repo.permissions.push)) {
      note.textContent = "拉取请求 #" + n + " 不是 " + login + " 发起的，你也没有修改它的权限。" + blank;
      return null;
    }
    const files = await client.pullFiles(n);
    const entry = files.find((f) => PROJECT_FILE.test(f.filename) && f.status !== "removed");
    if (!entry) {
      note.textContent = "拉取请求 #" + n + " 中没有项目文件，本页不能打开它。" + blank;
      return null;
    }
    const path = String(entry.filename);
    const [, year, slug] = /** @type {RegExpExecArray} */ (PROJECT_FILE.exec(path));
    const head = String(pr.head.sha);
    const got = await client.readFile(path, head);
    if (!got) {
      note.textContent = "拉取请求 #" + n + " 的分支上读不到 " + path + "。" + blank;
      return null;
    }
    let file;
    try {
      file = readProject(got.text);
    } catch {
      note.textContent = path + " 的开头信息无法读取，请在 GitHub 上打开拉取请求检查。" + blank;
      return null;
    }
    // The photos already in the pull request stay; the new ones come after them.
    const folder = "projects/" + year + "/" + slug + "/";
    const kept = files.filter((f) => String(f.filename).startsWith(folder) && f.status !== "removed");
    hooks.photos.kept = kept.length;
    for (const f of kept) hooks.photos.taken.add(fold(String(f.filename).slice(folder.length)));
    hooks.photos.first = 1 + Math.max(0, ...kept.map((f) => Number((/photo-(\d+)\./.exec(f.filename) || ["", "0"])[1])));
    // The file's name is the pull request's: its 简称 always (a draft does not keep a locked box).
    hooks.fill(hooks.restored ? {"f-slug": slug} : boxesOf(spec, file, slug));
    const slugBox = /** @type {HTMLInputElement} */ ($("f-slug"));
    slugBox.readOnly = true;
    hooks.button.textContent = LABEL;
    hooks.update();
    const checks = await checksOf(client, head, !!repo.private);
    const findings = checks.flatMap((c) => c.findings).filter((f) => f.path === path);
    markFindings(findings, got.text, $("check-findings"), {year: spec.year_from});
    note.textContent = "正在修改拉取请求 #" + n + "（" + pr.title + "）中的 " + path + "。" +
      (hooks.restored ? "本设备上有这个拉取请求的草稿，已恢复草稿（而不是拉取请求中的文件）；要从拉取请求中的文件重新开始，请点“清空草稿”后刷新本页。" :
        "表格已按拉取请求中的文件填好。") +
      (findings.length ? "自动检查的提示显示在相关栏目旁。" : "") +
      "改好后点“" + LABEL + "”，修改会作为新的提交加到同一个拉取请求。" +
      (kept.length ? "拉取请求中已有的 " + kept.length + " 个照片和附件保留，也可以再添加照片。" : "");
    return new PulledApplication(hooks, {number: n, path, ref: String(pr.head.ref), sha: got.sha, text: got.text}, client);
  } catch (err) {
    note.textContent = "无法读取拉取请求 #" + n + "：" + describe(err) + blank;
    return null;
  }
}

const EDIT_LABEL = "提交修改";

/**
 * `/apply/?edit=<path>` (from /update/): an application on the default branch, still at the
 * application stage, changed through a NEW pull request (branch edit/<slug>) holding the whole
 * rewritten file, refused when the file changed on the default branch meanwhile (`expect`).
 */
export class EditedApplication extends PulledApplication {
  /**
   * @param {any} spec
   * @param {Hooks} hooks
   * @param {{path: string, ref: string, sha: string, text: string}} read
   * @param {import("../shared/github.js").Client} client
   */
  constructor(spec, hooks, read, client) {
    super(hooks, {number: 0, ...read}, client);
    this.spec = spec;
  }

  /**
   * @param {import("../shared/submit.js").Job} job
   * @returns {import("../shared/submit.js").Job | null}
   */
  job(job) {
    const file = job.files[0];
    if (!file || file.path !== this.path) {
      this.hooks.say("要修改的文件是 " + this.path + "：修改时不能改变立项年度和简称（现在是 " +
        (file ? file.path : "") + "）。请把日期改回原来的年度后再提交。", false);
      return null;
    }
    if (file.text === this.text && job.files.length === 1) {
      this.hooks.say("文件没有改动：请先修改申报内容，再点“" + EDIT_LABEL + "”。", false);
      return null;
    }
    const name = job.title.replace(/^申报：/, "");
    const text = this.minimal(file.text);
    if (text === this.text && job.files.length === 1) {
      this.hooks.say("文件没有改动：请先修改申报内容，再点“" + EDIT_LABEL + "”。", false);
      return null;
    }
    return {
      ...job,
      files: [{path: this.path, text}, ...job.files.slice(1)],
      id: "apply-edit-" + Date.now(),
      title: "修改申报：" + name,
      message: "修改申报：" + name,
      branch: "edit/" + (/** @type {RegExpExecArray} */ (PROJECT_FILE.exec(this.path)))[2],
      expect: {...Object.fromEntries(job.files.slice(1).map((f) => [f.path, null])), [this.path]: this.sha},
    };
  }

  /**
   * The file as read with only what the form changed written into it (shared/projectfile.js
   * changedText): every other line, comment and spelling stays byte for byte.
   * @param {string} written the form's whole file
   * @returns {string}
   */
  minimal(written) {
    const before = readProject(this.text);
    const after = readProject(written);
    const same = (/** @type {unknown} */ a, /** @type {unknown} */ b) => JSON.stringify(a) === JSON.stringify(b);
    /** @type {Record<string, any>} */
    const set = {};
    for (const [k, v] of Object.entries(after.data)) if (!same(v, before.data[k])) set[k] = v;
    // Only what the form asks can be emptied by it; anything else in the file stays.
    const asked = new Set(this.spec.questions.map((/** @type {{key: string}} */ q) => q.key));
    const remove = Object.keys(before.data).filter((k) => asked.has(k) && !(k in after.data));
    /** @type {[string, string][]} */
    const sections = after.sections.filter((x) => {
      const old = before.sections.find((y) => y.heading === x.heading);
      return !old || old.text !== x.text;
    }).map((x) => [x.heading, x.text]);
    const order = this.spec.process.sections.map((/** @type {{heading: string}} */ x) => x.heading);
    return changedText(before, {set, remove, sections}, order);
  }

  /** @param {number} added */
  done(added) {
    this.hooks.photos.kept += added;
    this.hooks.photos.first += added;
  }

  /** @param {import("../shared/submit.js").SubmitError} err */
  explain(err) {
    if (err.kind !== "stale") return "";
    const again = $("edit-reload");
    again.classList.remove("sb-hidden");
    return "提交前发现 " + this.path + " 在你读取之后已被修改（可能是别人刚合并了改动），这次什么都没有写入，" +
      "也没有覆盖别人的修改。请点“重新读取”取得最新版本（你填写的内容会保留），核对后再提交。";
  }

  /** 重新读取: the file's present version becomes the one expected; what was typed stays. */
  async reload() {
    const got = await this.client.readFile(this.path, this.ref).catch(() => null);
    if (!got) {
      this.hooks.say("无法重新读取 " + this.path + "，请稍后再试。", false);
      return;
    }
    this.sha = got.sha;
    this.text = got.text;
    $("edit-reload").classList.add("sb-hidden");
    this.hooks.say("已重新读取 " + this.path + " 的最新版本，你填写的内容都保留着。请核对后再点“" + EDIT_LABEL + "”。", null);
  }
}

/**
 * @param {any} spec
 * @param {string} path
 * @param {Hooks} hooks
 * @returns {Promise<EditedApplication | null>}
 */
export async function editMode(spec, path, hooks) {
  const note = noteBox();
  const blank = "下面是空白的申报表，可以照常填写。";
  const found = PROJECT_FILE.exec(path);
  if (!found) {
    note.textContent = "“" + path + "”不是项目文件的位置，本页不能修改它。" + blank;
    return null;
  }
  const [, year, slug] = found;
  const signedIn = connect(spec);
  if (!signedIn) {
    note.textContent = "要修改 " + path + " 的申报内容，请先";
    note.append(signInLink(), "，再从“更新项目”打开本页。" + blank);
    return null;
  }
  const {client, login} = signedIn;
  note.textContent = "正在读取 " + path + "……";
  try {
    const got = await client.readFile(path, spec.branch);
    if (!got) {
      note.textContent = "仓库的 " + spec.branch + " 分支上没有 " + path + "。" + blank;
      return null;
    }
    let file;
    try {
      file = readProject(got.text);
    } catch {
      note.textContent = path + " 的开头信息无法读取，请在 GitHub 上打开文件检查。" + blank;
      return null;
    }
    const stage = applicationStage(spec);
    if (String(file.data.stage || "") !== stage) {
      note.textContent = path + " 处于“" + stageLabel(spec, String(file.data.stage || "")) + "”阶段，只有“" +
        stageLabel(spec, stage) + "”阶段的项目才能在这里修改申报内容。" + blank;
      return null;
    }
    const roster = await client.readFile(spec.roster, spec.branch);
    const mine = branchesOf(roster ? parseRoster(roster.text) : {}, login);
    if (mine !== null && !mine.has(String(file.data.branch || ""))) {
      note.textContent = path + " 不是你所在支部的项目（" + login + " 不能修改它）。" + blank;
      return null;
    }
    // The photos already in the project stay; new ones are numbered after those the file shows.
    const shown = [...got.text.matchAll(new RegExp("\\]\\(" + slug.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") +
      "/photo-(\\d+)\\.", "g"))].map((m) => Number(m[1]));
    hooks.photos.kept = shown.length;
    hooks.photos.first = 1 + Math.max(0, ...shown);
    hooks.fill(hooks.restored ? {"f-slug": slug} : boxesOf(spec, file, slug));
    /** @type {HTMLInputElement} */ ($("f-slug")).readOnly = true;
    hooks.button.textContent = EDIT_LABEL;
    hooks.update();
    const again = document.createElement("button");
    again.type = "button";
    again.id = "edit-reload";
    again.className = "md-button sb-hidden";
    again.textContent = "重新读取";
    note.after(again);
    const edited = new EditedApplication(spec, hooks, {path, ref: spec.branch, sha: got.sha, text: got.text}, client);
    again.addEventListener("click", () => void edited.reload());
    note.textContent = "正在修改 " + path + " 的申报内容（第 " + year + " 年度）。" +
      (hooks.restored ? "本设备上有这次修改的草稿，已恢复草稿；要从仓库中的文件重新开始，请点“清空草稿”后刷新本页。" :
        "表格已按仓库中的文件填好。") +
      "简称不能修改。改好后点“" + EDIT_LABEL + "”，修改会作为新的拉取请求提交（写入整个文件）。" +
      (shown.length ? "项目中已有的 " + shown.length + " 张照片保留，也可以再添加照片。" : "");
    return edited;
  } catch (err) {
    note.textContent = "无法读取 " + path + "：" + describe(err) + blank;
    return null;
  }
}
