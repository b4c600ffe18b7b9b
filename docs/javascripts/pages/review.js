// @ts-check
/**
 * 待审批 (/review/): for a signed-in panel member or general-branch head, the open pull requests
 * they may approve (newest first, with the checks' result); `?pull=N` shows one: the change
 * receipt of every project file (shared/receipt.js over the base's and the head's text), the
 * photos, what the approvals still need, and the actions the person's role allows: 批准 and
 * 需要修改 (a real GitHub review of the head commit), the panel's blocks (written on /panel/ into
 * this pull request's branch), 合并 once the checks and approvals are complete. Who may approve
 * comes from shared/approvers.js, the table `approvals` applies; the `approvals` check on GitHub
 * stays the judge.
 */

import {conflicts, lineOf, mayApprove, met, readProject, required} from "../shared/approvers.js";
import {$, empty} from "../shared/dom.js";
import {GitHubError, createClient, describe} from "../shared/github.js";
import {renderReceipt, receipt} from "../shared/receipt.js";
import {parseRoster} from "../shared/roster.js";
import {loadSession} from "../shared/session.js";
import {readSpec} from "../shared/spec.js";
import {visibleText} from "../shared/text.js";

/** @typedef {import("../shared/approvers.js").Requirement} Requirement */
/** @typedef {import("../shared/github.js").Client} Client */

const IMAGE = /\.(jpe?g|png|webp)$/i;
const PROJECT_FILE = /^projects\/\d{4}\/[a-z0-9-]+\.md$/;
// The checks CI runs on a pull request (.github/workflows), in words.
const CHECK_NAMES = /** @type {Record<string, string>} */ ({validate: "内容检查", approvals: "批准检查"});
// The panel's blocks (/panel/ forms), in the order of the programme.
const BLOCKS = /** @type {[string, string][]} */ ([
  ["approval", "立项批复"], ["midterm", "中期检查意见"], ["acceptance", "验收评分"], ["award", "表彰"],
]);

/**
 * @param {string} text
 * @param {boolean|null} [good]
 */
function say(text, good = null) {
  const line = $("review-status");
  line.textContent = text;
  line.classList.toggle("sb-good", good === true);
  line.classList.toggle("sb-bad", good === false);
}

/**
 * @param {HTMLElement} parent @param {string} tag @param {string} text @param {string} [className]
 * @returns {HTMLElement}
 */
function add(parent, tag, text, className) {
  const el = document.createElement(tag);
  el.textContent = text;
  if (className) el.className = className;
  parent.appendChild(el);
  return el;
}

/**
 * The checks of a commit in words: {ok, pending, text, failing: [names]}.
 * @param {any[]} runs GitHub's check runs of the head commit
 */
function checksOf(runs) {
  /** @type {string[]} */
  const failing = [], pending = [];
  for (const name of Object.keys(CHECK_NAMES)) {
    const run = runs.find((r) => r.name === name);
    if (!run || run.status !== "completed") pending.push(CHECK_NAMES[name]);
    else if (run.conclusion !== "success") failing.push(CHECK_NAMES[name]);
  }
  const text = failing.length ? "检查未通过：" + failing.join("、") :
    pending.length ? "检查进行中：" + pending.join("、") : "检查通过";
  return {ok: !failing.length && !pending.length, failing, pending, text};
}

/**
 * A pull request's changed files with both sides' text (project files), the media files, and
 * what the approvals need.
 * @param {Client} gh @param {any} pr @param {any} roster @param {any} spec
 */
