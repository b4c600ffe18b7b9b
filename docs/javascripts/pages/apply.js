// @ts-check
/**
 * 在线申报 (/apply/): the application form. Checks what is typed (shared/checks.js), writes the
 * whole project file (shared/writer.js) and opens GitHub's new-file page only when asked. The
 * fields, their order and limits come from the page's definitions (the questionnaire the `new`
 * command asks too).
 */

import {checkField, checkProject} from "../shared/checks.js";
import {copy, copyNow} from "../shared/clipboard.js";
import {$, empty, option, value} from "../shared/dom.js";
import {newFileUrl, noRepository, openPage} from "../shared/github.js";
import {Messages, refuse, status, touchOn} from "../shared/messages.js";
import {loadProjects} from "../shared/projects.js";
import {readSpec} from "../shared/spec.js";
import {clean, length, pad, splitNames, splitter, today, validDate} from "../shared/text.js";
import {bodyText, fileText} from "../shared/writer.js";

/** @typedef {import("../shared/checks.js").Diagnostic} Diagnostic */

/** @param {any} spec */
function start(spec) {
  const out = $("file-text");
  const note = $("github-note");
  const messages = new Messages();
  const names = splitter(spec.separators);
  /** @type {Record<string, import("../shared/projects.js").PublicProject>} */
  const publicSlugs = {};
  const questions = spec.questions;
  /** @type {Record<string, any>} */
  const byKey = {};
  questions.forEach((/** @type {any} */ q) => { byKey[q.key] = q; });
  let slugEdited = false;
  let lastUnit = "";
  let lastSlug = "";
  let text = "";
  let path = "";
  /** @type {Record<string, any>} */
  const gbs = {};
  spec.general_branches.forEach((/** @type {any} */ gb) => { gbs[gb.id] = gb; });

  for (const q of questions) {
    if (q.default === "today" && !$("f-" + q.key).value) $("f-" + q.key).value = today();
  }

  $("f-general_branch").addEventListener("change", function (/** @type {Event} */ event) {
    const gb = gbs[/** @type {HTMLSelectElement} */ (event.target).value];
    const select = $("f-branch");
    empty(select);
    select.appendChild(option("", gb ? "请选择" : "请先选择党总支"));
    (gb ? gb.branches : []).forEach((/** @type {any} */ b) => select.appendChild(option(b.id, b.name)));
    select.disabled = !gb;
    if (gb && gb.branches.length === 1) select.value = gb.branches[0].id;
    const unit = $("f-unit");
    if (gb && (!unit.value.trim() || unit.value === lastUnit)) {
      unit.value = gb.unit;
      lastUnit = gb.unit;
    }
  });
  $("f-slug").addEventListener("input", function (/** @type {Event} */ event) {
    const box = /** @type {HTMLInputElement} */ (event.target);
    slugEdited = box.value.trim() !== "" && box.value !== lastSlug;
  });

  loadProjects().then((list) => {
    list.forEach((p) => { publicSlugs[p.slug] = p; });
    update();
  }, () => {});

  /**
   * Suggest a free name until the user writes one; never while they are in the box.
   * @param {string} branch
   * @param {number|null} year
   */
  function suggest(branch, year) {
    if (slugEdited || !branch || !year || document.activeElement === $("f-slug")) return;
    for (let n = 1; n < 100; n++) {
      const slug = branch + "-" + year + "-" + pad(n);
      if (!publicSlugs[slug]) {
        $("f-slug").value = slug;
        lastSlug = slug;
        return;
      }
    }
  }

  /**
   * The answers as front-matter values (the year from the date, as `new` derives it).
   * @returns {Record<string, any>}
   */
  function read() {
    /** @type {Record<string, any>} */
    const v = {};
    for (const q of questions) {
      if (q.key === "slug") continue;
      if (q.parse === "list") v[q.key] = splitNames(clean($("f-" + q.key).value), names);
      else if (q.parse === "int") v[q.key] = parseInt(value("f-" + q.key), 10);
      else v[q.key] = value("f-" + q.key);
    }
    if (byKey.duration_reason && !(v.duration_months > spec.long_after)) delete v.duration_reason;
    const date = v[spec.year_from];
    let year = validDate(date) ? parseInt(date.slice(0, 4), 10) : null;
    if (year !== null && (year < spec.year.minimum || year > spec.year.maximum)) year = null;
    v.year = year;
    return v;
  }

  /**
   * @param {string} key
   * @param {any} val
   * @param {any} node
   */
  function counter(key, val, node) {
    const el = $("f-" + key + "-count");
    if (!el) return;
    if (Array.isArray(val)) {
      el.textContent = "已写 " + val.length + " 项" + (node.maxItems ? "，最多 " + node.maxItems + " 项" : "") + "。";
    } else {
      const n = length(val || "");
      el.textContent = node.maxLength ? "已写 " + n + " / " + node.maxLength + " 个字符。" : "已写 " + n + " 个字符。";
    }
  }

  /**
   * The file's front matter in the schema's order, with the stage of a new application.
   * @param {Record<string, any>} v
   * @returns {Record<string, any>}
   */
  function ordered(v) {
    /** @type {Record<string, any>} */
    const values = {...v, stage: spec.stage};
    /** @type {Record<string, any>} */
    const data = {};
    for (const key of spec.order) if (key in values) data[key] = values[key];
    return data;
  }

  function update() {
    messages.reset();
    const v = read();
    const year = v.year;
    const front = checkProject(spec, {...v, year: year === null ? undefined : year}, null);
    /** @type {Record<string, Diagnostic[]>} */
    const byField = {};
    front.forEach((d) => {
      // The year is the date's: what is wrong with it is said at the date.
      const key = d.path[0] === "year" ? spec.year_from : String(d.path[0]);
      (byField[key] = byField[key] || []).push(d);
    });
    for (const q of questions) {
      if (q.key === "slug") continue;
      if (q.key === "duration_reason") {
        $("f-duration_reason").closest(".sb-field").classList.toggle("sb-hidden", !("duration_reason" in v));
      }
      messages.report(q.key, byField[q.key] || []);
      counter(q.key, v[q.key], spec.nodes[q.key] || {});
    }
    const sections = spec.sections.map((/** @type {any} */ s) => ({heading: s.heading, text: value("f-" + s.heading)}));
    let sectionsOk = true;
    for (const s of sections) {
      const found = checkField(spec, ["body", s.heading], s.text, v);
      if (found.length) sectionsOk = false;
      messages.report(s.heading, found);
      counter(s.heading, s.text, {});
    }
    $("year-note").textContent = year === null ? "" :
      "立项年度：" + year + "（" + year + "–" + (year + 1) + " 学年），文件放在 projects/" + year + "/ 中。";
    suggest(v.branch, year);
    const slug = value("f-slug");
    const taken = publicSlugs[slug];
    const slugFound = checkField(spec, ["slug"], slug, {...v, year});
    messages.set("slug", slugFound.length ? slugFound[0].message : taken ?
      "简称“" + slug + "”已被公开项目《" + taken.title + "》使用，简称在所有年度中不能重复，请换一个。" : null);
    counter("slug", slug, {maxLength: spec.max_slug});
    text = "";
    path = "";
    if (messages.problems.length === 0 && sectionsOk) {
      const data = ordered(v);
      const whole = checkProject(spec, data, bodyText(sections));
      const errors = whole.filter((d) => d.severity === "error");
      if (errors.length) {
        errors.forEach((d) => messages.add(d.path[0] === "body" && d.path.length === 2 ? String(d.path[1]) :
          d.path[0] === "body" ? spec.sections[0].heading : String(d.path[0]), d.message));
      } else {
        text = fileText(data, sections, spec.date_keys);
        path = "projects/" + year + "/" + slug + ".md";
      }
    }
    out.value = text;
    out.placeholder = "填写完整并改正所有问题后，这里显示完整的项目文件。";
    status($("form-status"), messages, "检查通过：可以复制，或直接“在 GitHub 上提交”。文件名：" + path);
    if (messages.problems.length === 0 && messages.all) note.textContent = "";
  }

  touchOn($("sb-apply"), messages, update);
  $("copy-file").addEventListener("click", () => {
    if (!text) return refuse(messages, $("form-status"), note, update);
    copy(out, note);
  });
  $("open-github").addEventListener("click", () => {
    if (!text) return refuse(messages, $("form-status"), note, update);
    if (!spec.repository) return noRepository(note);
    const base = newFileUrl(spec, path);
    const full = base + "&value=" + encodeURIComponent(text);
    const next = "提交更改时选择“新建分支并发起拉取请求（Create a new branch … and start a pull request）”，" +
      "在拉取请求页面的网址末尾加上 ?template=" + spec.template + "（或 &template=" + spec.template +
      "）选用申报模板，再点“创建拉取请求（Create pull request）”。";
    if (full.length <= spec.max_url) {
      openPage(full);
      note.textContent = "已在新窗口打开 GitHub，文件名和内容都已填好。" + next;
    } else {
      const copied = copyNow(out);
      openPage(base);
      note.textContent = (copied ? "文件较长，已复制到剪贴板；" : "文件较长，无法自动复制：请先点“复制”；") +
        "已在新窗口打开 GitHub 并填好文件名，请在编辑区粘贴（Ctrl+V，手机上长按选择“粘贴”）。" + next;
    }
  });
  update();
}

const spec = readSpec();
if (spec && spec.page === "apply") start(spec);
