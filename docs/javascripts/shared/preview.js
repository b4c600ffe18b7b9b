// @ts-check
/**
 * The preview of a project body's section as its public page will show it. The site renders a
 * body with Python-Markdown after site_builder/core/bodytext.py has made it faithful to its lines;
 * the browser has no Python-Markdown, so this renders exactly the subset a project body may use,
 * the same way:
 *
 * - a single line break stays a line break;
 * - a line led by full-width spaces (U+3000, 首行缩进) or a tab starts a paragraph of its own with
 *   the page's paragraph indent (class sb-indent), without the spaces;
 * - an indented line is never a code block (outside a list its leading spaces are dropped);
 *   fenced code (```) is code;
 * - blank lines part paragraphs; `- ` / `1. ` lists (after a blank line, as in Markdown);
 *   `###` headings; **bold**, *italic*, `code`, [links](https://…) and images of the project's
 *   own files (shown as a placeholder naming the picture: it is not published yet).
 *
 * Nothing typed becomes markup: every node is built with textContent (the page's
 * Content-Security-Policy allows no inline script or style either). tests/test_faithful_text.py
 * compares the preview's text structure with the built page for the Word-paste corpus.
 *
 * Use: a textarea with `data-preview` gets a closed 预览 section after it, kept up to date.
 */