async function analyse(gh, pr, roster, spec) {
  const files = await gh.pullFiles(pr.number);
  const base = String(pr.base.sha), head = String(pr.head.sha);
  /** @type {import("../shared/approvers.js").Changed[]} */
  const changed = [];
  /** @type {Record<string, string|null>} */
  const owners = {};
  for (const f of files) {
    const path = String(f.filename);
    if (PROJECT_FILE.test(path)) {
      const old = f.status === "added" ? null : await gh.readFile(String(f.previous_filename || path), base);
      const now = f.status === "removed" ? null : await gh.readFile(path, head);
      changed.push({path, before: old ? old.text : null, after: now ? now.text : null});
    } else {
      changed.push({path, before: null, after: null});
    }
  }
  for (const c of changed) {
    const media = /^(projects\/\d{4}\/[a-z0-9-]+)\/[^/]+$/.exec(c.path);
    if (!media) continue;
    const owner = media[1] + ".md";
    if (owner in owners) continue;
    const inPr = changed.find((x) => x.path === owner);
    if (inPr) owners[owner] = inPr.after !== null ? inPr.after : inPr.before;
    else {
      const found = (await gh.readFile(owner, head)) || (await gh.readFile(owner, base));
      owners[owner] = found ? found.text : null;
    }
  }
  const author = String(pr.user.login);
  const needed = required(changed, roster, author, {rules: spec.approvers, process: spec.process}, owners);
  // The branches the projects name on either side (a panel member's conflict of interest).
  const branches = [...new Set(changed.flatMap((c) => [readProject(c.before), readProject(c.after)])
    .map((doc) => (doc && typeof doc.data.branch === "string" ? doc.data.branch : ""))
    .filter(Boolean))];
  return {files, changed, needed, author, branches};
}

/**
 * Why the person may not approve: a conflict of interest (冲突回避) or a role the change does
 * not ask for; "" when they may.
 * @param {any} roster @param {string} login @param {string} author @param {Requirement[]} needed
 * @param {string[]} branches
 */
function whyNot(roster, login, author, needed, branches) {
  if (mayApprove(needed, login).length) return "";
  if (login.toLowerCase() === author.toLowerCase()) return "你是这个拉取请求的作者，作者本人不能批准自己的拉取请求。";
  const panel = (roster.panel || []).some((/** @type {any} */ p) => String(p.login).toLowerCase() === login.toLowerCase());
  const mine = conflicts(roster, login, branches);
  if (panel && mine.length) {
    return "冲突回避：你所在的支部或你负责的党总支与这个项目有关（" + mine.join("、") +
      "），按规定你在这个项目上只是支部的普通成员，不能批准评审组的步骤，也不能写评审组的内容；请由其他评审组成员审批。";
  }
  if (!needed.length) return "这个拉取请求不需要批准。";
  return "这个拉取请求需要" + [...new Set(needed.map((r) => r.role))].join("、") + "的批准，你不在其中。";
}

/**
 * The list: open pull requests that wait for the person, or rule them out by a conflict.
 * @param {Client} gh @param {any} roster @param {string} login @param {any} spec
 */
async function showList(gh, roster, login, spec) {
  const pulls = (await gh.pulls({state: "open"}))
    .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.number - a.number);
  const list = $("review-list");
  empty(list);
  let shown = 0;
  for (const pr of pulls) {
    const info = await analyse(gh, pr, roster, spec);
    const mine = mayApprove(info.needed, login);
    const why = mine.length ? "" : whyNot(roster, login, info.author, info.needed, info.branches);
    if (!mine.length && !why.startsWith("冲突回避")) continue;
    const checks = checksOf(await gh.checkRuns(String(pr.head.sha)));
    const li = document.createElement("li");
    li.dataset.pull = String(pr.number);
    const a = /** @type {HTMLAnchorElement} */ (add(li, "a", "#" + pr.number + " " + visibleText(spec, pr.title)));
    a.href = "?pull=" + pr.number;
    add(li, "span", "（" + visibleText(spec, info.author) + " 提交于 " + String(pr.created_at).slice(0, 10) + "）");
    add(li, "p", checks.text, "sb-note " + (checks.ok ? "sb-good" : checks.failing.length ? "sb-bad" : ""));
    add(li, "p", mine.length ? "等待你批准：" + mine.map((r) => r.subject + "（" + r.reason + "）").join("；") : why, "sb-note");
    list.appendChild(li);
    shown++;
  }
  $("review-list-box").classList.remove("sb-hidden");
  say(shown ? "有 " + shown + " 个拉取请求等待你审批（最新的在前）。" : "目前没有等待你审批的拉取请求。", true);
}

