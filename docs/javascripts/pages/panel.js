// @ts-check
/**
 * 评审组 (/panel/): the approval block and the acceptance sheet the panel pastes into a project
 * file. Reviewers' names and scores stay in the browser. The stage each decision leads to comes
 * from the programme definition (spec.outcomes).
 */

import {acceptanceTotal, checkField} from "../shared/checks.js";
import {copy} from "../shared/clipboard.js";
import {$, para, rowInput, value} from "../shared/dom.js";
import {editUrl, noRepository, openPage} from "../shared/github.js";
import {Messages, refuse, status, touchOn} from "../shared/messages.js";
import {readSpec} from "../shared/spec.js";
import {clean, today} from "../shared/text.js";
import {scalar} from "../shared/writer.js";

/** @typedef {import("../shared/checks.js").Diagnostic} Diagnostic */
/** @typedef {{text: string, path: string}} State */

/**
 * @param {Diagnostic[]} found
 * @returns {string|null}
 */
function firstError(found) {
  const d = found.find((x) => x.severity === "error");
  return d ? d.message : null;
}

/**
 * The project file a block goes into (for the edit link).
 * @param {any} spec
 * @param {Messages} messages
 * @param {string} key
 * @returns {string}
 */
function pathProblem(spec, messages, key) {
  const path = value("f-" + key);
  const pathRe = new RegExp("^(?:" + spec.path_pattern[0] + ")$");
  const problem = path && !pathRe.test(path) ?
    "项目文件应写作 projects/<年度>/<简称>.md，如 projects/2026/eng-teachers-2026-01.md。" : null;
  messages.set(key, problem);
  return path;
}

/**
 * The copy and open buttons of one block.
 * @param {any} spec
 * @param {string} name approval | acceptance
 * @param {Messages} messages
 * @param {() => void} update
 * @param {State} state
 */
function opener(spec, name, messages, update, state) {
  const out = $(name + "-text"), note = $(name + "-note"), statusEl = $(name + "-status");
  $("copy-" + name).addEventListener("click", () => {
    if (!state.text) return refuse(messages, statusEl, note, update);
    copy(out, note);
  });
  $("open-" + name).addEventListener("click", () => {
    if (!state.text) return refuse(messages, statusEl, note, update);
    if (!spec.repository) return noRepository(note);
    if (!state.path) {
      note.textContent = "请先在上面填写“项目文件”，才能打开它的编辑页面。";
      $("f-" + name + ".path").focus();
      return;
    }
    openPage(editUrl(spec, state.path));
    const template = spec.templates[name];
    note.textContent = "已在新窗口打开 " + state.path + " 的编辑页面：把 stage 一行换成上面的内容，" +
      "提交到新分支并发起拉取请求" + (template ? "（模板 template=" + template + "）" : "") +
      "，再请另一位评审组成员批准。";
  });
}

/** @param {any} spec 立项批复 */
function approval(spec) {
  const messages = new Messages();
  /** @type {State} */
  const state = {text: "", path: ""};
  const out = spec.outcomes.approval;
  if (!$("f-approval.date").value) $("f-approval.date").value = today();
  $("f-approval.grant").value = String(spec.standard_grant);
  function update() {
    messages.reset();
    const path = pathProblem(spec, messages, "approval.path");
    const day = value("f-approval.date");
    const decision = value("f-approval.decision");
    const data = {approval: {decision}};
    const grantField = $("f-approval.grant").closest(".sb-field");
    const grant = value("f-approval.grant");
    const opinion = value("f-approval.opinion");
    messages.set("approval.date", firstError(checkField(spec, ["approval", "date"], day, data)));
    const grantFound = checkField(spec, ["approval", "grant"], grant, data);
    const asked = grantFound.length > 0 || checkField(spec, ["approval", "grant"], "", data).length > 0;
    grantField.classList.toggle("sb-hidden", !asked);
    messages.set("approval.grant", asked ? firstError(grantFound) : null);
    messages.set("approval.opinion", firstError(checkField(spec, ["approval", "opinion"], opinion, data)));
    const lines = ["stage: " + scalar(out[decision] || ""), "approval:", "  date: " + day,
      "  decision: " + scalar(decision)];
    if (asked) lines.push("  grant: " + parseInt(grant, 10));
    if (opinion) lines.push("  opinion: " + scalar(opinion));
    state.text = messages.problems.length ? "" : lines.join("\n") + "\n";
    state.path = messages.problems.length ? "" : path;
    $("approval-text").value = state.text;
    status($("approval-status"), messages, "检查通过：把项目文件中的 stage: " + spec.from.approval +
      " 一行换成下面的内容。");
  }
  touchOn($("sb-approval"), messages, update);
  opener(spec, "approval", messages, update, state);
  update();
}

