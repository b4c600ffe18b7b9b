// @ts-check
/**
 * 评审组 (/panel/): the approval block and the acceptance sheet the panel pastes into a project
 * file. Reviewers' names and scores stay in the browser. The stage each decision leads to comes
 * from the programme definition (spec.outcomes).
 */

import {copy} from "../shared/clipboard.js";
import {$, datePicker, para, rowInput, shownBack, value} from "../shared/dom.js";
import {FormDraft} from "../shared/drafts.js";
import {editUrl, noRepository, openPage} from "../shared/github-pages.js";
import {Messages, byField, firstError, refuse, rowOf, status, touchOn} from "../shared/messages.js";
import {acceptanceTotal, checkChars, checkField, checkPath, fieldNode} from "../shared/rules.js";
import {readSpec} from "../shared/spec.js";
import {today} from "../shared/text.js";
import * as values from "../shared/values.js";
import {scalar} from "../shared/writer.js";

/** @typedef {{text: string, path: string}} State */

/**
 * The form's field `key` read as the file will hold it.
 * @param {string} key
 * @returns {string|undefined}
 */
function typed(key) {
  return values.text($("f-" + key).value);
}

/**
 * A date field read as values.date reads it, what was understood shown back.
 * @param {string} key
 * @returns {string|undefined}
 */
function day(key) {
  const box = $("f-" + key);
  const read = values.date(box.value);
  shownBack(box, values.understood(box.value, read));
  return read;
}

/**
 * The block's draft (saved as typed, restored, 清空草稿) and its date's calendar.
 * @param {any} spec
 * @param {string} name approval | acceptance
 * @param {Messages} messages
 * @param {() => void} defaults
 * @param {Record<string, (n: number) => void>} [rows]
 * @returns {FormDraft}
 */
function keep(spec, name, messages, defaults, rows) {
  datePicker($("f-" + name + ".date"), values.date);
  // One draft per project file (several coexist); until a file is named, a draft of its own.
  const draft = new FormDraft($("sb-" + name), {
    name: "panel-" + name,
    project: "-",
    rows,
    blank: () => {
      messages.touched = {};
      messages.all = false;
      defaults();
    },
  });
  const box = $("f-" + name + ".path");
  box.addEventListener("change", () => {
    const path = value("f-" + name + ".path");
    if (path && checkPath(spec, path).length === 0) draft.rekey(path);
  });
  const last = draft.last();
  if (last) draft.switchTo(last);
  return draft;
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
  messages.set(key, path ? firstError(checkPath(spec, path)) : null);
  return path;
}

/**
 * The copy and open buttons of one block.
 * @param {any} spec
 * @param {string} name approval | acceptance
 * @param {Messages} messages
 * @param {() => void} update
 * @param {State} state
 * @param {FormDraft} draft
 */
