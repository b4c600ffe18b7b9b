// @ts-check
/**
 * 评审组 (/panel/): the panel's four steps on one chosen project: the approval (立项批复), the
 * mid-term check (中期检查), the acceptance sheet (验收评分) and the award (表彰), each written as
 * the lines the panel puts into the project file. The project is picked with the shared picker
 * (shared/picker.js: signed in, every project in the repository; else the public list) or named
 * by its file name (`.md` may be left off).
 * Reviewers' names and scores stay in the browser. The stage each step leads to comes from the
 * programme definition (spec.outcomes, spec.midterm, spec.award).
 */

import {copy} from "../shared/clipboard.js";
import {$, datePicker, para, rowInput, shownBack, value} from "../shared/dom.js";
import {FormDraft} from "../shared/drafts.js";
import {editUrl, noRepository, openPage} from "../shared/github-pages.js";
import {Messages, byField, firstError, inBox, refuse, rowOf, status, touchOn} from "../shared/messages.js";
import {connect} from "../shared/connect.js";
import {Picker} from "../shared/picker.js";
import {lastKey, loadDraft} from "../shared/storage.js";
import {acceptanceTotal, checkChars, checkField, checkPath, fieldNode} from "../shared/rules.js";
import {readSpec, stageLabel} from "../shared/spec.js";
import {showSummary} from "../shared/summary.js";
import {today} from "../shared/text.js";
import * as values from "../shared/values.js";
import {scalar} from "../shared/writer.js";

/** @typedef {import("../shared/picker.js").Project} PublicProject */
/** @typedef {{text: string, path: string}} State */
/** @typedef {{path: string, record: PublicProject|null}} Picked */

/** @type {Picked} */
const picked = {path: "", record: null};
/** @type {PublicProject[]} */
let projects = [];
/** @type {(() => void)[]} */
const onPick = [];

/**
 * The form's field `key` read as the file will hold it.
 * @param {string} key
 * @returns {string|undefined}
 */
function typed(key) {
  return values.text($("f-" + key).value);
}

/**
 * A date field read as values.date reads it (`2026/5/8`, `2026年5月8日`, full-width digits), what
 * was understood shown back.
 * @param {string} key
 * @returns {string|undefined}
 */
function dateOf(key) {
  const box = $("f-" + key);
  const read = values.date(box.value);
  shownBack(box, values.understood(box.value, read));
  return read;
}

/**
 * A step's draft (saved as typed, restored, 清空草稿) and its date's calendar: one draft per
 * chosen project (several coexist); until a project is chosen, a draft of its own.
 * @param {string} name approval | midterm | acceptance | award
 * @param {string|null} dateKey the step's date field, if it has one
 * @param {Messages} messages
 * @param {() => void} blank what the emptied step shows
 * @returns {FormDraft}
 */
function keep(name, dateKey, messages, blank) {
  if (dateKey) datePicker($("f-" + dateKey), values.date);
  const draft = new FormDraft($("sb-" + name), {
    name: "panel-" + name,
    project: "-",
    blank: () => {
      messages.touched = {};
      messages.all = false;
      blank();
    },
  });
  onPick.push(() => {
    if (picked.path) draft.rekey(picked.path);
  });
  return draft;
}

/**
 * The chosen file from what was typed (values.projectFile), checked as the validator checks a
 * path (PF114): the path, or a problem in words.
 * @param {any} spec
 * @param {string} text
 * @returns {{path: string, problem: string|null}}
 */
function fileOf(spec, text) {
  const named = values.projectFile(text);
  if (!named.path) {
    return {path: "", problem: "请在简称前写上年度，如 " + new Date().getFullYear() + "/" + named.slug + "。"};
  }
  return {path: named.path, problem: firstError(checkPath(spec, named.path))};
}

/**
 * The first error among a field's findings, as its own line says it (the field named 本项).
 * @param {import("../shared/rules.js").Diagnostic[]} found
 * @returns {string|null}
 */
function own(found) {
  const text = firstError(found);
  return text === null ? null : inBox(text);
}