/** @param {string} path */
function imageType(path) {
  return /\.png$/i.test(path) ? "image/png" : /\.webp$/i.test(path) ? "image/webp" : "image/jpeg";
}

/**
 * Thumbnails of the pull request's photos at its head (blob: addresses; the policy allows them).
 * @param {Client} gh @param {any[]} files @param {string} head
 */
async function photos(gh, files, head) {
  const box = $("review-photos");
  empty(box);
  for (const f of files) {
    if (f.status === "removed" || !IMAGE.test(String(f.filename))) continue;
    const file = await gh.readFile(String(f.filename), head);
    if (!file) continue;
    const type = imageType(String(f.filename));
    const figure = document.createElement("figure");
    const img = document.createElement("img");
    img.src = URL.createObjectURL(new Blob([file.bytes], {type}));
    img.alt = "照片：" + String(f.filename).split("/").pop();
    img.className = "sb-thumb";
    img.width = 160;
    figure.appendChild(img);
    add(figure, "figcaption", String(f.filename).split("/").pop() || "");
    box.appendChild(figure);
  }
}

/**
 * The panel's blocks the person may write into this pull request: a panel member without a
 * conflict, for the block whose step starts from the project's stage on the base.
 * @param {any} spec @param {number} number @param {import("../shared/approvers.js").Changed[]} changed
 */
function blockLinks(spec, number, changed) {
  const links = $("review-block-links");
  empty(links);
  for (const c of changed) {
    if (!PROJECT_FILE.test(c.path)) continue;
    const base = readProject(c.before);
    const stage = base ? base.data.stage : null;
    if (typeof stage !== "string") continue;
    for (const [name, words] of BLOCKS) {
      const from = /** @type {string[]} */ ([]).concat(spec.blocks[name]);
      if (!from.includes(stage)) continue;
      const li = document.createElement("li");
      const a = /** @type {HTMLAnchorElement} */ (add(li, "a", "填写" + words + "并写入本拉取请求（" + c.path + "）"));
      a.href = "../panel/?pull=" + number + "&file=" + encodeURIComponent(c.path) + "#" + "sb-" + name;
      a.id = "block-" + name;
      links.appendChild(li);
    }
  }
  return links.children.length > 0;
}

/**
 * One pull request: receipt, photos, approvals, actions.
 * @param {Client} gh @param {any} roster @param {string} login @param {any} spec @param {number} number
 */
