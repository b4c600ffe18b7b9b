// @ts-check
/**
 * 阶段材料 (/update/): what a branch adds to a project's file (progress, conclusion with expenses,
 * withdrawal). Which material a project in a given stage may get comes from the programme
 * definition (spec.actions, from its transitions). The project is chosen with the shared picker
 * (shared/picker.js). Not signed in: the public list, and the lines to paste in GitHub's editor.
 * Signed in: the project's file read through GitHub's API, the form filled from it, and 提交
 * writes the whole changed file (shared/projectfile.js) on a new branch with a pull request
 * (pages/update-online.js); `?pull=N` opens that pull request's file with its check's messages
 * beside the fields, and 修改后重新提交 adds a commit to it.
 */

import {copy} from "../shared/clipboard.js";
import {$, datePicker, describeRow, empty, markRow, option, para, rowInput, shownBack, value} from "../shared/dom.js";
import {FormDraft} from "../shared/drafts.js";
import {editUrl, noRepository, openPage} from "../shared/github-pages.js";
import {lastKey as lastOf, loadDraft, saveDraft} from "../shared/storage.js";
import {Messages, byField, firstError, refuse, rowOf, status, touchOn} from "../shared/messages.js";
import {connect} from "../shared/connect.js";
import {Picker} from "../shared/picker.js";
import {checkChars, checkField, checkSection, fieldNode} from "../shared/rules.js";
import {attachPreviews} from "../shared/preview.js";
import {showSummary} from "../shared/summary.js";
import {readSpec, stageLabel} from "../shared/spec.js";
import {pad, today} from "../shared/text.js";
import * as values from "../shared/values.js";
import {scalar} from "../shared/writer.js";

/** @typedef {import("../shared/picker.js").Project} PublicProject */

/**
 * @param {string} text
 * @returns {number}
 */
function cents(text) {
  const parts = text.split(".");
  return parseInt(parts[0], 10) * 100 + (parts[1] ? parseInt((parts[1] + "0").slice(0, 2), 10) : 0);
}

/**
 * @param {number} c
 * @returns {string}
 */
function yuan(c) {
  return c % 100 === 0 ? String(c / 100) : Math.floor(c / 100) + "." + pad(c % 100);
}

