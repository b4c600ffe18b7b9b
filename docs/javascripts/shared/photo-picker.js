// @ts-check
/**
 * The photos of a submission on a form page: chosen from the phone's gallery or its camera
 * (`<input type=file accept="image/*" multiple>`), cleaned in the browser (photos.js: location
 * and camera metadata removed before anything is sent, the rule pack's limits), each with its
 * alt text (required: PM610's message) and the body section it is shown in. Photos live in
 * memory only: a draft cannot keep them (the page says so).
 *
 * Where they go (README "Media"): `projects/<year>/<slug>/photo-N.<ext>`, shown in the chosen
 * section as `![alt text](<slug>/photo-N.<ext>)` on a line of its own. A number whose name the
 * folder already holds (`taken`, shared/media-names.js) is skipped: nothing is overwritten.
 */

import {empty, option} from "./dom.js";
import {stemTaken} from "./media-names.js";
import {PhotoError, cleanPhoto, upright} from "./photos.js";

/**
 * @typedef {{n: number, file: string, clean: import("./photos.js").CleanPhoto,
 *   alt: HTMLInputElement, section: HTMLSelectElement, msg: HTMLElement, item: HTMLLIElement,
 *   url: string}} Photo
 */

/**
 * @param {any} spec
 * @param {string} key
 * @param {Record<string, string|number>} values
 */
function say(spec, key, values) {
  return String(spec.pack.messages[key]).replace(/\{(\w+)\}/g, (all, k) => (k in values ? String(values[k]) : all));
}

/** Characters that would end an alt text or a line in the file: kept out of it. */
const ALT_UNSAFE = /[[\]\\\r\n]/g;

export class PhotoPicker {
  /**
   * @param {any} spec the page's definitions (pack.media, pack.messages)
   * @param {{box: HTMLElement, input: HTMLInputElement, list: HTMLElement, msg: HTMLElement,
   *   help: HTMLElement, sections: string[], onChange: () => void}} where
   */
  constructor(spec, where) {
    this.spec = spec;
    this.where = where;
    /** @type {Photo[]} */
    this.photos = [];
    this.next = 1;
    this.busy = false;
    // A pull request's project already holding files (/apply/?pull=N): they count toward the
    // limit, and the new photos are numbered after them (none is overwritten).
    this.kept = 0;
    this.first = 1;
    /** The folder's names (folded, shared/media-names.js): a new photo never takes one. */
    this.taken = new Set();
    /** How many other new files the page holds for the same folder (its outcome files). */
    this.extra = () => 0;
    /** @type {string} the section a new photo is put in (offer()); "" for the page's usual */
    this.usual = "";
    const media = spec.pack.media;
    where.help.textContent = "最多 " + media.max_files + " 张；每张不超过 " +
      Math.floor(media.max_image_bytes / (1024 * 1024)) + " MB，每边不超过 " + media.max_image_side +
      " 像素；JPEG、PNG 或 WebP 格式。照片中的拍摄位置、相机型号等信息会在本机删除后才上传。" +
      "照片不保存在草稿中：刷新页面后需要重新选择。";
    where.input.addEventListener("change", () => void this.add());
  }

  /** Show the picker. */
  show() {
    this.where.box.classList.remove("sb-hidden");
  }

  /**
   * Show or hide the picker (/update/: only for the steps that take photos).
   * @param {boolean} shown
   */
  toggle(shown) {
    this.where.box.classList.toggle("sb-hidden", !shown);
  }

  /**
   * The sections a photo may be shown in (/update/: the step's own, the first chosen for a new
   * photo); each photo keeps its choice when it is still offered.
   * @param {string[]} sections
   */
  offer(sections) {
    this.usual = sections[0];
    if (sections.join("\n") === this.where.sections.join("\n")) return;
    this.where.sections = sections;
    for (const p of this.photos) {
      const was = p.section.value;
      empty(p.section);
      sections.forEach((h) => p.section.appendChild(option(h, h)));
      p.section.value = sections.includes(was) ? was : this.usual;
    }
  }

  /** Read, clean and list the chosen files. */
  async add() {
    const chosen = Array.from(this.where.input.files || []);
    this.where.input.value = "";
    this.where.msg.textContent = "";
    const max = this.spec.pack.media.max_files;
    const count = this.kept + this.extra() + this.photos.length + chosen.length;
    if (count > max) {
      this.where.msg.textContent = say(this.spec, "PM605.form", {limit: max, count});
      return;
    }
    this.busy = true;
    /** @type {string[]} */
    const refused = [];
    try {
      for (const file of chosen) {
        try {
          const data = new Uint8Array(await file.arrayBuffer());
          const clean = await cleanPhoto(this.spec, file.name, data, upright);
          this.list(file.name, clean);
        } catch (err) {
          refused.push(err instanceof PhotoError ? err.message : file.name + "：无法读取这张照片，请换一张。");
        }
      }
    } finally {
      this.busy = false;
    }
    this.where.msg.textContent = refused.join(" ");
    this.where.onChange();
  }