const INDENTED = /^[ \t]*(?:\u3000|\t)[ \t\u3000]*/;
const LIST_ITEM = /^ {0,3}([*+-]|\d+\.)[ \t]+(\S.*)$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$/;
const CODE_INDENT = /^ {4,}/;
const BLANK = /^[ \t\u3000]*$/;
const SAFE_LINK = /^(?:https?:|mailto:|#)/i;

/**
 * @typedef {{kind: "p", indent: boolean, lines: string[]}
 *   | {kind: "h", level: number, text: string}
 *   | {kind: "pre", text: string}
 *   | {kind: "list", ordered: boolean, items: string[][]}} Block
 */

/**
 * The blocks of a body's section, as the site renders them.
 * @param {string} text
 * @returns {Block[]}
 */
export function blocksOf(text) {
  /** @type {Block[]} */
  const out = [];
  /** @type {{kind: "p", indent: boolean, lines: string[]} | null} */
  let para = null;
  /** @type {{kind: "list", ordered: boolean, items: string[][]} | null} */
  let list = null;
  let blankBefore = true;
  /** @type {string | null} */
  let fence = null;
  /** @type {string[]} */
  let code = [];

  const flush = () => {
    if (para) out.push(para);
    if (list) out.push(list);
    para = null;
    list = null;
  };

  for (const raw of text.replace(/\r\n?/g, "\n").split("\n")) {
    const line = raw.replace(/[ \t]+$/, "");
    const mark = FENCE.exec(line);
    if (fence !== null) {
      if (mark && line.trim().startsWith(fence)) {
        out.push({kind: "pre", text: code.join("\n")});
        fence = null;
        blankBefore = true;
      } else {
        code.push(raw);
      }
      continue;
    }
    if (mark) {
      flush();
      fence = mark[1][0].repeat(3);
      code = [];
      continue;
    }
    if (BLANK.test(line)) {
      if (para) {
        out.push(para);
        para = null;
      }
      blankBefore = true;
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item && (list || blankBefore || !para)) {
      const ordered = /\d/.test(item[1]);
      if (!list || list.ordered !== ordered) {
        flush();
        list = {kind: "list", ordered, items: []};
      }
      list.items.push([item[2]]);
      blankBefore = false;
      continue;
    }
    const lead = INDENTED.exec(line);
    if (list && /^[ \t]/.test(line) && !(lead && lead[0].includes("\u3000"))) {
      list.items[list.items.length - 1].push(line.trim());  // a list item's continuation
      blankBefore = false;
      continue;
    }
    if (list && !blankBefore && !lead) {
      list.items[list.items.length - 1].push(line.trim());  // lazy continuation
      continue;
    }
    if (lead) {
      flush();
      para = {kind: "p", indent: true, lines: [line.slice(lead[0].length)]};
      blankBefore = false;
      continue;
    }
    const stripped = line.replace(CODE_INDENT, "");
    const heading = HEADING.exec(stripped);
    if (heading) {
      flush();
      out.push({kind: "h", level: heading[1].length, text: heading[2]});
      blankBefore = true;
      continue;
    }
    if (list) flush();
    if (!para) para = {kind: "p", indent: false, lines: []};
    para.lines.push(stripped.replace(/^ {1,3}/, ""));
    blankBefore = false;
  }
  if (fence !== null) out.push({kind: "pre", text: code.join("\n")});
  flush();
  return out;
}

// Inline Markdown: code, images, links, bold, italic (in this order of precedence).
const INLINE = new RegExp(
  [
    "(`+)([\\s\\S]*?[^`])\\1(?!`)",  // 1, 2: code
    "!\\[([^\\]]*)\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)",  // 3, 4: image
    "\\[([^\\]]+)\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)",  // 5, 6: link
    "\\*\\*(?=\\S)([\\s\\S]*?\\S)\\*\\*",  // 7: bold
    "__(?=\\S)([\\s\\S]*?\\S)__",  // 8: bold
    "\\*(?=\\S)([^*]*?\\S)\\*",  // 9: italic
    "(?<![A-Za-z0-9])_(?=\\S)([^_]*?\\S)_(?![A-Za-z0-9])",  // 10: italic
  ].join("|"),
  "g",
);
const ESCAPED = /\\([\\`*_{}\[\]()#+\-.!])/g;

/**
 * @param {Node} parent
 * @param {string} text
 */
function inline(parent, text) {
  let at = 0;
  INLINE.lastIndex = 0;
  const matches = [...text.matchAll(INLINE)];
  for (const m of matches) {
    const start = /** @type {number} */ (m.index);
    if (start < at) continue;
    plain(parent, text.slice(at, start));
    at = start + m[0].length;
    if (m[2] !== undefined) {
      const code = document.createElement("code");
      code.textContent = m[2].trim();
      parent.appendChild(code);
    } else if (m[4] !== undefined) {
      const image = document.createElement("span");
      image.className = "sb-preview__image";
      image.textContent = "\u3014\u56fe\u7247\uff1a" + (m[3] || m[4]) + "\u3015";  // 〔图片：…〕
      parent.appendChild(image);
    } else if (m[6] !== undefined) {
      if (SAFE_LINK.test(m[6])) {
        const a = document.createElement("a");
        a.href = m[6];
        a.rel = "noopener noreferrer";
        a.target = "_blank";
        inline(a, m[5]);
        parent.appendChild(a);
      } else {
        inline(parent, m[5]);
      }
    } else {
      const strong = m[7] !== undefined || m[8] !== undefined;
      const el = document.createElement(strong ? "strong" : "em");
      inline(el, m[7] ?? m[8] ?? m[9] ?? m[10] ?? "");
      parent.appendChild(el);
    }
  }
  plain(parent, text.slice(at));
}

/**
 * @param {Node} parent
 * @param {string} text
 */
function plain(parent, text) {
  if (text) parent.appendChild(document.createTextNode(text.replace(ESCAPED, "$1")));
}

/**
 * @param {Node} parent
 * @param {string[]} lines
 */
function lines(parent, lines) {
  lines.forEach((line, i) => {
    if (i) parent.appendChild(document.createElement("br"));
    inline(parent, line);
  });
}

/**
 * The section's text as the page will show it.
 * @param {string} text
 * @returns {DocumentFragment}
 */
export function renderBody(text) {
  const fragment = document.createDocumentFragment();
  for (const block of blocksOf(text)) {
    if (block.kind === "p") {
      const p = document.createElement("p");
      if (block.indent) p.className = "sb-indent";
      lines(p, block.lines);
      fragment.appendChild(p);
    } else if (block.kind === "h") {
      const h = document.createElement("h" + Math.max(3, Math.min(block.level, 6)));
      inline(h, block.text);
      fragment.appendChild(h);
    } else if (block.kind === "pre") {
      const pre = document.createElement("pre");
      const code = document.createElement("code");
      code.textContent = block.text;
      pre.appendChild(code);
      fragment.appendChild(pre);
    } else {
      const list = document.createElement(block.ordered ? "ol" : "ul");
      for (const item of block.items) {
        const li = document.createElement("li");
        lines(li, item);
        list.appendChild(li);
      }
      fragment.appendChild(list);
    }
  }
  return fragment;
}

/**
 * A closed 预览 section after `textarea`, kept up to date as it changes.
 * @param {HTMLTextAreaElement} textarea
 */
export function attachPreview(textarea) {
  const details = document.createElement("details");
  details.className = "sb-preview";
  const summary = document.createElement("summary");
  summary.textContent = "\u9884\u89c8\uff08\u516c\u5f00\u7f51\u9875\u4e0a\u7684\u6837\u5b50\uff09";  // 预览（公开网页上的样子）
  const body = document.createElement("div");
  body.className = "sb-preview__body";
  body.id = textarea.id + "-preview";
  details.append(summary, body);
  textarea.insertAdjacentElement("afterend", details);
  let pending = false;
  const update = () => {
    pending = false;
    body.replaceChildren(renderBody(textarea.value));
  };
  const later = () => {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(update);
  };
  textarea.addEventListener("input", later);
  textarea.addEventListener("change", later);
  details.addEventListener("toggle", update);  // text set without an event (a restored draft)
  update();
}

/** Every textarea marked `data-preview` in the page gets its preview. */
export function attachPreviews() {
  document.querySelectorAll("textarea[data-preview]").forEach((el) => {
    attachPreview(/** @type {HTMLTextAreaElement} */ (el));
  });
}
