// @ts-check
/**
 * The outcome files (成果文件, PDF) of a submission on a form page: chosen from the device
 * (`<input type=file accept=application/pdf multiple>`), checked in the browser only as far as is
 * cheap, with the rule pack's limits and the PM rules' own messages (the bytes start with
 * `%PDF-`: PM606; the size: PM603; the folder's count: PM605); what a PDF holds inside (PM609's
 * scripts and actions) is the check's to judge on the pull request. Each file needs the name it is
 * linked by and the body section it is linked from, as `[名称](<slug>/<file>.pdf)` on a line of its
 * own; its file name comes from the chosen one (characters a link cannot take become `-`), and a
 * name the folder already holds gets the next free one (shared/media-names.js).
 * Files live in memory only, like the photos: a draft cannot keep them.
 */

import {empty, option} from "./dom.js";
import {fold, freeName} from "./media-names.js";
import {sniff} from "./photos.js";

/**
 * @typedef {{n: number, file: string, stem: string, bytes: Uint8Array, label: HTMLInputElement,
 *   section: HTMLSelectElement, msg: HTMLElement, item: HTMLLIElement}} Doc
 */

/**
 * @param {any} spec
 * @param {string} key
 * @param {Record<string, string|number>} values
 */
function say(spec, key, values) {
  return String(spec.pack.messages[key]).replace(/\{(\w+)\}/g, (all, k) => (k in values ? String(values[k]) : all));
}

const MB = 1024 * 1024;

/** @param {number} n */
function sizeText(n) {
  const mb = 1024 * 1024;
  return n >= mb / 10 ? (n / mb).toFixed(1) + " MB" : Math.max(1, Math.round(n / 1024)) + " KB";
}

/**
 * Why the chosen file `name` cannot be an outcome file, in the PM rules' words (PM606: not a PDF
 * by its first bytes; PM603: too large), or null.
 * @param {any} spec
 * @param {string} name
 * @param {Uint8Array} bytes
 * @returns {string | null}
 */
export function refusal(spec, name, bytes) {
  const media = spec.pack.media;
  const fmt = sniff(bytes);
  if (!fmt || !Object.values(media.document_formats).includes(fmt)) {
    const what = fmt ? "实际是 " + (fmt === "WEBP" ? "WebP" : fmt) + " 格式" : "文件开头没有 PDF 的标记";
    return say(spec, "PM606.pdf_form", {name, what});
  }
  if (bytes.length > media.max_document_bytes) {
    return say(spec, "PM603", {kind: media.kinds.document, name, size: sizeText(bytes.length),
      limit: Math.floor(media.max_document_bytes / MB), hint: spec.pack.messages["PM603.compress"]});
  }
  return null;
}

/** Characters that would end a link's text or a line in the file: kept out of it. */
const TEXT_UNSAFE = /[[\]\\\r\n]/g;

export class DocumentPicker {
  /**
   * @param {any} spec the page's definitions (pack.media, pack.messages, pack.body)
   * @param {{box: HTMLElement, input: HTMLInputElement, list: HTMLElement, msg: HTMLElement,
   *   help: HTMLElement, sections: string[], onChange: () => void}} where
   * @param {import("./photo-picker.js").PhotoPicker} photos the same folder's photos (count, names)
   */
  constructor(spec, where, photos) {
    this.spec = spec;
    this.where = where;
    this.photos = photos;
    /** @type {Doc[]} */
    this.docs = [];
    this.next = 1;
    this.busy = false;
    const media = spec.pack.media;
    const pattern = spec.pack.body.patterns.media_name;
    this.nameOk = new RegExp("^(?:" + pattern.source + ")$", pattern.flags);
    photos.extra = () => this.docs.length;
    where.help.textContent = "成果文件须为 PDF，每个不超过 " + Math.floor(media.max_document_bytes / MB) +
      " MB；照片和成果文件合计最多 " + media.max_files + " 个。PDF 中不能有脚本、自动操作或附件（提交后由自动检查核对）。" +
      "成果文件不保存在草稿中：刷新页面后需要重新选择。";
    where.input.addEventListener("change", () => void this.add());
  }

  /**
   * Show or hide the chooser.
   * @param {boolean} shown
   */
  toggle(shown) {
    this.where.box.classList.toggle("sb-hidden", !shown);
  }

  /**
   * The sections a file may be linked from; each keeps its choice when still offered.
   * @param {string[]} sections
   */
  offer(sections) {
    if (sections.join("\n") === this.where.sections.join("\n")) return;
    this.where.sections = sections;
    for (const d of this.docs) {
      const was = d.section.value;
      empty(d.section);
      sections.forEach((h) => d.section.appendChild(option(h, h)));
      d.section.value = sections.includes(was) ? was : sections[sections.length - 1];
    }
  }

  /** Read, check and list the chosen files. */
  async add() {
    const chosen = Array.from(this.where.input.files || []);
    this.where.input.value = "";
    this.where.msg.textContent = "";
    const media = this.spec.pack.media;
    const count = this.photos.kept + this.photos.photos.length + this.docs.length + chosen.length;
    if (count > media.max_files) {
      this.where.msg.textContent = say(this.spec, "PM605.form", {limit: media.max_files, count});
      return;
    }
    this.busy = true;
    /** @type {string[]} */
    const refused = [];
    try {
      for (const file of chosen) {
        const bytes = new Uint8Array(await file.arrayBuffer());
        const why = refusal(this.spec, file.name, bytes);
        if (why) refused.push(why);
        else this.list(file.name, bytes);
      }
    } catch {
      refused.push("无法读取所选的文件，请重新选择。");
    } finally {
      this.busy = false;
    }
    this.where.msg.textContent = refused.join(" ");
    this.where.onChange();
  }