/**
 * The picker (shared/picker.js: the repository's projects when signed in, else the public list)
 * or a typed file name. A draft restored after a reload comes back with its project picked: the
 * project the steps' drafts were last about (drafts.js `last`).
 * @param {any} spec
 */
function picker(spec) {
  const file = /** @type {HTMLInputElement} */ ($("f-file"));
  const messages = new Messages();
  const shared = new Picker(spec);
  // The public list is read when the picker is used, a name typed (the award quota is counted on
  // it), or at once for the project the drafts were last about.
  const last = lastProject();
  file.addEventListener("input", () => { void shared.need(null); }, {once: true});
  shared.loadOnUse(connect(spec), !!last).then(() => {
    projects = shared.projects;
    if (last) {
      const found = projects.find((p) => p.path === last);
      if (found) shared.choose(found.key);
      else file.value = last.slice(last.indexOf("/") + 1, last.endsWith(".md") ? -3 : undefined);
    }
    changed();
  }, () => {
    shared.select.firstChild.textContent = "无法载入项目列表，请刷新页面重试，或在下面填写项目简称。";
  });

  function changed() {
    messages.reset();
    const typedName = file.value.trim();
    picked.record = null;
    picked.path = "";
    if (typedName) {
      const found = fileOf(spec, typedName);
      messages.set("file", found.problem);
      if (!found.problem) {
        picked.path = found.path;
        picked.record = projects.find((p) => p.path === found.path) || null;
      }
    } else {
      messages.set("file", null);
      picked.record = shared.chosen;
      picked.path = picked.record ? picked.record.path : "";
    }
    const r = picked.record;
    $("project-info").textContent = r ? "文件：" + r.path + "；阶段：" + stageLabel(spec, r.stage) + "。" :
      picked.path ? "文件：" + picked.path + "（未公开的项目，本页看不到它的阶段，请自行核对）。" : "";
    onPick.forEach((f) => f());
  }
  shared.onChange(() => {
    if (shared.select.value) file.value = "";
    changed();
  });
  file.addEventListener("input", () => {
    messages.touched.file = true;
    if (file.value.trim()) shared.select.value = "";
    changed();
  });
  $("sb-panel-project").addEventListener("submit", (/** @type {Event} */ e) => e.preventDefault());
}

/** The project file the panel's step drafts were last about, or null. */
function lastProject() {
  for (const step of ["approval", "midterm", "acceptance", "award"]) {
    const pointer = loadDraft(lastKey("panel-" + step));
    if (pointer && typeof pointer.project === "string" && pointer.project) return pointer.project;
  }
  return null;
}

/**
 * Whether the chosen project is in a stage the step starts from; a problem in words, or null.
 * @param {any} spec @param {string|string[]} from @param {string} step the step's name
 * @returns {string|null}
 */
function misfit(spec, from, step) {
  const r = picked.record;
  const stages = /** @type {string[]} */ ([]).concat(from);
  if (!r || stages.indexOf(r.stage) >= 0) return null;
  return "所选项目目前为“" + stageLabel(spec, r.stage) + "”，" + step + "用于“" +
    stages.map((s) => stageLabel(spec, s)).join("”或“") + "”的项目。";
}

/**
 * The copy and open buttons of one block.
 * @param {any} spec
 * @param {string} name approval | midterm | acceptance | award
 * @param {Messages} messages
 * @param {() => void} update
 * @param {State} state
 * @param {FormDraft} draft the step's draft: copied or opened, it no longer asks on leaving
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
    if (!picked.path) {
      note.textContent = "请先在页面上方选择项目，才能打开它的编辑页面。";
      $("f-project").focus();
      return;
    }
    openPage(editUrl(spec, picked.path));
    const template = spec.templates[name];
    const from = /** @type {string[]} */ ([]).concat(spec.from[name]);
    note.textContent = "已在新窗口打开 " + picked.path + " 的编辑页面：把文件开头写着阶段“" +
      from.map((s) => stageLabel(spec, s)).join("”或“") + "”的一行换成上面的内容，" +
      "提交到新分支并发起拉取请求" + (template ? "（模板 template=" + template + "）" : "") +
      "，再请另一位评审组成员批准。";
  });
}

