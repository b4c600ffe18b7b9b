// @ts-check
/**
 * /panel/ opened from the review page (/review/) as `?pull=N&file=projects/<year>/<slug>.md`:
 * the project is chosen, and each block (立项批复, 中期检查, 验收评分, 表彰) gets a button that
 * writes its lines into the file on the pull request's branch, through shared/submit.js with
 * `pull: N` (a new commit on that pull request), or, for someone GitHub does not let push there,
 * as a new pull request into that branch. Loaded only in that case (the panel page works without
 * signing in); the block's lines are the ones the form shows, already checked.
 */

import {$} from "./dom.js";
import {createClient, describe} from "./github.js";
import {loadSession} from "./session.js";

// The panel's blocks: the form's name is the file's field.
const BLOCKS = /** @type {[string, string][]} */ ([
  ["approval", "立项批复"], ["midterm", "中期检查意见"], ["acceptance", "验收评分"], ["award", "表彰"],
]);
const PROJECT_FILE = /^projects\/\d{4}\/[a-z0-9]+(?:-[a-z0-9]+)*\.md$/;

/**
 * The file with `block` (the form's lines: `stage: …` then `<key>:` and its indented lines) in
 * place of its `stage` line and of any `<key>` block it held; null when it has no front matter or
 * no stage line.
 * @param {string} text @param {string} key @param {string} block
 * @returns {string|null}
 */
export function spliceBlock(text, key, block) {
  const lines = text.split("\n");
  if (lines[0].replace(/\r$/, "") !== "---") return null;
  const end = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
  if (end < 0) return null;
  const front = lines.slice(1, end);
  /** @type {string[]} */
  const kept = [];
  let at = -1;
  for (let i = 0; i < front.length; i++) {
    const line = front[i];
    if (/^stage\s*:/.test(line)) {
      at = kept.length;
      continue;
    }
    if (new RegExp("^" + key + "\\s*:").test(line)) {
      if (at < 0) at = kept.length;
      while (i + 1 < front.length && /^(\s|$)/.test(front[i + 1]) && !/^\s*$/.test(front[i + 1])) i++;
      continue;
    }
    kept.push(line);
  }
  if (at < 0) return null;
  kept.splice(at, 0, ...block.replace(/\n+$/, "").split("\n"));
  return ["---", ...kept, ...lines.slice(end)].join("\n");
}

/**
 * @param {HTMLElement} parent @param {string} text @param {string} [className]
 */
function line(parent, text, className) {
  const p = document.createElement("p");
  p.className = "sb-note" + (className ? " " + className : "");
  p.textContent = text;
  parent.appendChild(p);
  return p;
}

/**
 * Pull-request mode, when the address asks for it.
 * @param {any} spec the panel page's definitions
 */
export function pullMode(spec) {
  const query = new URLSearchParams(location.search);
  const number = Number(query.get("pull") || "");
  const path = query.get("file") || "";
  if (!Number.isInteger(number) || number <= 0 || !PROJECT_FILE.test(path)) return;
  const banner = document.createElement("div");
  banner.className = "sb-output";
  banner.id = "pull-banner";
  const form = document.getElementById("sb-panel-project");
  (form && form.parentNode ? form.parentNode : document.body).insertBefore(banner, form);
  const api = spec.api || "";
  const {session} = api ? loadSession(api) : {session: null};
  if (!session || !spec.owner) {
    line(banner, "要把内容直接写入拉取请求 #" + number + "，请先登录；不登录也可以复制内容后在 GitHub 上修改。", "sb-bad");
    return;
  }
  line(banner, "为拉取请求 #" + number + " 填写：" + path + "。填好一项后点“写入拉取请求 #" + number +
    "”，内容会作为一个新的提交写入这个拉取请求的分支。");
  const back = document.createElement("a");
  back.href = "../review/?pull=" + number;
  back.textContent = "返回审批页";
  back.id = "pull-back";
  banner.appendChild(back);
  const file = /** @type {HTMLInputElement|null} */ (document.getElementById("f-file"));
  if (file) {
    file.value = path.replace(/^projects\//, "").replace(/\.md$/, "");
    file.dispatchEvent(new Event("input", {bubbles: true}));
  }
  const gh = createClient({api, owner: spec.owner, repo: spec.repo, token: session.token});
  for (const [name, words] of BLOCKS) {
    const open = document.getElementById("open-" + name);
    if (!open || !open.parentNode) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button md-button--primary";
    button.id = "pull-" + name;
    button.textContent = "写入拉取请求 #" + number;
    open.parentNode.insertBefore(button, open.nextSibling);
    button.addEventListener("click", () => void write(gh, number, path, name, words, button));
  }
}

/**
 * One block into the pull request's branch.
 * @param {import("./github.js").Client} gh @param {number} number @param {string} path
 * @param {string} name @param {string} words @param {HTMLButtonElement} button
 */
async function write(gh, number, path, name, words, button) {
  const note = /** @type {HTMLElement} */ (document.getElementById(name + "-note"));
  const text = /** @type {HTMLTextAreaElement} */ (document.getElementById(name + "-text")).value;
  if (!text) {
    note.textContent = "请先把上面的内容填写完整：检查通过后才能写入拉取请求。";
    return;
  }
  button.disabled = true;
  note.textContent = "正在写入拉取请求 #" + number + "……";
  try {
    const pr = await gh.pull(number);
    if (pr.state !== "open") throw new Error("拉取请求 #" + number + " 已经关闭，不能再写入。");
    const current = await gh.readFile(path, String(pr.head.sha));
    if (!current) throw new Error("拉取请求 #" + number + " 的分支上没有 " + path + "。");
    const changed = spliceBlock(current.text, name, text);
    if (changed === null) throw new Error(path + " 的开头没有“stage”一行，无法写入；请在 GitHub 上检查这个文件。");
    const repository = await gh.repository();
    const push = !!(repository.permissions && repository.permissions.push);
    const {submit} = await import("./submit.js");
    const message = words + "：" + path.replace(/^projects\//, "").replace(/\.md$/, "");
    /** @type {any} */
    const job = push
      ? {id: "panel-" + name + "-" + number, kind: "panel-" + name, title: message, body: message, message,
        branch: String(pr.head.ref), files: [{path, text: changed}], pull: number}
      : {id: "panel-" + name + "-" + number, kind: "panel-" + name, title: message,
        body: message + "（写入拉取请求 #" + number + "）", message,
        branch: "panel-" + name + "-" + number, base: String(pr.head.ref), files: [{path, text: changed}]};
    await submit(gh, job, (/** @type {string} */ step) => { note.textContent = step; });
    note.textContent = push
      ? "已把" + words + "写入拉取请求 #" + number + "。请返回审批页批准新的提交。"
      : "你不能直接修改拉取请求 #" + number + " 的分支，已把" + words + "作为新的拉取请求提交到它的分支。";
    button.textContent = "已写入拉取请求 #" + number;
  } catch (err) {
    note.textContent = "没有写入：" + (err instanceof Error && !(err.name === "GitHubError") ? err.message : describe(err));
    button.disabled = false;
  }
}
