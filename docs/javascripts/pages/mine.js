// @ts-check
/**
 * 我的提交 (/mine/): the signed-in person's open pull requests, each with what the checks said
 * (shared/check-results.js: check runs and annotations, or on a private repository the Actions job and
 * its JSON artifact), who still has to approve (the approvals check's own lines) and what to do
 * next; a failed check links the form that opens the pull request's file with the messages beside
 * its fields (/update/?pull=N, /apply/?pull=N for an application).
 */

import {CHECKS, checksOf} from "../shared/check-results.js";
import {connect} from "../shared/connect.js";
import {$, empty} from "../shared/dom.js";
import {describe} from "../shared/github.js";
import {readSpec} from "../shared/spec.js";
import {visibleText} from "../shared/text.js";

/** @typedef {import("../shared/check-results.js").CheckResult} CheckResult */

const NAMES = {validate: "自动检查", approvals: "批准"};
const STATES = {
  pending: "正在检查",
  success: "通过",
  failure: "未通过",
  missing: "没有运行",
};
const PROJECT_FILE = /^projects\/[0-9]{4}\/[^/]+\.md$/;

/**
 * @param {string} tag
 * @param {string} [text]
 * @param {string} [className]
 */
function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/**
 * What to do next, in words, and the form to do it in (or "").
 * @param {CheckResult[]} checks
 * @param {string} form
 * @returns {{text: string, href: string}}
 */
export function nextStep(checks, form) {
  const [validate, approvals] = CHECKS.map((n) => checks.find((c) => c.name === n));
  if (!validate || validate.state === "pending" || !approvals || approvals.state === "pending") {
    return {text: "自动检查正在进行，请稍后点“刷新”。", href: ""};
  }
  if (validate.state === "failure") {
    return {text: "自动检查未通过：点“修改后重新提交”，在表格中按提示改正，修改会提交到同一个拉取请求。", href: form};
  }
  if (approvals.state === "failure") {
    return {text: "自动检查已通过，正在等待批准（见上）。不需要你再做什么；批准后由评审组合并。", href: ""};
  }
  return {text: "自动检查和批准都已完成，等待评审组合并。", href: ""};
}

/**
 * One pull request.
 * @param {any} spec
 * @param {any} pr
 * @param {CheckResult[]} checks
 * @param {any[]} files
 */
function card(spec, pr, checks, files) {
  const box = el("section", "", "sb-pull");
  box.dataset.pull = String(pr.number);
  const h = el("h2");
  const a = /** @type {HTMLAnchorElement} */ (el("a", "#" + pr.number + " " + visibleText(spec, pr.title)));
  a.href = String(pr.html_url);
  h.appendChild(a);
  box.appendChild(h);
  const file = files.find((f) => PROJECT_FILE.test(f.filename));
  if (file) box.appendChild(el("p", "项目文件：" + file.filename, "sb-help"));
  for (const c of checks) {
    const name = /** @type {Record<string, string>} */ (NAMES)[c.name] || c.name;
    const line = el("p", name + "：" + STATES[c.state], "sb-check-state sb-" + c.state);
    line.dataset.check = c.name;
    box.appendChild(line);
    const list = el("ul", "", "sb-findings");
    list.dataset.check = c.name;
    for (const f of c.findings) {
      list.appendChild(el("li", visibleText(spec, (f.severity === "warning" ? "提醒" : "错误") + "（" + f.code + "，第 " + f.line + " 行）：" + f.message)));
    }
    for (const text of c.lines) list.appendChild(el("li", visibleText(spec, text)));
    if (!c.detailed) {
      const li = el("li", "未能读取详细提示（私有仓库的检查结果存放在 GitHub 的另一个地址，本网站不能访问）。请在 GitHub 上查看：");
      const link = /** @type {HTMLAnchorElement} */ (el("a", "检查详情"));
      link.href = c.url || String(pr.html_url);
      li.appendChild(link);
      list.appendChild(li);
    }
    if (list.children.length) box.appendChild(list);
  }
  const application = file && file.status === "added";
  const form = (application ? spec.forms.apply : spec.forms.update) + "?pull=" + pr.number;
  const next = nextStep(checks, file ? form : "");
  box.appendChild(el("p", "下一步：" + next.text, "sb-next"));
  if (next.href) {
    const go = /** @type {HTMLAnchorElement} */ (el("a", "修改后重新提交", "md-button md-button--primary"));
    go.href = next.href;
    const p = el("p", "", "sb-buttons");
    p.appendChild(go);
    box.appendChild(p);
  }
  return box;
}

/** @param {any} spec */
async function show(spec) {
  const statusEl = $("mine-status"), list = $("mine-list");
  const signedIn = connect(spec);
  empty(list);
  if (!signedIn) {
    empty(statusEl);
    statusEl.append("请先");
    const a = /** @type {HTMLAnchorElement} */ (el("a", "登录"));
    a.href = "../signin/";
    statusEl.append(a, "，本页才能读取你发起的拉取请求。");
    return;
  }
  statusEl.textContent = "正在读取 " + signedIn.login + " 的拉取请求……";
  try {
    const {client, login} = signedIn;
    const repo = await client.repository();
    const mine = (await client.pulls({state: "open"}))
      .filter((p) => p.user && String(p.user.login).toLowerCase() === login.toLowerCase());
    for (const pr of mine) {
      const [files, checks] = await Promise.all([client.pullFiles(pr.number), checksOf(client, pr.head.sha, !!repo.private)]);
      list.appendChild(card(spec, pr, checks, files));
    }
    statusEl.textContent = mine.length ? login + " 发起、尚未合并的拉取请求共 " + mine.length + " 个。"
      : login + " 目前没有尚未合并的拉取请求。";
  } catch (err) {
    statusEl.textContent = "无法读取：" + describe(err);
  }
}

const spec = readSpec();
if (spec && spec.page === "mine") {
  show(spec);
  $("mine-refresh").addEventListener("click", () => show(spec));
}