/** @param {any} spec 验收评分 */
function acceptance(spec) {
  const messages = new Messages();
  /** @type {State} */
  const state = {text: "", path: ""};
  const out = spec.outcomes.acceptance;
  const box = $("score-rows");
  if (!$("f-acceptance.date").value) $("f-acceptance.date").value = today();
  const reviewer = spec.nodes["acceptance.scores.*.reviewer"];

  /**
   * @param {number} i
   * @returns {HTMLFieldSetElement}
   */
  function card(i) {
    const set = document.createElement("fieldset");
    set.className = "sb-reviewer";
    const legend = document.createElement("legend");
    legend.textContent = "评委 " + (i + 1);
    set.appendChild(legend);
    set.appendChild(rowInput("reviewer", reviewer.title, "scores", {className: "sb-name"}));
    spec.criteria.forEach((/** @type {any} */ c) => {
      set.appendChild(rowInput(c.key, c.title + "（满分 " + c.max + "）", "scores",
        {className: "sb-score", inputMode: "numeric"}));
    });
    set.appendChild(para("sb-sum"));
    set.appendChild(para("sb-msg"));
    return set;
  }

  function resize() {
    const n = parseInt($("f-reviewers").value, 10);
    while (box.children.length < n) box.appendChild(card(box.children.length));
    while (box.children.length > n) box.removeChild(box.lastChild);
  }
  $("f-reviewers").addEventListener("change", resize);
  resize();

  function update() {
    messages.reset();
    const path = pathProblem(spec, messages, "acceptance.path");
    const day = value("f-acceptance.date");
    messages.set("acceptance.date", firstError(checkField(spec, ["acceptance", "date"], day, {})));
    /** @type {Record<string, any>[]} */
    const scores = [];
    let complete = true;
    /** @type {string|null} */
    let first = null;
    Array.prototype.forEach.call(box.children, (/** @type {HTMLElement} */ set, /** @type {number} */ i) => {
      const get = (/** @type {string} */ name) =>
        clean(/** @type {HTMLInputElement} */ (set.querySelector('[name="' + name + '"]')).value).trim();
      /** @type {Record<string, any>} */
      const row = {reviewer: get("reviewer")};
      /** @type {string|null} */
      let problem = null;
      let sum = 0, filled = true;
      spec.criteria.forEach((/** @type {any} */ c) => {
        const text = get(c.key);
        if (!text) {
          filled = false;
          return;
        }
        const p = firstError(checkField(spec, ["acceptance", "scores", i, c.key], text, {}));
        if (p) problem = problem || p;
        else {
          row[c.key] = parseInt(text, 10);
          sum += row[c.key];
        }
      });
      const scored = filled && !problem;
      if (!problem && !filled) problem = "评委 " + (i + 1) + "还有未填的分数。";
      if (!problem) problem = firstError(checkField(spec, ["acceptance", "scores", i, "reviewer"], row.reviewer, {}));
      if (problem) complete = false;
      const shown = !!(problem && (messages.all || messages.touched.scores));
      /** @type {HTMLElement} */ (set.querySelector(".sb-sum")).textContent = scored ? "合计：" + sum + " 分" : "合计：—";
      /** @type {HTMLElement} */ (set.querySelector(".sb-msg")).textContent = shown ? problem : "";
      set.classList.toggle("sb-error", shown);
      if (problem) first = first || problem;
      scores.push(row);
    });
    if (first) messages.add("reviewers", first);
    const keys = spec.criteria.map((/** @type {any} */ c) => c.key);
    const total = complete ? acceptanceTotal(scores, keys) : null;
    $("acceptance-total").textContent = total === null ? "—" : total;
    const result = value("f-acceptance.result");
    const reach = total !== null && parseFloat(total) >= spec.threshold;
    $("award-eligible").textContent = total === null ? "" : reach ?
      (result === spec.passed ? "达到 " + spec.threshold + " 分，通过验收后可参加优秀成果评比。" :
        "达到 " + spec.threshold + " 分，但验收结论为未通过，不能参加优秀成果评比。") :
      "未达到 " + spec.threshold + " 分，不能参加优秀成果评比。";
    const opinion = value("f-acceptance.opinion");
    messages.set("acceptance.opinion", firstError(checkField(spec, ["acceptance", "opinion"], opinion, {})));
    const lines = ["stage: " + scalar(out[result] || ""), "acceptance:", "  date: " + day, "  scores:"];
    scores.forEach((row) => {
      lines.push("    - reviewer: " + scalar(row.reviewer));
      keys.forEach((/** @type {string} */ k) => { lines.push("      " + k + ": " + row[k]); });
    });
    if (total !== null) lines.push("  total: " + total);
    lines.push("  result: " + scalar(result));
    if (opinion) lines.push("  opinion: " + scalar(opinion));
    state.text = messages.problems.length ? "" : lines.join("\n") + "\n";
    state.path = messages.problems.length ? "" : path;
    $("acceptance-text").value = state.text;
    status($("acceptance-status"), messages, "检查通过：把项目文件中的 stage: " + spec.from.acceptance +
      " 一行换成下面的内容。");
  }
  touchOn($("sb-acceptance"), messages, update);
  $("f-reviewers").addEventListener("change", update);
  opener(spec, "acceptance", messages, update, state);
  update();
}

const spec = readSpec();
if (spec && spec.page === "panel") {
  approval(spec);
  acceptance(spec);
}
