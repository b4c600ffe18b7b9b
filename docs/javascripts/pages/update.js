// @ts-check
/**
 * 阶段材料 (/update/): what a branch adds to a public project's file (progress, conclusion with
 * expenses, withdrawal). The project list is the site's open data; which material a project in a
 * given stage may get comes from the programme definition (spec.actions, from its transitions).
 */

import {checkField} from "../shared/checks.js";
import {copy} from "../shared/clipboard.js";
import {$, empty, option, para, rowInput, value} from "../shared/dom.js";
import {editUrl, noRepository, openPage} from "../shared/github.js";
import {Messages, refuse, status, touchOn} from "../shared/messages.js";
import {loadProjects} from "../shared/projects.js";
import {readSpec, stageLabel} from "../shared/spec.js";
import {clean, pad, today} from "../shared/text.js";
import {scalar} from "../shared/writer.js";

/** @typedef {import("../shared/projects.js").PublicProject} PublicProject */
/** @typedef {import("../shared/checks.js").Diagnostic} Diagnostic */

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

/**
 * @param {Diagnostic[]} found
 * @returns {string|null}
 */
function firstError(found) {
  const d = found.find((x) => x.severity === "error");
  return d ? d.message : null;
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

  for (const id of ["f-concluded_on", "f-withdrawal.date"]) if (!$(id).value) $(id).value = today();

  loadProjects().then((list) => {
    projects = list;
    fill("");
    select.disabled = false;
    update();
  }, () => {
    select.firstChild.textContent = "无法载入项目列表，请刷新页面重试。";
  });

  /** @param {string} filter */
  function fill(filter) {
    const keep = select.value;
    empty(select);
    const first = option("", "");
    select.appendChild(first);
    const words = filter.toLowerCase();
    let shown = 0;
    projects.forEach((p) => {
      const label = p.title + "（" + p.branch + "，" + p.year + " 年度，" + stageLabel(spec, p.stage) + "）";
      if (words && (label + " " + p.slug).toLowerCase().indexOf(words) < 0) return;
      select.appendChild(option(p.key, label));
      shown++;
    });
    first.textContent = shown ? "请选择项目（共 " + shown + " 个）" : "没有找到符合的项目";
    select.value = keep;
  }

  search.addEventListener("input", () => {
    fill(search.value.trim());
    select.dispatchEvent(new Event("change"));
  });
  select.addEventListener("change", () => {
    chosen = projects.find((p) => p.key === select.value) || null;
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
    update();
  });
  action.addEventListener("change", update);

  function addRow() {
    const row = document.createElement("div");
    row.className = "sb-row";
    const f = spec.fields.expense;
    row.appendChild(rowInput("date", "日期", "expenses", {placeholder: "YYYY-MM-DD", inputMode: "numeric"}));
    row.appendChild(rowInput("item", f.item.title, "expenses"));
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
    rows.appendChild(row);
    return row;
  }
  $("add-expense").addEventListener("click", () => {
    const first = addRow().querySelector("input");
    if (first) first.focus();
    update();
  });
  addRow();

  /**
   * @param {string} heading
   * @param {string} text
   * @returns {string}
   */
  function section(heading, text) {
    messages.set(heading, firstError(checkField(spec, ["body", heading], text, {})));
    return text;
  }

  /**
   * A date that may not lie before the project's last step.
   * @param {string} key
   * @param {(string|number)[]} path
   * @returns {string}
   */
  function datePast(key, path) {
    const day = value("f-" + key);
    let problem = firstError(checkField(spec, path, day, {}));
    const name = spec.nodes[path.join(".")].title;
    if (!problem && chosen && chosen.last_date && day < chosen.last_date) {
      problem = "“" + name + "”为 " + day + "，早于该项目上一环节的日期 " + chosen.last_date + "。请核对。";
    }
    messages.set(key, problem);
    return day;
  }

  function conclude() {
    const lines = ["concluded_on: " + datePast("concluded_on", ["concluded_on"])];
    /** @type {{date: string, item: string, amount: string}[]} */
    const list = [];
    let total = 0;
    /** @type {string|null} */
    let rowProblem = null;
    Array.prototype.forEach.call(rows.children, (/** @type {HTMLElement} */ row, /** @type {number} */ i) => {
      const get = (/** @type {string} */ name) =>
        clean(/** @type {HTMLInputElement} */ (row.querySelector('[name="' + name + '"]')).value).trim();
      const e = {date: get("date"), item: get("item"), amount: get("amount")};
      let problem = null;
      if (!e.date || !e.item || !e.amount) {
        problem = "第 " + (i + 1) + " 笔支出的日期、事项和金额都要填写；不需要的一笔请删除。";
      } else {
        problem = firstError([
          ...checkField(spec, ["expenses", i, "date"], e.date, {}),
          ...checkField(spec, ["expenses", i, "item"], e.item, {}),
          ...checkField(spec, ["expenses", i, "amount"], e.amount, {}),
        ]);
      }
      const shown = !!(problem && (messages.all || messages.touched.expenses));
      /** @type {HTMLElement} */ (row.querySelector(".sb-msg")).textContent = shown ? problem : "";
      row.classList.toggle("sb-error", shown);
      if (problem) {
        rowProblem = rowProblem || problem;
      } else {
        total += cents(e.amount);
        list.push(e);
      }
    });
    if (rowProblem) messages.add("expenses", rowProblem);
    const most = spec.nodes.expenses.maxItems;
    if (rows.children.length > most) messages.add("expenses", "经费支出最多 " + most + " 笔。");
    const grant = chosen ? cents(chosen.grant) : 0;
    const over = total - grant;
    $("expense-total").textContent = "支出合计 " + yuan(total) + " 元，资助经费 " + yuan(grant) + " 元，" +
      (over > 0 ? "超出 " + yuan(over) + " 元：自动检查会给出警告（PR310），请在结题报告中说明原因。"
        : "结余 " + yuan(-over) + " 元（通过验收后留作本支部活动经费）。");
    $("expense-total").classList.toggle("sb-warn", over > 0);
    if (list.length === 0) {
      lines.push("expenses: []");
    } else {
      lines.push("expenses:");
      list.forEach((e) => {
        lines.push("  - date: " + e.date, "    item: " + scalar(e.item), "    amount: " + e.amount);
      });
    }
    const parts = spec.report.parts.map((/** @type {string} */ part) =>
      "### " + part + "\n\n" + section(part, value("f-" + part)));
    return {front: lines.join("\n") + "\n", body: "\n## " + spec.report.heading + "\n\n" + parts.join("\n\n") + "\n"};
  }

  function withdraw() {
    const day = datePast("withdrawal.date", ["withdrawal", "date"]);
    const reason = value("f-withdrawal.reason");
    messages.set("withdrawal.reason", firstError(checkField(spec, ["withdrawal", "reason"], reason, {})));
    return {front: "withdrawal:\n  date: " + day + "\n  reason: " + scalar(reason) + "\n", body: ""};
  }

  function progress() {
    const heading = spec.progress.heading;
    const text = section(heading, value("f-" + heading));
    if (chosen && chosen.sections.indexOf(heading) >= 0) {
      messages.add(heading, "该项目已有“" + heading + "”一节，请在文件中直接修改该节。");
      messages.set(heading, "该项目已有“" + heading + "”一节，请在 GitHub 上打开文件直接修改该节。");
    }
    return {front: "", body: "\n## " + heading + "\n\n" + text + "\n"};
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
    if (a.to) items.push("把前置信息中的 stage: " + chosen.stage + " 一行改为 stage: " + scalar(a.to) + "。");
    if (result.front) items.push("复制“加入前置信息的内容”，粘贴在前置信息末尾，即第二个 --- 一行的前面。");
    if (result.body) items.push("复制“加入正文末尾的内容”，粘贴在文件的最后。");
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
    status($("form-status"), messages, "检查通过：请按下面的步骤把内容加入项目文件。");
  }

  touchOn($("sb-update"), messages, update);
  $("copy-front").addEventListener("click", () => {
    if (!ready) return refuse(messages, $("form-status"), note, update);
    copy(front, note);
  });
  $("copy-body").addEventListener("click", () => {
    if (!ready) return refuse(messages, $("form-status"), note, update);
    copy(body, note);
  });
  $("open-github").addEventListener("click", () => {
    if (!ready || !chosen) return refuse(messages, $("form-status"), note, update);
    if (!spec.repository) return noRepository(note);
    openPage(editUrl(spec, chosen.path));
    note.textContent = "已在新窗口打开 " + chosen.path + " 的编辑页面，请按上面的步骤修改。";
  });
  update();
}

const spec = readSpec();
if (spec && spec.page === "update") start(spec);