async function showPull(gh, roster, login, spec, number) {
  const pr = await gh.pull(number);
  $("review-detail").classList.remove("sb-hidden");
  const head = String(pr.head.sha);
  const info = await analyse(gh, pr, roster, spec);
  const title = document.querySelector("article h1") || document.querySelector("h1");
  if (title) title.textContent = "待审批：#" + pr.number + " " + visibleText(spec, pr.title);
  $("review-meta").textContent = "作者 " + visibleText(spec, info.author) + "，分支 " + visibleText(spec, pr.head.ref) + "，最新提交 " + head.slice(0, 7) +
    (pr.state !== "open" ? (pr.merged ? "；已合并。" : "；已关闭。") : "。");
  const runs = await gh.checkRuns(head);
  const checks = checksOf(runs);
  $("review-checks").textContent = checks.text + "。";
  $("review-checks").className = "sb-note " + (checks.ok ? "sb-good" : checks.failing.length ? "sb-bad" : "");
  // The receipt of every project file (the wording is receipt.js's, shared with `check`).
  const box = $("review-receipt");
  empty(box);
  for (const c of info.changed) {
    if (!PROJECT_FILE.test(c.path)) continue;
    box.appendChild(renderReceipt(receipt(c.path, c.before, c.after, spec), document));
  }
  // The receipt's pictures name their files: read at the head (a removed one at the base).
  /** @type {Set<string>} */
  const pictured = new Set();
  for (const img of /** @type {HTMLImageElement[]} */ ([...box.querySelectorAll("img[data-path]")])) {
    const path = String(img.dataset.path);
    pictured.add(path);
    const file = (await gh.readFile(path, head)) || (await gh.readFile(path, String(pr.base.sha)));
    if (file) img.src = URL.createObjectURL(new Blob([file.bytes], {type: imageType(path)}));
  }
  await photos(gh, info.files.filter((f) => !pictured.has(String(f.filename))), head);
  // What the approvals still need, as `approvals` says it.
  const reviews = await gh.reviews(pr.number);
  const state = met(info.needed, reviews, head, info.author);
  const list = $("review-approvals");
  empty(list);
  if (!state.length) add(list, "li", "本拉取请求不需要批准。");
  for (const {req, by} of state) add(list, "li", lineOf(req, by), by ? "sb-good" : "sb-bad");
  const missing = state.filter((x) => !x.by).map((x) => lineOf(x.req, null));
  const stale = reviews.filter((r) => r.state === "APPROVED" && String(r.commit_id) !== head &&
    mayApprove(info.needed, String(r.user.login)).length &&
    !reviews.some((x) => x.user.login === r.user.login && x.state === "APPROVED" && String(x.commit_id) === head));
  for (const r of stale) {
    add(list, "li", r.user.login + " 批准的是较早的提交 " + String(r.commit_id).slice(0, 7) +
      "，需在最新提交 " + head.slice(0, 7) + " 上重新批准。", "sb-bad");
  }
  if (pr.state !== "open") return;

  // 批准 / 需要修改: only for someone the change waits for.
  const why = whyNot(roster, login, info.author, info.needed, info.branches);
  $("review-why").textContent = why;
  const form = $("sb-decide");
  form.classList.toggle("sb-hidden", !!why);
  if (!why) decide(gh, pr, head);
  // The panel's blocks: panel members without a conflict.
  const panel = (roster.panel || []).some((/** @type {any} */ p) => String(p.login).toLowerCase() === login.toLowerCase());
  const conflicted = conflicts(roster, login, info.branches).length > 0;
  if (panel && !conflicted && blockLinks(spec, pr.number, info.changed)) {
    $("review-blocks-note").textContent = "评审组的内容在“评审组填报”中填写，写好后直接提交到这个拉取请求的分支：";
    $("review-blocks").classList.remove("sb-hidden");
  }
  // 合并: GitHub's write permission decides who may; checks and approvals decide when.
  const repository = await gh.repository();
  if (repository.permissions && repository.permissions.push) {
    $("review-merge-box").classList.remove("sb-hidden");
    const note = $("review-merge-note");
    const blockers = [
      ...checks.failing.map((n) => n + "未通过"), ...checks.pending.map((n) => n + "还在进行"),
      ...(missing.length ? missing : []),
    ];
    note.textContent = blockers.length ? "暂不能合并：" + blockers.join("；") : "检查通过，批准齐全，可以合并。";
    $("merge").addEventListener("click", () => void merge(gh, pr, head, blockers));
  }
}

/**
 * The review buttons: APPROVE (comment optional) and REQUEST_CHANGES (comment required), both
 * on the head commit shown.
 * @param {Client} gh @param {any} pr @param {string} head
 */
