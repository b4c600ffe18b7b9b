// @ts-check
/**
 * 在线申报 (/apply/): the application form. Reads what is typed as the file will hold it
 * (shared/values.js), checks it with the validator's rules (shared/rules.js, nothing else), writes
 * the whole project file (shared/writer.js) and opens GitHub's new-file page only when asked. The
 * questions and their order are the questionnaire the `new` command asks too. A signed-in person
 * may add photos and outcome files (PDF) and 提交申报 instead (shared/submit-view.js, submit.js):
 * the file, its photos and its PDFs in one commit on a new branch, and the pull request with the application template as its body.
 * With `?pull=N` (from 我的提交) pages/apply-pull.js fills the form from that pull request's file
 * and 修改后重新提交 adds a commit to its branch.
 */

import {copy, copyNow} from "../shared/clipboard.js";
import {$, datePicker, empty, option, shownBack, value} from "../shared/dom.js";
import {FormDraft} from "../shared/drafts.js";
import {newFileUrl, noRepository, openPage} from "../shared/github-pages.js";
import {fold} from "../shared/media-names.js";
import {PhotoPicker} from "../shared/photo-picker.js";
import {removeDraft} from "../shared/storage.js";
import {SubmitView} from "../shared/submit-view.js";
import {Messages, byField, fieldKey, firstError, refuse, status, touchOn} from "../shared/messages.js";
import {loadNames} from "../shared/projects.js";
import {
  checkChars, checkField, checkPath, checkProject, checkSection, checkSize, fieldNode, message, windowWarning,
} from "../shared/rules.js";
import {attachPreviews} from "../shared/preview.js";
import {showSummary} from "../shared/summary.js";
import {readSpec} from "../shared/spec.js";
import {length, pad, today} from "../shared/text.js";
import * as values from "../shared/values.js";
import {bodyText, fileText} from "../shared/writer.js";