  /**
   * @param {string} file the chosen file's name (shown only)
   * @param {import("./photos.js").CleanPhoto} clean
   */
  list(file, clean) {
    const n = this.next++;
    const item = document.createElement("li");
    item.className = "sb-photo";
    const url = URL.createObjectURL(new Blob([clean.bytes], {type: "image/" + (clean.ext === "jpg" ? "jpeg" : clean.ext)}));
    const img = document.createElement("img");
    img.src = url;
    img.alt = "";
    img.width = 96;
    img.className = "sb-photo-thumb";
    item.appendChild(img);
    const box = document.createElement("div");
    const facts = document.createElement("p");
    facts.className = "sb-help";
    facts.textContent = file + "：" + clean.width + " × " + clean.height + " 像素" +
      (clean.removed.length ? "，已删除其中的拍摄信息（" + clean.removed.join("、") + "）" : "") +
      (clean.turned ? "，已按拍摄方向摆正" : "") + "。";
    box.appendChild(facts);
    const altId = "photo-" + n + "-alt";
    const altLabel = document.createElement("label");
    altLabel.htmlFor = altId;
    altLabel.textContent = "照片 " + n + " 的说明文字（必填）";
    const alt = document.createElement("input");
    alt.type = "text";
    alt.id = altId;
    alt.setAttribute("aria-describedby", altId + "-msg");
    const msg = document.createElement("p");
    msg.className = "sb-msg";
    msg.id = altId + "-msg";
    msg.setAttribute("aria-live", "polite");
    const secId = "photo-" + n + "-section";
    const secLabel = document.createElement("label");
    secLabel.htmlFor = secId;
    secLabel.textContent = "放在正文的哪一节";
    const section = document.createElement("select");
    section.id = secId;
    this.where.sections.forEach((h) => section.appendChild(option(h, h)));
    // /apply/: the second section (怎样开展活动, the activities); /update/: the step's first.
    section.value = this.usual || this.where.sections[Math.min(1, this.where.sections.length - 1)];
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "md-button sb-photo-remove";
    remove.textContent = "删除照片 " + n;
    for (const el of [altLabel, alt, msg, secLabel, section, remove]) box.appendChild(el);
    item.appendChild(box);
    this.where.list.appendChild(item);
    /** @type {Photo} */
    const photo = {n, file, clean, alt, section, msg, item, url};
    this.photos.push(photo);
    alt.addEventListener("input", () => {
      if (alt.value.trim()) this.mark(photo, "");
    });
    remove.addEventListener("click", () => {
      URL.revokeObjectURL(url);
      item.remove();
      this.photos = this.photos.filter((p) => p !== photo);
      this.where.onChange();
    });
  }

  /**
   * @param {Photo} photo
   * @param {string} text
   */
  mark(photo, text) {
    photo.msg.textContent = text;
    photo.alt.setAttribute("aria-invalid", text ? "true" : "false");
    const field = photo.item;
    field.classList.toggle("sb-error", !!text);
  }

  /**
   * Every photo lacking its alt text marked (PM610's message), or whose alt text holds a character
   * the loader refuses in the file (PF103's: the alt text goes into the body as typed); the first
   * focused. True when all are ready.
   * @returns {boolean}
   */
  ready() {
    let first = null;
    const pattern = this.spec.pack.form.patterns.bad_chars;
    const bad = new RegExp(pattern.source, pattern.flags.replace("g", ""));
    for (const p of this.photos) {
      const missing = !p.alt.value.trim();
      const found = bad.exec(p.alt.value);
      const char = found ? "U+" + (found[0].codePointAt(0) || 0).toString(16).toUpperCase().padStart(4, "0") : "";
      this.mark(p, missing ? say(this.spec, "PM610.form", {name: p.file}) : found ? say(this.spec, "PF103", {char}) : "");
      if ((missing || found) && !first) first = p.alt;
    }
    if (first) first.focus();
    return !first && !this.busy;
  }

  /**
   * Each section's text with its photos' references added.
   * @param {{heading: string, text: string}[]} sections
   * @param {string} slug
   */
  withPhotos(sections, slug) {
    return sections.map((s) => {
      const mine = this.photos.filter((p) => p.section.value === s.heading);
      if (!mine.length) return s;
      const refs = mine.map((p) => "![" + p.alt.value.trim().replace(ALT_UNSAFE, " ") + "](" + slug + "/" + this.name(p) + ")");
      return {heading: s.heading, text: s.text.replace(/\s+$/, "") + "\n\n" + refs.join("\n\n")};
    });
  }

  /** @param {Photo} p */
  name(p) {
    let n = this.first;
    for (const q of this.photos) {
      while (stemTaken("photo-" + n, this.taken)) n++;
      if (q === p) return "photo-" + n + "." + p.clean.ext;
      n++;
    }
    return "";
  }

  /**
   * The photos as files of the commit, in the project's folder.
   * @param {number} year
   * @param {string} slug
   * @returns {import("./submit.js").FileChange[]}
   */
  files(year, slug) {
    return this.photos.map((p) => ({path: "projects/" + year + "/" + slug + "/" + this.name(p), bytes: p.clean.bytes}));
  }

  /** Forget every photo (after the pull request exists). */
  clear() {
    for (const p of this.photos) URL.revokeObjectURL(p.url);
    this.photos = [];
    empty(this.where.list);
  }
}