  /**
   * The file's name in the folder, before a clash is avoided: the chosen name's stem with what a
   * link cannot hold made `-` (the pack's name pattern decides), else `outcome`.
   * @param {string} chosen
   */
  stemOf(chosen) {
    const max = this.spec.pack.media.max_name - 8;
    const stem = Array.from(chosen.replace(/\.pdf$/i, "").normalize("NFC").replace(/[^\p{L}\p{N}_.-]+/gu, "-")
      .replace(/^[-_.]+|[-_.]+$/g, "")).slice(0, max).join("").replace(/[-_.]+$/, "");
    return stem && this.nameOk.test(stem + ".pdf") ? stem : "outcome";
  }

  /**
   * @param {string} file the chosen file's name
   * @param {Uint8Array} bytes
   */
  list(file, bytes) {
    const n = this.next++;
    const item = document.createElement("li");
    item.className = "sb-photo";
    const box = document.createElement("div");
    const facts = document.createElement("p");
    facts.className = "sb-help";
    facts.textContent = file + "：PDF，" + sizeText(bytes.length) + "。";
    box.appendChild(facts);
    const id = "document-" + n + "-label";
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = "成果文件 " + n + " 的名称（必填，正文中以它链接到文件）";
    const input = document.createElement("input");
    input.type = "text";
    input.id = id;
    input.value = file.replace(/\.pdf$/i, "").replace(TEXT_UNSAFE, " ").trim();
    input.setAttribute("aria-describedby", id + "-msg");
    const msg = document.createElement("p");
    msg.className = "sb-msg";
    msg.id = id + "-msg";
    msg.setAttribute("aria-live", "polite");
    const secId = "document-" + n + "-section";
    const secLabel = document.createElement("label");
    secLabel.htmlFor = secId;
    secLabel.textContent = "链接放在正文的哪一节";
    const section = document.createElement("select");
    section.id = secId;
    this.where.sections.forEach((h) => section.appendChild(option(h, h)));
    section.value = this.where.sections[this.where.sections.length - 1];
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "md-button sb-photo-remove";
    remove.textContent = "删除成果文件 " + n;
    for (const el of [label, input, msg, secLabel, section, remove]) box.appendChild(el);
    item.appendChild(box);
    this.where.list.appendChild(item);
    /** @type {Doc} */
    const doc = {n, file, stem: this.stemOf(file), bytes, label: input, section, msg, item};
    this.docs.push(doc);
    input.addEventListener("input", () => {
      if (input.value.trim()) this.mark(doc, "");
    });
    remove.addEventListener("click", () => {
      item.remove();
      this.docs = this.docs.filter((d) => d !== doc);
      this.where.onChange();
    });
  }

  /**
   * @param {Doc} doc
   * @param {string} text
   */
  mark(doc, text) {
    doc.msg.textContent = text;
    doc.label.setAttribute("aria-invalid", text ? "true" : "false");
    doc.item.classList.toggle("sb-error", !!text);
  }

  /**
   * Every file lacking its name marked; the first focused. True when all are ready.
   * @returns {boolean}
   */
  ready() {
    let first = null;
    for (const d of this.docs) {
      const missing = !d.label.value.trim();
      this.mark(d, missing ? "请为成果文件 " + d.file + " 写名称：正文中以这个名称链接到该文件，网站上也以它列出。" : "");
      if (missing && !first) first = d.label;
    }
    if (first) first.focus();
    return !first && !this.busy;
  }

  /**
   * Each file's name in the folder: never one it holds or a new photo takes.
   * @param {string} slug
   * @returns {Map<Doc, string>}
   */
  names(slug) {
    const taken = new Set(this.photos.taken);
    for (const f of this.photos.files(0, slug)) taken.add(fold(f.path.split("/").pop() || ""));
    return new Map(this.docs.map((d) => [d, freeName(d.stem, "pdf", taken)]));
  }

  /**
   * Each section's text with its files' links added.
   * @param {{heading: string, text: string}[]} sections
   * @param {string} slug
   */
  withDocuments(sections, slug) {
    const names = this.names(slug);
    return sections.map((s) => {
      const mine = this.docs.filter((d) => d.section.value === s.heading);
      if (!mine.length) return s;
      const links = mine.map((d) => "[" + d.label.value.trim().replace(TEXT_UNSAFE, " ") + "](" + slug + "/" + names.get(d) + ")");
      return {heading: s.heading, text: s.text.replace(/\s+$/, "") + "\n\n" + links.join("\n\n")};
    });
  }

  /**
   * The files of the commit, in the project's folder.
   * @param {number} year
   * @param {string} slug
   * @returns {import("./submit.js").FileChange[]}
   */
  files(year, slug) {
    const names = this.names(slug);
    return this.docs.map((d) => ({path: "projects/" + year + "/" + slug + "/" + names.get(d), bytes: d.bytes}));
  }

  /** Forget every file (after the pull request exists). */
  clear() {
    this.docs = [];
    empty(this.where.list);
  }
}