function opener(spec, name, messages, update, state, draft) {
  const out = $(name + "-text"), note = $(name + "-note"), statusEl = $(name + "-status");
  $("copy-" + name).addEventListener("click", () => {
    if (!state.text) return refuse(messages, statusEl, note, update);
    copy(out, note);
    draft.done();
  });
  $("open-" + name).addEventListener("click", () => {
    if (!state.text) return refuse(messages, statusEl, note, update);
    if (!spec.repository) return noRepository(note);
    draft.done();
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
  function defaults() {
    if (!$("f-approval.date").value) $("f-approval.date").value = today();
    if (!$("f-approval.grant").value) $("f-approval.grant").value = String(spec.standard_grant);
  }
  defaults();
  const draft = keep(spec, "approval", messages, () => { defaults(); update(); });
  function update() {
    messages.reset();
    const path = pathProblem(spec, messages, "approval.path");
    const decision = typed("approval.decision");
    const grantField = $("f-approval.grant").closest(".sb-field");
    /** @type {Record<string, any>} */
    const block = {};
    const date = day("approval.date"), grant = values.amount(spec, $("f-approval.grant").value);
    shownBack($("f-approval.grant"), values.understood($("f-approval.grant").value, grant));
    const opinion = typed("approval.opinion");
    if (date !== undefined) block.date = date;
    if (decision !== undefined) block.decision = decision;
    // The grant is asked where the rules want one (the schema's condition on the decision).
    const asked = checkField(spec, "approval.grant", undefined, {approval: block}).length > 0;
    if (asked && grant !== undefined) block.grant = grant;
    if (opinion !== undefined) block.opinion = opinion;
    grantField.classList.toggle("sb-hidden", !asked);
    const found = checkField(spec, "approval", block, {stage: out[decision || ""]});
    if (opinion !== undefined) found.push(...checkChars(spec, opinion).map((d) => ({...d, path: "approval.opinion"})));
    const grouped = byField(found);
    for (const key of ["approval.date", "approval.grant", "approval.opinion"]) {
      messages.set(key, firstError(grouped[key] || []));
    }
    const rest = firstError([...(grouped.approval || []), ...(grouped["approval.decision"] || [])]);
    if (rest) messages.add("approval.decision", rest);
    const lines = ["stage: " + scalar(out[decision || ""] || ""), "approval:", "  date: " + (date || ""),
      "  decision: " + scalar(decision || "")];
    if (asked) lines.push("  grant: " + (grant === undefined ? "" : String(grant)));
    if (opinion) lines.push("  opinion: " + scalar(opinion));
    state.text = messages.problems.length ? "" : lines.join("\n") + "\n";
    state.path = messages.problems.length ? "" : path;
    $("approval-text").value = state.text;
    status($("approval-status"), messages, "检查通过：把项目文件中的 stage: " + spec.from.approval +
      " 一行换成下面的内容。");
  }
  touchOn($("sb-approval"), messages, update);
  opener(spec, "approval", messages, update, state, draft);
  draft.restore();
  update();
}

/** @param {any} spec 验收评分 */
function acceptance(spec) {
  const messages = new Messages();
  /** @type {State} */
  const state = {text: "", path: ""};
  const out = spec.outcomes.acceptance;
  const box = $("score-rows");
  function defaults() {
    if (!$("f-acceptance.date").value) $("f-acceptance.date").value = today();
  }
  defaults();
  const reviewer = fieldNode(spec, "acceptance.scores.0.reviewer");
  const criteria = spec.pack.scores.criteria.map((/** @type {string} */ key) => ({
    key, title: fieldNode(spec, ["acceptance", "scores", 0, key]).title, max: spec.pack.scores.rubric[key],
  }));
  const threshold = spec.pack.award.threshold;

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
    criteria.forEach((/** @type {any} */ c) => {
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
  const draft = keep(spec, "acceptance", messages, () => { defaults(); resize(); update(); });

  function update() {
    messages.reset();
    const path = pathProblem(spec, messages, "acceptance.path");
    const date = day("acceptance.date");
    const result = typed("acceptance.result");
    const opinion = typed("acceptance.opinion");
    /** @type {Record<string, any>[]} */
    const scores = [];
    Array.prototype.forEach.call(box.children, (/** @type {HTMLElement} */ set) => {
      const get = (/** @type {string} */ name) =>
        /** @type {HTMLInputElement} */ (set.querySelector('[name="' + name + '"]')).value;
      /** @type {Record<string, any>} */
      const row = {};
      const name = values.text(get("reviewer"));
      if (name !== undefined) row.reviewer = name;
      for (const c of criteria) {
        const score = values.number(spec, get(c.key));
        shownBack(/** @type {HTMLElement} */ (set.querySelector('[name="' + c.key + '"]')), values.understood(get(c.key), score));
        if (score !== undefined) row[c.key] = score;
      }
      scores.push(row);
    });
    const keys = criteria.map((/** @type {any} */ c) => c.key);
    /** @type {Record<string, any>} */
    const block = {scores};
    if (date !== undefined) block.date = date;
    if (result !== undefined) block.result = result;
    if (opinion !== undefined) block.opinion = opinion;
    const data = {stage: out[result || ""]};
    // Each score alone first (PR305, the rubric's maximum, is said at once), then the sheet.
    const found = [];
    scores.forEach((row, i) => {
      for (const k of keys) {
        if (k in row) found.push(...checkField(spec, ["acceptance", "scores", i, k], row[k], {...data, acceptance: block}));
      }
    });
    found.push(...checkField(spec, "acceptance", block, data));
    scores.forEach((row, i) => {
      if (row.reviewer !== undefined) {
        found.push(...checkChars(spec, row.reviewer).map((d) => ({...d, path: "acceptance.scores." + i})));
      }
    });
    if (opinion !== undefined) found.push(...checkChars(spec, opinion).map((d) => ({...d, path: "acceptance.opinion"})));
    const grouped = byField(found, {"acceptance.scores": "scores"});
    // A value that is wrong before a value that is missing (the row is being typed).
    const rows = (grouped.scores || []).slice().sort((a, b) => Number(a.code === "PS202") - Number(b.code === "PS202"));
    let complete = rows.every((d) => d.severity !== "error");
    /** @type {string|null} */
    let first = null;
    Array.prototype.forEach.call(box.children, (/** @type {HTMLElement} */ set, /** @type {number} */ i) => {
      const problem = firstError(rows.filter((d) => rowOf(d) === i));
      const row = scores[i];
      const scored = keys.every((/** @type {string} */ k) => typeof row[k] === "number");
      const sum = scored ? keys.reduce((/** @type {number} */ a, /** @type {string} */ k) => a + row[k], 0) : 0;
      const shown = !!(problem && (messages.all || messages.touched.scores));
      /** @type {HTMLElement} */ (set.querySelector(".sb-sum")).textContent = scored ? "合计：" + sum + " 分" : "合计：—";
      /** @type {HTMLElement} */ (set.querySelector(".sb-msg")).textContent = shown ? problem : "";
      set.classList.toggle("sb-error", shown);
      if (problem) first = first || problem;
    });
    const whole = firstError(rows.filter((d) => rowOf(d) === null));
    if (first || whole) messages.add("reviewers", first || /** @type {string} */ (whole));
    complete = complete && !first && !whole;
    messages.set("acceptance.date", firstError(grouped["acceptance.date"] || []));
    messages.set("acceptance.opinion", firstError(grouped["acceptance.opinion"] || []));
    const rest = firstError([...(grouped.acceptance || []), ...(grouped["acceptance.result"] || [])]);
    if (rest) messages.add("acceptance.result", rest);
    const total = complete ? acceptanceTotal(scores, keys) : null;
    $("acceptance-total").textContent = total === null ? "—" : total;
    const reach = total !== null && parseFloat(total) >= threshold;
    $("award-eligible").textContent = total === null ? "" : reach ?
      (result === spec.passed ? "达到 " + threshold + " 分，通过验收后可参加优秀成果评比。" :
        "达到 " + threshold + " 分，但验收结论为未通过，不能参加优秀成果评比。") :
      "未达到 " + threshold + " 分，不能参加优秀成果评比。";
    const lines = ["stage: " + scalar(out[result || ""] || ""), "acceptance:", "  date: " + (date || ""), "  scores:"];
    scores.forEach((row) => {
      lines.push("    - reviewer: " + scalar(row.reviewer || ""));
      keys.forEach((/** @type {string} */ k) => { lines.push("      " + k + ": " + row[k]); });
    });
    if (total !== null) lines.push("  total: " + total);
    lines.push("  result: " + scalar(result || ""));
    if (opinion) lines.push("  opinion: " + scalar(opinion));
    state.text = messages.problems.length ? "" : lines.join("\n") + "\n";
    state.path = messages.problems.length ? "" : path;
    $("acceptance-text").value = state.text;
    status($("acceptance-status"), messages, "检查通过：把项目文件中的 stage: " + spec.from.acceptance +
      " 一行换成下面的内容。");
  }
  touchOn($("sb-acceptance"), messages, update);
  $("f-reviewers").addEventListener("change", update);
  opener(spec, "acceptance", messages, update, state, draft);
  draft.restore();
  update();
}

const spec = readSpec();
if (spec && spec.page === "panel") {
  approval(spec);
  acceptance(spec);
}