function decide(gh, pr, head) {
  const comment = /** @type {HTMLTextAreaElement} */ ($("f-comment"));
  const message = $("f-comment-msg");
  const result = $("review-result");
  /** @param {"APPROVE"|"REQUEST_CHANGES"} event */
  async function send(event) {
    message.textContent = "";
    const body = comment.value.trim();
    if (event === "REQUEST_CHANGES" && !body) {
      message.textContent = "请在“意见”中写明需要修改的地方，再点“需要修改”。";
      /** @type {HTMLElement} */ (message.closest(".sb-field")).classList.add("sb-error");
      comment.focus();
      return;
    }
    for (const id of ["approve", "request-changes"]) /** @type {HTMLButtonElement} */ ($(id)).disabled = true;
    result.textContent = "正在提交评审……";
    try {
      await gh.submitReview(pr.number, {event, body, commitId: head});
      comment.value = "";
      result.textContent = (event === "APPROVE" ? "已批准" : "已提交“需要修改”") + "（提交 " + head.slice(0, 7) +
        "）。GitHub 上的批准检查会重新运行；刷新本页可以看到最新的批准情况。";
      result.className = "sb-status sb-good";
    } catch (err) {
      result.textContent = "评审没有提交：" + describe(err);
      result.className = "sb-status sb-bad";
    } finally {
      for (const id of ["approve", "request-changes"]) /** @type {HTMLButtonElement} */ ($(id)).disabled = false;
    }
  }
  $("approve").addEventListener("click", () => void send("APPROVE"));
  $("request-changes").addEventListener("click", () => void send("REQUEST_CHANGES"));
}

/**
 * 合并 the head shown; what is missing is said instead when the page knows it, and GitHub's
 * refusal (branch protection, a newer commit) in words when it does not.
 * @param {Client} gh @param {any} pr @param {string} head @param {string[]} blockers
 */
async function merge(gh, pr, head, blockers) {
  const note = $("review-merge-note");
  if (blockers.length) {
    note.textContent = "不能合并：" + blockers.join("；");
    note.className = "sb-note sb-bad";
    return;
  }
  /** @type {HTMLButtonElement} */ ($("merge")).disabled = true;
  note.textContent = "正在合并……";
  try {
    await gh.merge(pr.number, {sha: head});
    note.textContent = "已合并。";
    note.className = "sb-note sb-good";
  } catch (err) {
    const text = err instanceof GitHubError && err.kind === "not-mergeable" ?
      "GitHub 拒绝合并：还有检查未通过或批准不全，或与目标分支有冲突。请刷新本页查看。" :
      err instanceof GitHubError && err.kind === "conflict" ?
        "GitHub 拒绝合并：拉取请求有了新的提交，请刷新本页，看过新的改动后再审批。" : describe(err);
    note.textContent = text;
    note.className = "sb-note sb-bad";
    /** @type {HTMLButtonElement} */ ($("merge")).disabled = false;
  }
}

async function main() {
  const spec = readSpec();
  if (!spec || spec.page !== "review") return;
  if (!spec.owner) {
    say("网站没有设置仓库地址，本页无法使用。", false);
    return;
  }
  const {session} = loadSession(spec.api);
  if (!session) {
    say("请先登录：本页用你自己的 GitHub 令牌读取拉取请求并提交评审。", false);
    const a = /** @type {HTMLAnchorElement} */ (add($("review-output"), "a", "去登录"));
    a.href = "../signin/";
    return;
  }
  const gh = createClient({api: spec.api, owner: spec.owner, repo: spec.repo, token: session.token});
  say("正在读取……");
  try {
    const repository = await gh.repository();
    const file = await gh.readFile(spec.roster, String(repository.default_branch || spec.branch));
    if (!file) throw new Error("no roster");
    const roster = parseRoster(file.text);
    $("review-who").textContent = "已登录：" + session.login;
    const number = Number(new URLSearchParams(location.search).get("pull") || "");
    if (Number.isInteger(number) && number > 0) {
      await showPull(gh, roster, session.login, spec, number);
      say("");
      $("review-output").classList.toggle("sb-hidden", false);
    } else {
      await showList(gh, roster, session.login, spec);
    }
  } catch (err) {
    say(err instanceof GitHubError ? "读取失败：" + describe(err) : "读取失败：名册或拉取请求无法读取，请刷新页面重试。", false);
  }
}

void main();