/** @param {any} spec */
function start(spec) {
  const out = $("file-text");
  const note = $("github-note");
  const messages = new Messages();
  // ?pull=N: the form is about that pull request (its own draft, its photos already in the
  // project's folder; pages/apply-pull.js).
  const pullNumber = Number(new URLSearchParams(location.search).get("pull") || "");
  // ?edit=<path> (from /update/): an application still at its stage, changed by a new pull request.
  const editPath = pullNumber > 0 ? "" : new URLSearchParams(location.search).get("edit") || "";
  const pullWanted = (Number.isInteger(pullNumber) && pullNumber > 0) || editPath !== "";
  // The file's fields in the schema's order; the dates are written without quotes.
  const order = Object.keys(spec.schema.properties);
  const dateKeys = order.filter((k) => fieldNode(spec, [k]).format === "date");
  // Where a finding is shown when its field is asked under another name (messages.js fieldKey).
  const aliases = {year: spec.year_from, PR303: "duration_reason"};
  const sectionsWanted = spec.pack.sections.required[spec.stage];
  /** @type {Record<string, {title: string}>} the listed projects by name (shared/projects.js) */
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
  /** @type {{data: Record<string, any>, sections: {heading: string, text: string}[], slug: string, year: number} | null} */
  let current = null;
  /** @type {Record<string, any>} */
  const gbs = {};
  spec.general_branches.forEach((/** @type {any} */ gb) => { gbs[gb.id] = gb; });

  function defaults() {
    for (const q of questions) {
      if (q.default === "today" && !$("f-" + q.key).value) $("f-" + q.key).value = today();
    }
  }
  defaults();
  for (const q of questions) if (q.parse === "date") datePicker($("f-" + q.key), values.date);

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

  // The public projects' names, read once the name matters: a name typed, or one to suggest (a
  // branch and a year known). A first visit that never gets there does not fetch the list.
  /** @type {Promise<void> | null} */
  let namesRead = null;
  function needNames() {
    if (namesRead) return;
    namesRead = loadNames().then((list) => {
      list.forEach((p) => { publicSlugs[p.slug] = p; });
      update();
    }, () => {});
  }

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
   * The answers as front-matter values, as the file will hold them (shared/values.js); the year
   * from the date, as `new` derives it, once the date is one.
   * @returns {Record<string, any>}
   */
  function read() {
    /** @type {Record<string, any>} */
    const v = {};
    for (const q of questions) {
      if (q.key === "slug") continue;
      const box = $("f-" + q.key);
      const typed = box.value;
      let val;
      let back = "";
      if (q.key === spec.pack.names.people) {
        const people = values.names(spec, typed);
        val = people.items;
        if (people.split.length) {
          back = "已按空格分开为 " + people.items.length + " 人：" + people.items.join("、") + "（文件中每人一项）。";
        }
      } else if (q.parse === "list") {
        val = values.list(spec, typed);
      } else if (q.parse === "int") {
        val = values.number(spec, typed);
      } else if (q.parse === "date") {
        val = values.date(typed);
        back = values.understood(typed, val);
      } else {
        val = values.text(typed);
      }
      shownBack(box, back);
      if (val !== undefined) v[q.key] = val;
    }
    const long = typeof v.duration_months === "number" && v.duration_months > spec.pack.duration.max_months;
    if (byKey.duration_reason && !long) delete v.duration_reason;
    const date = v[spec.year_from];
    if (typeof date === "string" && checkField(spec, spec.year_from, date).length === 0) {
      v.year = Number(date.slice(0, 4));
    }
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
    const all = {...v, stage: spec.stage};
    /** @type {Record<string, any>} */
    const data = {};
    for (const key of order) if (key in all) data[key] = all[key];
    return data;
  }

  function update() {
    messages.reset();
    const v = read();
    const year = v.year;
    const data = ordered(v);
    const found = checkProject(spec, data, null);
    for (const q of questions) {
      if (q.key in v) found.push(...checkChars(spec, String(v[q.key])).map((d) => ({...d, path: q.key})));
    }
    if (year !== undefined && !found.some((d) => d.path === spec.year_from)) {
      const where = message(spec, "PR304.where_form", {title: byKey[spec.year_from].title});
      found.push(...windowWarning(spec, v[spec.year_from], year, where).map((d) => ({...d, path: spec.year_from})));
    }
    const grouped = byField(found, aliases);
    for (const q of questions) {
      if (q.key === "slug") continue;
      if (q.key === "duration_reason") {
        const long = typeof v.duration_months === "number" && v.duration_months > spec.pack.duration.max_months;
        $("f-duration_reason").closest(".sb-field").classList.toggle("sb-hidden", !long);
      }
      messages.report(q.key, grouped[q.key] || []);
      counter(q.key, v[q.key], fieldNode(spec, [q.key]));
    }
    // A finding at no question the form asks (none expected): still no file until it is gone.
    for (const [key, list] of Object.entries(grouped)) {
      const error = firstError(list);
      if (error && !byKey[key]) messages.add(spec.year_from, error);
    }
    const sections = sectionsWanted.map((/** @type {any} */ s) => ({heading: s.heading, text: value("f-" + s.heading)}));
    for (const s of sections) {
      messages.report(s.heading, checkSection(spec, s.heading, s.text,
        {stage: spec.stage, slug: pullWanted ? value("f-slug") : null}));
      counter(s.heading, s.text, {});
    }
    $("year-note").textContent = year === undefined ? "" :
      "立项年度：" + year + "（" + year + "–" + (year + 1) + " 学年），文件放在 projects/" + year + "/ 中。";
    if (value("f-slug") || (v.branch && year !== undefined)) needNames();
    suggest(v.branch, year === undefined ? null : year);
    const slug = value("f-slug");
    const taken = publicSlugs[slug];
    const slugFound = year === undefined ? null : firstError(checkPath(spec, "projects/" + year + "/" + slug + ".md"));
    messages.set("slug", slugFound || (taken ?
      "简称“" + slug + "”已被公开项目《" + taken.title + "》使用，简称在所有年度中不能重复，请换一个。" : null));
    counter("slug", slug, {maxLength: spec.pack.form.max_slug});
    text = "";
    path = "";
    current = null;
    if (messages.problems.length === 0) {
      const body = bodyText(sections);
      const written = fileText(data, sections, dateKeys);
      const whole = [...checkProject(spec, data, body, pullWanted ? {slug} : undefined), ...checkSize(spec, written)];
      const errors = whole.filter((d) => d.severity === "error");
      if (errors.length) {
        errors.forEach((d) => messages.add(fieldKey(d, aliases, sections[0].heading), d.message));
      } else {
        text = written;
        path = "projects/" + year + "/" + slug + ".md";
        current = {data, sections, slug, year: /** @type {number} */ (year)};
      }
    }
    out.value = text;
    showSummary(spec, $("apply-readable"), text ? data : null,
      {sections: sections.map((s) => /** @type {[string, string]} */ ([s.heading, s.text]))});
    out.placeholder = "填写完整并改正所有问题后，这里显示完整的项目文件。";
    status($("form-status"), messages, "检查通过：可以复制，或直接“在 GitHub 上提交”。文件名：" + path);
    if (messages.problems.length === 0 && messages.all) note.textContent = "";
  }

  touchOn($("sb-apply"), messages, update);
  /** @type {import("./apply-pull.js").PulledApplication | null} */
  let pulled = null;
  let pullLoading = pullWanted;  // not a new application until the pull request is read (or refused)
  const draft = new FormDraft($("sb-apply"), {
    name: "apply",
    project: editPath ? "edit-" + editPath : pullWanted ? "pull-" + pullNumber : null,
    blank: () => {
      messages.touched = {};
      messages.all = false;
      slugEdited = false;
      lastSlug = "";
      defaults();
      note.textContent = "";
      update();
    },
  });
  $("copy-file").addEventListener("click", () => {
    if (!text) return refuse(messages, $("form-status"), note, update);
    copy(out, note);
    draft.done();
  });
  $("open-github").addEventListener("click", () => {
    if (!text) return refuse(messages, $("form-status"), note, update);
    if (!spec.repository) return noRepository(note);
    draft.done();
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
  const restored = draft.restore();
  update();

  // ---------------------------------------------------------------- 提交申报 (signed in)
  const photos = new PhotoPicker(spec, {
    box: $("apply-photos"), input: $("f-photos"), list: $("photo-list"), msg: $("f-photos-msg"),
    help: $("f-photos-help"), sections: sectionsWanted.map((/** @type {any} */ s) => s.heading), onChange: update,
  });
  // The outcome files' chooser only for a signed-in person (a visitor's page stays as light).
  /** @type {import("../shared/document-picker.js").DocumentPicker | null} */
  let documents = null;
  let documentsLoading = false;
  const view = new SubmitView(spec, {
    box: $("apply-submit"), who: $("submit-who"), button: $("submit-pr"), steps: $("submit-steps"),
    status: $("submit-status"), links: $("submit-links"), unfinished: $("submit-unfinished"),
  }, {
    kind: "apply",
    mine: "../mine/",
    ready: () => {
      photos.show();
      if (documentsLoading) return;
      documentsLoading = true;
      void import("../shared/document-picker.js").then((m) => {
        documents = new m.DocumentPicker(spec, {
          box: $("apply-documents"), input: $("f-documents"), list: $("document-list"), msg: $("f-documents-msg"),
          help: $("f-documents-help"), sections: sectionsWanted.map((/** @type {any} */ s) => s.heading), onChange: update,
        }, photos);
        documents.toggle(true);
      });
    },
    build: () => job(),
    done: () => {
      const docs = documents;
      if (pulled) pulled.done(photos.photos.length + (docs ? docs.docs.length : 0));
      // The files just committed are the folder's now: a next resubmission never reuses a name.
      if (current) {
        for (const f of [...photos.files(current.year, current.slug), ...(docs ? docs.files(current.year, current.slug) : [])]) {
          photos.taken.add(fold(f.path.slice(f.path.lastIndexOf("/") + 1)));
        }
      }
      draft.done();
      removeDraft(draft.key);
      photos.clear();
      if (docs) docs.clear();
      draft.shown(null);
    },
    explain: (err) => (pulled ? pulled.explain(err) : "") ||
      (err.kind === "stale" && current && err.message.includes(current.slug + ".md") ?
      "简称“" + current.slug + "”已被另一个项目（可能尚未公开）使用：" + "projects/" + current.year + "/" +
        current.slug + ".md 已经存在。请换一个简称后再提交；这次什么都没有写入。" : ""),
  });

  /** The submission of what the form holds, or null (the form or a photo says why). */
  function job() {
    if (pullLoading) {
      view.say(editPath ? "正在读取 " + editPath + "，请稍候再提交。" : "正在读取拉取请求 #" + pullNumber + "，请稍候再提交。", false);
      return null;
    }
    update();
    if (!current) {
      refuse(messages, $("form-status"), note, update);
      return null;
    }
    const docs = documents;
    if (photos.busy || (docs && docs.busy)) {
      view.say("照片或成果文件还在处理中，请稍候再点“提交申报”。", false);
      return null;
    }
    if (!photos.ready() || (docs && !docs.ready())) return null;
    const {data, slug, year} = current;
    const shown = photos.withPhotos(current.sections, slug);
    const sections = docs ? docs.withDocuments(shown, slug) : shown;
    const written = fileText(data, sections, dateKeys);
    const found = [...checkProject(spec, data, bodyText(sections), {slug}), ...checkSize(spec, written)];
    const error = found.find((d) => d.severity === "error");
    if (error) {
      view.say(error.message, false);
      return null;
    }
    const file = "projects/" + year + "/" + slug + ".md";
    const media = [...photos.files(year, slug), ...(docs ? docs.files(year, slug) : [])];
    const branchName = (gbs[data.general_branch] || {branches: []}).branches.find((/** @type {any} */ b) => b.id === data.branch);
    const made = {
      id: "apply-" + Date.now(),
      kind: "apply",
      title: "申报：" + data.title + "（" + (branchName ? branchName.name : data.branch) + "）",
      body: pullBody(file, data.title, branchName ? branchName.name : data.branch),
      message: "申报项目：" + data.title,
      branch: "apply/" + slug,
      files: [{path: file, text: written}, ...media],
      // No file of these names may exist: nothing already there is overwritten.
      expect: Object.fromEntries([file, ...media.map((f) => f.path)].map((p) => [p, null])),
    };
    return pulled ? pulled.job(made) : made;
  }

  /**
   * The application template (.github/PULL_REQUEST_TEMPLATE/, given by the page's definitions)
   * with its first lines filled: the file, the project's name, the branch.
   * @param {string} file
   * @param {string} title
   * @param {string} branch
   */
  function pullBody(file, title, branch) {
    const template = spec.pull_template || "";
    /** @type {Record<string, string>} */
    const filled = {"项目文件：": "`" + file + "`", "项目名称：": title, "所在支部：": branch};
    const lines = template.split("\n").map((line) => {
      for (const [label, value] of Object.entries(filled)) {
        if (line.startsWith("- " + label)) return "- " + label + value;
      }
      return line;
    });
    return template ? lines.join("\n") : "申报项目：" + title + "\n\n项目文件：`" + file + "`";
  }

  void view.start();
  if (pullWanted) {
    /** @type {import("./apply-pull.js").Hooks} */
    const hooks = {
      restored,
      fill: (values) => draft.apply({saved: 0, values, rows: {}}),
      update,
      photos,
      button: $("submit-pr"),
      say: (text, good) => view.say(text, good),
    };
    void import("./apply-pull.js").then((m) => editPath ? m.editMode(spec, editPath, hooks) : m.pullMode(spec, pullNumber, hooks))
      .then((p) => { pulled = p; }).finally(() => { pullLoading = false; });
  }
}

const spec = readSpec();
if (spec && spec.page === "apply") start(spec);
// Each body section's 预览 (shared/preview.js), rendered as the public page will show it.
if (spec && spec.page === "apply") attachPreviews();