/**
 * What every block does after its check: the fit with the chosen project, the text, the
 * summary and the status line.
 * @param {any} spec @param {string} name @param {Messages} messages @param {State} state
 * @param {Record<string, any>} data the lines as data (`{stage, approval: {...}}`)
 * @param {string[]} lines @param {string} step the step's name, for the status
 * @param {{counts?: Record<string, string>, skip?: string[]}} [options] the summary's
 */
function finish(spec, name, messages, state, data, lines, step, options) {
  const ok = messages.problems.length === 0;
  state.text = ok ? lines.join("\n") + "\n" : "";
  state.path = ok ? picked.path : "";
  $(name + "-text").value = state.text;
  showSummary(spec, $(name + "-readable"), ok ? data : null, options);
  const from = /** @type {string[]} */ ([]).concat(spec.from[name]);
  status($(name + "-status"), messages, "检查通过：" + step + "的内容如下；复制后在项目文件中把写着阶段“" +
    from.map((s) => stageLabel(spec, s)).join("”或“") + "”的一行换成它。");
}

/**
 * The chosen project's fit as a problem of the block (named 项目 in its status).
 * @param {Messages} messages @param {string} name @param {string|null} problem
 */
function fit(messages, name, problem) {
  $(name + "-fit").textContent = problem || "";
  if (problem) messages.add("project", problem);
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
  const draft = keep("approval", "approval.date", messages, () => { defaults(); update(); });
  function update() {
    messages.reset();
    const decision = typed("approval.decision");
    const grantField = $("f-approval.grant").closest(".sb-field");
    /** @type {Record<string, any>} */
    const block = {};
    const day = dateOf("approval.date"), grant = values.amount(spec, $("f-approval.grant").value);
    shownBack($("f-approval.grant"), values.understood($("f-approval.grant").value, grant));
    const opinion = typed("approval.opinion");
    if (day !== undefined) block.date = day;
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
      messages.set(key, own(grouped[key] || []));
    }
    const rest = firstError([...(grouped.approval || []), ...(grouped["approval.decision"] || [])]);
    if (rest) messages.add("approval.decision", rest);
    fit(messages, "approval", misfit(spec, spec.from.approval, "立项批复"));
    const lines = ["stage: " + scalar(out[decision || ""] || ""), "approval:", "  date: " + (day || ""),
      "  decision: " + scalar(decision || "")];
    if (asked) lines.push("  grant: " + (grant === undefined ? "" : String(grant)));
    if (opinion) lines.push("  opinion: " + scalar(opinion));
    finish(spec, "approval", messages, state, {stage: out[decision || ""], approval: block}, lines, "立项批复");
  }
  touchOn($("sb-approval"), messages, update);
  onPick.push(update);
  opener(spec, "approval", messages, update, state, draft);
  draft.restore();
  update();
}