/** @param {any} spec */
function start(spec) {
  const messages = new Messages();
  /** @type {PublicProject[]} */
  let projects = [];
  /** @type {PublicProject|null} */
  let chosen = null;
  const front = $("update-front"), body = $("update-body"), note = $("github-note");
  const select = $("f-project"), search = $("f-filter"), action = $("f-action");
  const rows = $("expense-rows");
  let ready = false;

  function defaults() {
    for (const id of ["f-concluded_on", "f-withdrawal.date"]) if (!$(id).value) $(id).value = today();
  }
  defaults();
  for (const id of ["f-concluded_on", "f-withdrawal.date"]) datePicker($(id), values.date);
  // The project last worked on (its draft is under its own key: several coexist).
  const lastKey = lastOf("update");

  const picker = new Picker(spec, {select: /** @type {HTMLSelectElement} */ (select),
    search: /** @type {HTMLInputElement} */ (search)});
  const signedIn = connect(spec);
  /** @type {import("./update-online.js").Online | null} */
  let online = null;
  // The file's reader and writer (the vendored YAML parser) only for a signed-in person.
  const made = signedIn ? import("./update-online.js").then((m) => {
    online = new m.Online(spec, signedIn, {
      chosen: () => chosen, action: () => action.value, picker, update: () => update(),
      fillFrom: (/** @type {any} */ found) => fillFrom(found), done: () => draft.done(),
    });
  }) : Promise.resolve();
  // The public list is read when the picker is used, or at once for the project last worked on.
  const last = loadDraft(lastKey);
  made.then(() => picker.loadOnUse(signedIn, !!(last && last.project))).then(async () => {
    projects = picker.projects;
    const wanted = online ? await online.opened() : null;
    if (wanted) picker.choose(wanted);
    else if (last && last.project && projects.some((p) => p.key === last.project)) picker.choose(last.project);
    update();
  }, () => {
    select.firstChild.textContent = "无法载入项目列表，请刷新页面重试。";
  });

  const draft = new FormDraft($("sb-update"), {
    name: "update",
    // No project chosen: nothing is kept under a project (a draft belongs to its project).
    project: "-",
    skip: ["f-filter", "f-project"],
    rows: {"expense-rows": rowsTo},
    // What was touched stays touched: a switch of project is not a new start.
    blank: defaults,
  });

  picker.onChange((p) => {
    if ((p ? p.key : "") === (chosen ? chosen.key : "") && p !== null) return;
    chosen = p;
    // What was said about the previous project's file is not said about this one; its draft
    // stays kept, and this project's own draft (if any) comes back.
    note.textContent = "";
    if (chosen) saveDraft(lastKey, {saved: 0, values: {}, rows: {}, project: chosen.key});
    draft.switchTo(chosen ? chosen.key : "-");
    /** @type {string[]} */
    const allowed = [];
    Array.prototype.forEach.call(action.options, (/** @type {HTMLOptionElement} */ o) => {
      if (!o.value) return;
      o.disabled = !chosen || spec.actions[o.value].from.indexOf(chosen.stage) < 0;
      if (!o.disabled) allowed.push(o.value);
    });
    action.disabled = !chosen || allowed.length === 0;
    action.value = allowed.indexOf(action.value) >= 0 ? action.value : (allowed[0] || "");
    $("project-info").textContent = chosen ? "文件：" + chosen.path + "；阶段：" + stageLabel(spec, chosen.stage) +
      "；资助经费：" + chosen.grant + " 元。" : "";
    if (online) online.picked(chosen);
    update();
  });
  action.addEventListener("change", update);

  function addRow() {
    const row = document.createElement("div");
    row.className = "sb-row";
    const day = rowInput("date", "日期", "expenses", {placeholder: "YYYY-MM-DD", inputMode: "numeric"});
    row.appendChild(day);
    datePicker(/** @type {HTMLInputElement} */ (day.querySelector("input")), values.date);
    row.appendChild(rowInput("item", fieldNode(spec, "expenses.0.item").title, "expenses"));
    row.appendChild(rowInput("amount", "金额（元）", "expenses", {placeholder: "0.00", inputMode: "decimal"}));
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "md-button sb-remove";
    remove.textContent = "删除这一笔";
    remove.addEventListener("click", () => {
      rows.removeChild(row);
      update();
    });
    row.appendChild(remove);
    row.appendChild(para("sb-msg"));
    describeRow(row);
    rows.appendChild(row);
    return row;
  }
  $("add-expense").addEventListener("click", () => {
    const first = addRow().querySelector("input");
    if (first) first.focus();
    update();
  });
  addRow();
  /** @param {number} n */
  function rowsTo(n) {
    while (rows.children.length > Math.max(n, 0)) rows.removeChild(rows.lastChild);
    while (rows.children.length < n) addRow();
  }

  /**
   * Signed in, the sections' texts with the chosen photos' and outcome files' references
   * (update-online.js); the copy-and-paste route has none.
   * @param {{heading: string, text: string}[]} parts
   * @returns {{heading: string, text: string}[]}
   */
  function withMedia(parts) {
    return online ? online.withMedia(parts) : parts;
  }

  /**
   * @param {string} heading
   * @param {string} text
   * @returns {string}
   */
  function section(heading, text) {
    messages.report(heading, checkSection(spec, heading, text, {stage: stageAfter(), slug: null}));
    return text;
  }

  /** The stage the project is in once the material is added. */
  function stageAfter() {
    const a = chosen && action.value ? spec.actions[action.value] : null;
    return a ? a.to || chosen.stage : undefined;
  }

  /**
   * A date that may not lie before the project's last step (in its public timeline).
   * @param {string} key the form's field (`withdrawal.date`)
   * @param {string|undefined} day
   * @param {any[]} found the rules' findings for it
   * @returns {string|undefined}
   */
  function datePast(key, day, found) {
    let problem = firstError(found);
    const name = fieldNode(spec, key).title;
    if (!problem && day && chosen && chosen.last_date && day < chosen.last_date) {
      problem = "“" + name + "”为 " + day + "，早于该项目上一环节的日期 " + chosen.last_date + "。请核对。";
    }
    messages.set(key, problem);
    return day;
  }

  function conclude() {
    const data = {stage: stageAfter()};
    const day = values.date($("f-concluded_on").value);
    shownBack($("f-concluded_on"), values.understood($("f-concluded_on").value, day));
    datePast("concluded_on", day, checkField(spec, "concluded_on", day, data));
    const lines = ["concluded_on: " + (day || "")];
    /** @type {{date?: string, item?: string, amount?: any}[]} */
    const list = [];
    /** @type {string[]} */
    const typedAmounts = [];
    Array.prototype.forEach.call(rows.children, (/** @type {HTMLElement} */ row) => {
      const box = (/** @type {string} */ name) =>
        /** @type {HTMLInputElement} */ (row.querySelector('[name="' + name + '"]'));
      const get = (/** @type {string} */ name) => box(name).value;
      /** @type {Record<string, any>} */
      const e = {};
      const date = values.date(get("date")), item = values.text(get("item")), amount = values.amount(spec, get("amount"));
      shownBack(box("date"), values.understood(get("date"), date));
      shownBack(box("amount"), values.understood(get("amount"), amount));
      if (date !== undefined) e.date = date;
      if (item !== undefined) e.item = item;
      if (amount !== undefined) e.amount = amount;
      list.push(e);
      typedAmounts.push(amount === undefined ? "" : String(amount));
    });
    const found = checkField(spec, "expenses", list, data);
    list.forEach((e) => { if (e.item !== undefined) found.push(...checkChars(spec, e.item).map((d) => ({...d, path: "expenses"}))); });
    const grouped = byField(found);
    let total = 0;
    /** @type {string|null} */
    let rowProblem = null;
    /** @type {number[]} */
    const left = [];
    Array.prototype.forEach.call(rows.children, (/** @type {HTMLElement} */ row, /** @type {number} */ i) => {
      const problem = firstError((grouped.expenses || []).filter((d) => rowOf(d) === i));
      const shown = !!(problem && (messages.all || messages.touched.expenses));
      /** @type {HTMLElement} */ (row.querySelector(".sb-msg")).textContent = shown ? problem : "";
      row.classList.toggle("sb-error", shown);
      markRow(row, shown);
      if (problem) {
        rowProblem = rowProblem || problem;
        left.push(i + 1);
      } else {
        total += cents(typedAmounts[i]);
      }
    });
    if (rowProblem) messages.add("expenses", rowProblem);
    const listProblem = firstError((grouped.expenses || []).filter((d) => rowOf(d) === null));
    if (listProblem) messages.add("expenses", listProblem);
    const grant = chosen ? cents(chosen.grant) : 0;
    const over = total - grant;
    // A row not yet right is not counted, and the total says so.
    const notCounted = left.length ? "第 " + left.join("、") + " 笔尚未填好或有误，未计入合计；" : "";
    $("expense-total").textContent = notCounted + "支出合计 " + yuan(total) + " 元，资助经费 " + yuan(grant) + " 元，" +
      (over > 0 ? "超出 " + yuan(over) + " 元：自动检查会给出警告，请在结题报告中说明原因。"
        : "结余 " + yuan(-over) + " 元（通过验收后留作本支部活动经费）。");
    $("expense-total").classList.toggle("sb-warn", over > 0);
    if (list.length === 0) {
      lines.push("expenses: []");
    } else {
      lines.push("expenses:");
      list.forEach((e, i) => {
        lines.push("  - date: " + e.date, "    item: " + scalar(e.item || ""), "    amount: " + typedAmounts[i]);
      });
    }
    const texts = spec.report.parts.map((/** @type {string} */ part) => section(part, value("f-" + part)));
    const parts = spec.report.parts.map((/** @type {string} */ part, /** @type {number} */ i) =>
      "### " + part + "\n\n" + texts[i]);
    const filed = withMedia(spec.report.parts.map((/** @type {string} */ part, /** @type {number} */ i) =>
      ({heading: part, text: texts[i]}))).map((p) => "### " + p.heading + "\n\n" + p.text);
    // Amounts as typed ("185.50" keeps its zero: update-online.js writes them so).
    const expenses = list.map((e, i) => ({date: e.date, item: e.item || "", amount: typedAmounts[i] || "0"}));
    return {front: lines.join("\n") + "\n", body: "\n## " + spec.report.heading + "\n\n" + parts.join("\n\n") + "\n",
      data: {...data, concluded_on: day, expenses: list},
      sections: spec.report.parts.map((/** @type {string} */ p, /** @type {number} */ i) => [p, texts[i]]),
      change: {set: {stage: data.stage, concluded_on: day, expenses},
        sections: [[spec.report.heading, filed.join("\n\n")]]}};
  }

  function withdraw() {
    const day = values.date($("f-withdrawal.date").value);
    shownBack($("f-withdrawal.date"), values.understood($("f-withdrawal.date").value, day));
    const reason = values.text($("f-withdrawal.reason").value);
    /** @type {Record<string, string>} */
    const block = {};
    if (day !== undefined) block.date = day;
    if (reason !== undefined) block.reason = reason;
    const found = checkField(spec, "withdrawal", block, {stage: stageAfter()});
    if (reason !== undefined) found.push(...checkChars(spec, reason).map((d) => ({...d, path: "withdrawal.reason"})));
    const grouped = byField(found);
    datePast("withdrawal.date", day, grouped["withdrawal.date"] || []);
    messages.set("withdrawal.reason", firstError(grouped["withdrawal.reason"] || []));
    const rest = firstError(grouped.withdrawal || []);
    if (rest) messages.add("withdrawal.reason", rest);
    return {front: "withdrawal:\n  date: " + (day || "") + "\n  reason: " + scalar(reason || "") + "\n", body: "",
      data: {stage: stageAfter(), withdrawal: block}, sections: [],
      change: {set: {stage: stageAfter(), withdrawal: {date: day || "", reason: reason || ""}}}};
  }

  function progress() {
    const heading = spec.progress.heading;
    const text = section(heading, value("f-" + heading));
    // Signed in, the whole file is written: an existing section is replaced where it stands.
    if (chosen && chosen.sections.indexOf(heading) >= 0 && !(online && online.file)) {
      messages.add(heading, "该项目已有“" + heading + "”一节，请在文件中直接修改该节。");
      messages.set(heading, "该项目已有“" + heading + "”一节，请在 GitHub 上打开文件直接修改该节。");
    }
    return {front: "", body: "\n## " + heading + "\n\n" + text + "\n", data: {}, sections: [[heading, text]],
      change: {sections: [[heading, withMedia([{heading, text}])[0].text]]}};
  }

  /**
   * @param {string} kind
   * @param {{front: string, body: string}} result
   */
  function steps(kind, result) {
    const list = $("update-steps");
    empty(list);
    if (!chosen || !kind) return;
    const a = spec.actions[kind];
    const items = ["点“在 GitHub 上编辑”，打开 " + chosen.path + " 的编辑页面。"];
    if (a.to) items.push("把文件开头信息区中写着 stage: " + chosen.stage + "（" + stageLabel(spec, chosen.stage) + "）的一行改为 stage: " + scalar(a.to) + "。");
    if (result.front) items.push("点“复制开头信息区的内容”，粘贴在信息区末尾，即第二个“---”一行的前面。");
    if (result.body) items.push("点“复制正文末尾的内容”，粘贴在文件的最后。");
    items.push("提交到新分支并发起拉取请求，在拉取请求页面的网址末尾加上 ?template=" + a.template + " 选用对应模板。");
    items.forEach((text) => {
      const li = document.createElement("li");
      li.textContent = text;
      list.appendChild(li);
    });
  }

  function update() {
    messages.reset();
    const kind = chosen ? action.value : "";
    document.querySelectorAll(".sb-action").forEach((el) => {
      el.classList.toggle("sb-hidden", /** @type {HTMLElement} */ (el).dataset.action !== kind);
    });
    /** @type {{front: string, body: string, data?: Record<string, any>, sections?: any[], change?: any}} */
    let result = {front: "", body: ""};
    if (!chosen) {
      messages.set("project", projects.length ? "请选择项目。" : null);
    } else {
      messages.set("project", null);
      if (!kind) {
        messages.set("action", "该项目处于“" + stageLabel(spec, chosen.stage) +
          "”阶段，支部没有要在这里提交的阶段材料（验收和表彰由评审组填写）。");
      } else {
        messages.set("action", null);
        result = {progress, conclude, withdraw}[/** @type {"progress"|"conclude"|"withdraw"} */ (kind)]();
      }
    }
    const ok = messages.problems.length === 0 && chosen && kind;
    front.value = ok ? result.front : "";
    body.value = ok ? result.body : "";
    front.closest(".sb-output").dataset.ready = ok ? "yes" : "no";
    ready = !!ok;
    steps(ok ? kind : "", result);
    showSummary(spec, $("update-readable"), ok ? result.data || {} : null,
      {sections: ok ? result.sections || [] : [], counts: {expenses: "笔"}});
    if (online) online.result(ok ? result.change || null : null, kind);
    status($("form-status"), messages, online && online.file ? "检查通过：点“" + online.label() + "”即可提交。"
      : "检查通过：请按下面的步骤把内容加入项目文件。");
    if (online) online.showFindings();
  }

  /**
   * Fill what the file already holds (update-online.js `found`) into the boxes still empty: what
   * was typed stays.
   * @param {{boxes: Record<string, string>, dates: Record<string, string>,
   *   expenses: {date?: string, item?: string, amount?: string}[]}} found
   */
  function fillFrom(found) {
    for (const [id, text] of Object.entries(found.boxes)) {
      const box = /** @type {HTMLInputElement} */ (document.getElementById(id));
      if (box && !box.value.trim() && text) box.value = text;
    }
    for (const [id, day] of Object.entries(found.dates)) $(id).value = day;
    const typedRows = Array.prototype.some.call(rows.querySelectorAll("input"), (/** @type {HTMLInputElement} */ i) => i.value.trim());
    if (found.expenses.length && !typedRows) {
      rowsTo(found.expenses.length);
      found.expenses.forEach((e, i) => {
        const row = /** @type {HTMLElement} */ (rows.children[i]);
        for (const name of /** @type {const} */ (["date", "item", "amount"])) {
          /** @type {HTMLInputElement} */ (row.querySelector('[name="' + name + '"]')).value = e[name] || "";
        }
      });
    }
  }

  touchOn($("sb-update"), messages, update);
  $("copy-front").addEventListener("click", () => {
    if (!ready) return refuse(messages, $("form-status"), note, update);
    copy(front, note);
    draft.done();
  });
  $("copy-body").addEventListener("click", () => {
    if (!ready) return refuse(messages, $("form-status"), note, update);
    copy(body, note);
    draft.done();
  });
  $("open-github").addEventListener("click", () => {
    if (!ready || !chosen) return refuse(messages, $("form-status"), note, update);
    if (!spec.repository) return noRepository(note);
    draft.done();
    openPage(editUrl(spec, chosen.path));
    note.textContent = "已在新窗口打开 " + chosen.path + " 的编辑页面，请按上面的步骤修改。";
  });
  update();
}

const spec = readSpec();
if (spec && spec.page === "update") start(spec);
// Each body section's 预览 (shared/preview.js), rendered as the public page will show it.
if (spec && spec.page === "update") attachPreviews();