/** @param {any} spec 中期检查 */
function midterm(spec) {
  const messages = new Messages();
  /** @type {State} */
  const state = {text: "", path: ""};
  const to = spec.midterm.to;
  const defaults = () => {
    if (!$("f-midterm.date").value) $("f-midterm.date").value = today();
  };
  defaults();
  const draft = keep("midterm", "midterm.date", messages, () => { defaults(); update(); });
  function update() {
    messages.reset();
    const day = dateOf("midterm.date"), opinion = typed("midterm.opinion");
    /** @type {Record<string, any>} */
    const block = {};
    if (day !== undefined) block.date = day;
    if (opinion !== undefined) block.opinion = opinion;
    const found = checkField(spec, "midterm", block, {stage: to});
    if (opinion !== undefined) found.push(...checkChars(spec, opinion).map((d) => ({...d, path: "midterm.opinion"})));
    const grouped = byField(found);
    messages.set("midterm.date", own(grouped["midterm.date"] || []));
    messages.set("midterm.opinion", own([...(grouped["midterm.opinion"] || []), ...(grouped.midterm || [])]));
    const r = picked.record;
    let problem = misfit(spec, spec.from.midterm, "中期检查");
    if (!problem && r && r.sections.indexOf(spec.midterm.section) < 0) {
      problem = "所选项目还没有“" + spec.midterm.section + "”：请支部先在“阶段材料”中提交" +
        spec.midterm.section + "，合并后再进行中期检查。";
    }
    fit(messages, "midterm", problem);
    const lines = ["stage: " + scalar(to), "midterm:", "  date: " + (day || ""), "  opinion: " + scalar(opinion || "")];
    finish(spec, "midterm", messages, state, {stage: to, midterm: block}, lines, "中期检查");
  }
  touchOn($("sb-midterm"), messages, update);
  onPick.push(update);
  opener(spec, "midterm", messages, update, state, draft);
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
  if (!$("f-acceptance.date").value) $("f-acceptance.date").value = today();
  const reviewer = fieldNode(spec, "acceptance.scores.0.reviewer");
  const criteria = spec.pack.scores.criteria.map((/** @type {string} */ key) => ({
    key, title: fieldNode(spec, ["acceptance", "scores", 0, key]).title, max: spec.pack.scores.rubric[key],
  }));
  const threshold = spec.pack.award.threshold;
  const keys = criteria.map((/** @type {any} */ c) => c.key);

  /**
   * One box of a reviewer's card: its own id, name (for the status line) and message.
   * @param {number} i @param {string} key @param {string} title @param {string} caption
   * @param {{className?: string, inputMode?: string}} options
   */
  function scoreBox(i, key, title, caption, options) {
    const label = rowInput(key, caption, "acceptance.scores." + i + "." + key, options);
    const input = /** @type {HTMLInputElement} */ (label.querySelector("input"));
    const id = "f-acceptance.scores." + i + "." + key;
    input.id = id;
    label.htmlFor = id;
    label.dataset.name = "评委 " + (i + 1) + " 的" + title;
    const msg = document.createElement("span");
    msg.className = "sb-box-msg";
    msg.id = id + "-msg";
    msg.setAttribute("aria-live", "polite"); // a box's own problem is read out as it appears
    input.setAttribute("aria-describedby", msg.id);
    label.appendChild(msg);
    return label;
  }

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
    set.appendChild(scoreBox(i, "reviewer", reviewer.title, reviewer.title, {className: "sb-name"}));
    criteria.forEach((/** @type {any} */ c) => {
      set.appendChild(scoreBox(i, c.key, c.title, c.title + "（满分 " + c.max + "）",
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
  const draft = keep("acceptance", "acceptance.date", messages, () => {
    if (!$("f-acceptance.date").value) $("f-acceptance.date").value = today();
    resize();
    update();
  });

  function update() {
    messages.reset();
    const day = dateOf("acceptance.date");
    const result = typed("acceptance.result");
    const opinion = typed("acceptance.opinion");
    /** @type {Record<string, any>[]} */
    const scores = [];
    Array.prototype.forEach.call(box.children, (/** @type {HTMLElement} */ set) => {
      const get = (/** @type {string} */ name) =>
        /** @type {HTMLInputElement} */ (set.querySelector('input[name="' + name + '"]')).value;
      /** @type {Record<string, any>} */
      const row = {};
      const name = values.text(get("reviewer"));
      if (name !== undefined) row.reviewer = name;
      for (const c of criteria) {
        const score = values.number(spec, get(c.key));
        shownBack(/** @type {HTMLElement} */ (set.querySelector('input[name="' + c.key + '"]')),
          values.understood(get(c.key), score));
        if (score !== undefined) row[c.key] = score;
      }
      scores.push(row);
    });
    /** @type {Record<string, any>} */
    const block = {scores};
    if (day !== undefined) block.date = day;
    if (result !== undefined) block.result = result;
    if (opinion !== undefined) block.opinion = opinion;
    const data = {stage: out[result || ""]};
    // Each box alone (a score over the rubric's maximum, PR305, is said at once), then the sheet.
    /** @type {import("../shared/rules.js").Diagnostic[]} */
    const found = [];
    scores.forEach((row, i) => {
      for (const k of ["reviewer", ...keys]) {
        found.push(...checkField(spec, ["acceptance", "scores", i, k], row[k], {...data, acceptance: block}));
      }
      if (row.reviewer !== undefined) {
        found.push(...checkChars(spec, row.reviewer).map((d) => ({...d, path: "acceptance.scores." + i + ".reviewer"})));
      }
    });
    const sheet = checkField(spec, "acceptance", block, data)
      .filter((d) => rowOf(d) === null); // a row's findings are its boxes', above
    if (opinion !== undefined) sheet.push(...checkChars(spec, opinion).map((d) => ({...d, path: "acceptance.opinion"})));
    // Each box shows its own first problem once touched; a box left empty says what to fill.
    let complete = true;
    Array.prototype.forEach.call(box.children, (/** @type {HTMLElement} */ set, /** @type {number} */ i) => {
      const row = scores[i];
      for (const k of ["reviewer", ...keys]) {
        const id = "acceptance.scores." + i + "." + k;
        const mine = found.filter((d) => d.path === id);
        const error = mine.find((d) => d.severity === "error");
        const label = /** @type {HTMLElement} */ (set.querySelector('label[for="f-' + id + '"]'));
        const title = /** @type {string} */ (label.dataset.name);
        const text = !error ? null : row[k] === undefined ? "请填写" + title + "。" : inBox(error.message);
        if (text) {
          complete = false;
          messages.add(id, text);
        }
        const shown = !!(text && (messages.all || messages.touched[id]));
        label.classList.toggle("sb-error", shown);
        /** @type {HTMLInputElement} */ (label.querySelector("input")).setAttribute("aria-invalid", shown ? "true" : "false");
        /** @type {HTMLElement} */ (label.querySelector(".sb-box-msg")).textContent = shown ? text : "";
      }
      const scored = keys.every((/** @type {string} */ k) => typeof row[k] === "number");
      const sum = scored ? keys.reduce((/** @type {number} */ a, /** @type {string} */ k) => a + row[k], 0) : 0;
      /** @type {HTMLElement} */ (set.querySelector(".sb-sum")).textContent = scored ? "合计：" + sum + " 分" : "合计：—";
    });
    const grouped = byField(sheet);
    const whole = firstError(grouped["acceptance.scores"] || []);
    if (whole) messages.add("acceptance.result", whole);
    messages.set("acceptance.date", own(grouped["acceptance.date"] || []));
    messages.set("acceptance.opinion", own(grouped["acceptance.opinion"] || []));
    const rest = firstError([...(grouped.acceptance || []), ...(grouped["acceptance.result"] || [])]);
    if (rest) messages.add("acceptance.result", rest);
    fit(messages, "acceptance", misfit(spec, spec.from.acceptance, "验收评分"));
    const total = complete ? acceptanceTotal(scores, keys) : null;
    $("acceptance-total").textContent = total === null ? "—" : total;
    const reach = total !== null && parseFloat(total) >= threshold;
    $("award-eligible").textContent = total === null ? "" : reach ?
      (result === spec.passed ? "达到 " + threshold + " 分，通过验收后可参加优秀成果评比。" :
        "达到 " + threshold + " 分，但验收结论为未通过，不能参加优秀成果评比。") :
      "未达到 " + threshold + " 分，不能参加优秀成果评比。";
    const lines = ["stage: " + scalar(out[result || ""] || ""), "acceptance:", "  date: " + (day || ""), "  scores:"];
    scores.forEach((row) => {
      lines.push("    - reviewer: " + scalar(row.reviewer || ""));
      keys.forEach((/** @type {string} */ k) => { lines.push("      " + k + ": " + row[k]); });
    });
    if (total !== null) lines.push("  total: " + total);
    lines.push("  result: " + scalar(result || ""));
    if (opinion) lines.push("  opinion: " + scalar(opinion));
    const summary = {...block};
    if (total !== null) summary.total = total;
    finish(spec, "acceptance", messages, state, {stage: out[result || ""], acceptance: summary}, lines,
      "验收评分", {counts: {scores: "位评委"}});
  }
  touchOn($("sb-acceptance"), messages, update);
  $("f-reviewers").addEventListener("change", update);
  onPick.push(update);
  opener(spec, "acceptance", messages, update, state, draft);
  draft.restore();
  update();
}

/** @param {any} spec 表彰 */
function award(spec) {
  const messages = new Messages();
  /** @type {State} */
  const state = {text: "", path: ""};
  const to = spec.award.to;
  const quota = spec.award.quota, threshold = spec.pack.award.threshold;
  const accepted = spec.outcomes.acceptance[spec.passed];
  const year = $("f-award.year");
  let filledYear = "";
  $("f-award.title").value = spec.award.title;
  const defaults = () => {
    if (!$("f-award.title").value) $("f-award.title").value = spec.award.title;
    if (spec.award.notice_start && !$("f-award.notice_start").value) $("f-award.notice_start").value = today();
  };
  defaults();
  const draft = spec.award.notice_start
    ? keep("award", "award.notice_start", messages, () => { defaults(); update(); })
    : keep("award", null, messages, () => { defaults(); update(); });
  function update() {
    messages.reset();
    const r = picked.record;
    const acceptedOn = r ? r.dates[accepted] || null : null;
    /** @type {Record<string, any>} */
    const block = {};
    const y = values.number(spec, year.value);
    if (y !== undefined) block.year = y;
    for (const k of ["title", "rank"]) {
      const t = typed("award." + k);
      if (t !== undefined) block[k] = t;
    }
    const prize = values.number(spec, $("f-award.prize").value);
    if (prize !== undefined) block.prize = prize;
    if (spec.award.notice_start) {
      const start = dateOf("award.notice_start");
      if (start !== undefined) block.notice_start = start;
    }
    /** @type {Record<string, any>} */
    const data = {stage: to};
    if (r) {
      data.acceptance = {scores: [], result: spec.passed};
      if (acceptedOn) data.acceptance.date = acceptedOn;
      if (r.total !== null) data.acceptance.total = String(r.total);
    }
    // Without the project's acceptance (none chosen) only the award's own fields are judged.
    const found = checkField(spec, "award", block, data).filter((d) => r || d.path !== "award");
    const grouped = byField(found);
    for (const k of ["year", "title", "rank", "prize", "notice_start"]) {
      if ($("f-award." + k)) messages.set("award." + k, own(grouped["award." + k] || []));
    }
    // Whether the chosen project may be awarded at all (PR307) is said with its fit.
    fit(messages, "award", misfit(spec, spec.from.award, "表彰") || firstError(grouped.award || []));
    // The year's quota, counted on the public list (nominated and awarded projects alike).
    const taken = typeof y === "number" ? projects.filter((p) => p.award_year === y && (!r || p.key !== r.key)).length : 0;
    $("award-quota").textContent = typeof y === "number" ? y + " 年度最多评出 " + quota + " 项，网站上已有 " + taken +
      " 项。" + (r && r.total !== null ? "所选项目总评分 " + r.total + " 分（须达到 " + threshold + " 分）。" : "") : "";
    if (typeof y === "number" && taken >= quota) {
      messages.add("award.year", y + " 年度已评出 " + taken + " 项优秀成果，达到每年最多 " + quota + " 项的名额。");
    }
    const lines = ["stage: " + scalar(to), "award:"];
    for (const k of ["year", "title", "rank", "prize", "notice_start"]) {
      if (block[k] === undefined) continue;
      lines.push("  " + k + ": " + scalar(block[k], k === "notice_start"));
    }
    finish(spec, "award", messages, state, {stage: to, award: block}, lines, "表彰");
  }
  touchOn($("sb-award"), messages, update);
  // The award's year is the acceptance's: filled in when a project is chosen, unless the box
  // holds a year the person typed.
  onPick.push(() => {
    const r = picked.record;
    const acceptedOn = r ? r.dates[accepted] || null : null;
    if (acceptedOn && (year.value.trim() === "" || year.value === filledYear)) {
      year.value = filledYear = acceptedOn.slice(0, 4);
    }
    update();
  });
  opener(spec, "award", messages, update, state, draft);
  draft.restore();
  update();
}

const spec = readSpec();
if (spec && spec.page === "panel") {
  approval(spec);
  midterm(spec);
  acceptance(spec);
  award(spec);
  picker(spec);
  // Opened from the review page for one pull request: its blocks can be written into it.
  if (new URLSearchParams(location.search).has("pull")) {
    void import("../shared/panel-pull.js").then((m) => m.pullMode(spec));
  }
}
