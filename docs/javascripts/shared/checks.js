// @ts-check
/**
 * The checks of the online forms: the validator's limits and patterns as the page's definitions
 * carry them (spec.nodes: each field's schema node; spec.body, spec.prompt: the body rules'
 * expressions), in the validator's codes and in Chinese. Every check the forms make goes through
 * the three functions exported here, so another implementation with the same interface (one
 * driven by the shared rule pack) can take this module's place.
 *
 * A path names a value as the Python side does: ["title"], ["expenses", 0, "item"],
 * ["acceptance", "scores", 2, "completeness"]; ["body", heading] is a section of the body;
 * ["slug"] the file name; ["body"] the file as a whole.
 */

import {bytes, length, regex, validDate} from "./text.js";
import {fileText} from "./writer.js";

/** @typedef {(string|number)[]} Path */
/**
 * @typedef {object} Diagnostic
 * @property {string} code the validator's rule code (PS205, PB402 ...)
 * @property {Path} path
 * @property {"error"|"warning"} severity
 * @property {string} message Chinese, naming the field
 */

/**
 * @param {string} code
 * @param {Path} path
 * @param {string} message
 * @param {"error"|"warning"} [severity]
 * @returns {Diagnostic}
 */
function diag(code, path, message, severity) {
  return {code, path, severity: severity || "error", message};
}

/**
 * The key of `path` in spec.nodes: list indexes become "*".
 * @param {Path} path
 * @returns {string}
 */
export function nodeKey(path) {
  return path.map((p) => (typeof p === "number" ? "*" : p)).join(".");
}

/**
 * The field's name in messages: its title, in a row with the row's words ("第 2 笔支出的日期").
 * @param {any} spec
 * @param {Path} path
 * @param {any} node
 * @returns {string}
 */
function title(spec, path, node) {
  const at = path.findIndex((p) => typeof p === "number");
  const own = node.title || String(path[path.length - 1]);
  if (at < 0) return own;
  const words = (spec.rows || {})[nodeKey(path.slice(0, at))] || "第 {n} 项的";
  return words.replace("{n}", String(/** @type {number} */ (path[at]) + 1)) + own;
}

/**
 * @param {any} data
 * @param {Path} path
 * @returns {any}
 */
function at(data, path) {
  let v = data;
  for (const p of path) {
    if (v == null) return undefined;
    v = v[p];
  }
  return v;
}

/**
 * Whether the field must have a value, given the rest of the data.
 * @param {any} node
 * @param {any} data
 * @returns {boolean}
 */
function required(node, data) {
  if (node.required) return true;
  const w = node.required_if;
  if (!w) return false;
  const other = at(data || {}, w.path);
  if ("equals" in w) return other === w.equals;
  if ("above" in w) return typeof other === "number" && other > w.above;
  return false;
}

/**
 * @param {string} ch
 * @returns {string}
 */
function hex(ch) {
  return "U+" + (ch.codePointAt(0) || 0).toString(16).toUpperCase().padStart(4, "0");
}

/**
 * @param {string} text
 * @returns {boolean}
 */
function loneSurrogate(text) {
  return /[\ud800-\udbff](?![\udc00-\udfff])|(^|[^\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

/**
 * Characters no file may hold (the loader's list, plus what YAML readers refuse).
 * @param {any} spec
 * @param {string} text
 * @param {string} name
 * @returns {[string, string]|null} [code, message]
 */
function charProblem(spec, text, name) {
  const bad = regex(spec.bad_chars).exec(text) || /[\ufffe\uffff]/.exec(text);
  if (bad) {
    return ["PF103", "“" + name + "”含有不可见的控制字符 " + hex(bad[0]) +
      "。请删除该字符（可删掉该处前后的文字重新输入）。"];
  }
  if (loneSurrogate(text)) return ["PF103", "“" + name + "”含有无法保存的字符，请删除后重新输入。"];
  return null;
}

/**
 * One text of the front matter: the characters, the angle brackets (PB406), the schema node.
 * @param {any} spec
 * @param {string} text
 * @param {any} node
 * @param {string} name
 * @returns {[string, string]|null}
 */
function textProblem(spec, text, node, name) {
  const problem = charProblem(spec, text, name);
  if (problem) return problem;
  if (/[<>]/.test(text)) {
    return ["PB406", "“" + name + "”不能含有尖括号 < 或 >，请改用全角〈〉或书名号《》。"];
  }
  const n = length(text);
  if (node.minLength != null && n < node.minLength) {
    return ["PS205", "“" + name + "”有 " + n + " 个字符，至少要 " + node.minLength + " 个。"];
  }
  if (node.maxLength != null && n > node.maxLength) {
    return ["PS205", "“" + name + "”有 " + n + " 个字符，最多 " + node.maxLength + " 个，请删减。"];
  }
  if (node.format === "date" && !validDate(text)) {
    return ["PS206", "“" + name + "”不是有效日期。请写作 YYYY-MM-DD，如 2026-05-08。"];
  }
  if (node.pattern && !new RegExp(node.pattern).test(text)) {
    return ["PS208", node.pattern_message ? node.pattern_message.replace("{name}", name).replace("{value}", text) :
      "“" + name + "”的写法不符合要求。" + (node.description || "")];
  }
  if (node.enum && node.enum.indexOf(text) < 0) return ["PS201", "请选择“" + name + "”。"];
  return null;
}

/**
 * @param {any} spec
 * @param {string[]} items
 * @param {any} node
 * @param {string} name
 * @returns {[string, string]|null}
 */
function listProblem(spec, items, node, name) {
  if (node.minItems != null && items.length < node.minItems) {
    return ["PS209", "“" + name + "”至少要写 " + node.minItems + " 项。"];
  }
  if (node.maxItems != null && items.length > node.maxItems) {
    return ["PS209", "“" + name + "”最多 " + node.maxItems + " 项，现在有 " + items.length + " 项。"];
  }
  /** @type {Record<string, boolean>} */
  const seen = {};
  for (const item of items) {
    const problem = textProblem(spec, item, node.items || {}, name + "”中的“" + item);
    if (problem) return problem;
    if (node.uniqueItems && seen[item]) {
      return ["PS209", "“" + name + "”中的“" + item + "”重复了，请删除重复项。"];
    }
    seen[item] = true;
  }
  return null;
}

/**
 * An integer typed as text.
 * @param {string} text
 * @param {any} node
 * @param {string} name
 * @returns {[string, string]|null}
 */
function intProblem(text, node, name) {
  if (!/^[0-9]{1,7}$/.test(text)) {
    return ["PS203", "“" + name + "”应为整数，如 " + (node.maximum != null && node.maximum <= 100 ? node.maximum : 1000) + "。"];
  }
  const value = parseInt(text, 10);
  const low = node.exclusiveMinimum != null ? node.exclusiveMinimum + 1 : node.minimum;
  const high = node.maximum;
  if ((low != null && value < low) || (high != null && value > high)) {
    return ["PS207", "“" + name + "”应在 " + low + "–" + high + " 之间，现在是 " + value + "。"];
  }
  return null;
}

/**
 * Why a link target may not stand in the body (PB404), as body_safety.link_problem decides.
 * @param {any} spec
 * @param {string} url
 * @returns {string|null}
 */
function linkProblem(spec, url) {
  let decoded = url;
  for (let i = 0; i < 2; i++) {
    const doc = new DOMParser().parseFromString("<p>" + decoded.replace(/</g, "&lt;"), "text/html");
    decoded = doc.body.textContent || "";
  }
  const text = decoded.replace(regex(spec.body.invisible, "g"), "").toLowerCase();
  if (!text || text.charAt(0) === "#") return null;
  const m = regex(spec.body.scheme).exec(text);
  if (!m) {
    if (text.indexOf("@") >= 0 && text.indexOf("/") < 0) return null;
    return "是相对地址或文件路径，正文只能链接完整的 http/https 网址";
  }
  if (spec.body.schemes.indexOf(m[1]) < 0) return "使用了不允许的协议“" + m[1] + ":”";
  return null;
}

/**
 * A prompt line left as given, whatever its brackets and punctuation (process.is_prompt).
 * @param {any} p spec.prompt
 * @param {string} line
 * @returns {boolean}
 */
function isPrompt(p, line) {
  if (!regex(p.maybe).test(line)) return false;
  if (new RegExp("^(?:" + p.start[0] + ")", p.start[1]).test(line)) return true;
  const letters = (line.match(/[\p{L}\p{N}]/gu) || []).join("");
  return letters === p.mark || p.letters.some((/** @type {string} */ x) => letters.indexOf(x) >= 0);
}

/**
 * One section of the body: PB402–PB405, PB407, PB408, no "## " heading of its own (it would
 * start another section) and no code block left open (it would hide the headings after it).
 * @param {any} spec
 * @param {string} text
 * @param {string} name
 * @returns {[string, string]|null}
 */
function bodyProblem(spec, text, name) {
  const problem = charProblem(spec, text, name);
  if (problem) return problem;
  const lines = text.split("\n");
  let fence = null;
  const h2 = regex(spec.h2), fenceRe = regex(spec.fence);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (isPrompt(spec.prompt, line)) {
      return ["PB407", "“" + name + "”第 " + (i + 1) + " 行仍是待填写的提示（如以“" + spec.prompt.placeholder +
        "”开头的一行），请换成实际内容。"];
    }
    const mark = fenceRe.exec(line);
    if (mark) {
      if (fence === null) fence = mark[1].charAt(0).repeat(3);
      else if (line.trim().indexOf(fence) === 0) fence = null;
      continue;
    }
    if (fence === null && h2.test(line)) {
      return ["PB401", "“" + name + "”第 " + (i + 1) + " 行是二级标题“" + line.trim().slice(0, 20) +
        "”，会把正文分成新的一节。小标题请用“### ”。"];
    }
  }
  if (fence !== null) {
    return ["PB401", "“" + name + "”中的代码块没有结束：以 " + fence + " 开始的代码块，要用一行 " +
      fence + " 结束。"];
  }
  const links = [regex(spec.body.inline_link, "g"), regex(spec.body.ref_def, "g"),
    regex(spec.body.autolink, "g")];
  for (const re of links) {
    let m;
    while ((m = re.exec(text)) !== null) {
      const why = linkProblem(spec, m[1]);
      if (why) {
        return ["PB404", "“" + name + "”中的链接地址“" + m[1].slice(0, 60) + "”" + why +
          "。请删除该链接或改为 https:// 开头的网址。"];
      }
      if (m[0] === "") re.lastIndex++;
    }
  }
  const stripped = text.replace(regex(spec.body.autolink, "g"), (s) => " ".repeat(s.length));
  if (stripped.indexOf("<!--") >= 0) {
    return ["PB403", "“" + name + "”含有 HTML 注释 <!-- -->，请删除注释，需要说明的内容直接写在正文中。"];
  }
  const tag = regex(spec.body.tag).exec(stripped);
  if (tag) {
    const snippet = stripped.slice(tag.index, tag.index + 20).split("\n")[0];
    return ["PB402", "“" + name + "”含有 HTML 标签“" + snippet +
      "”。请改用 Markdown（如 **加粗**、- 列表），需要尖括号时请用全角〈〉。"];
  }
  // Images (PB408 refuses remote ones): a new file has no folder of its own yet, so the form
  // takes none; photos go into the project's folder later, linked by a relative address.
  if (text.indexOf("![") >= 0) {
    return ["PB408", "“" + name + "”中插入了图片（![…]）。在线表格不能插入图片：照片请在项目文件建好后" +
      "放进项目自己的文件夹，再用相对地址引用。"];
  }
  const attr = regex(spec.body.attr).exec(text);
  if (attr) {
    return ["PB405", "“" + name + "”含有属性语法“" + attr[0].slice(0, 30) + "”，请删除花括号中的内容。"];
  }
  return null;
}

/**
 * The application window's reminder for a date outside it (a warning: the panel decides).
 * @param {any} w spec.window
 * @param {string} day
 * @returns {string|null}
 */
function windowWarning(w, day) {
  if (!w || !validDate(day)) return null;
  const y = parseInt(day.slice(0, 4), 10) + w.offset;
  const start = y + "-" + w.start, end = y + "-" + w.end;
  if (day >= start && day <= end) return null;
  return "提醒：填表日期不在 " + y + " 年“" + w.title + "”时间（" + start + " 至 " + end +
    "）内。可以提交，请与所属党总支确认评审组是否受理。";
}

/**
 * The file name (the slug) of a new project in data.year.
 * @param {any} spec
 * @param {string} slug
 * @param {any} data
 * @returns {[string, string]|null}
 */
function slugProblem(spec, slug, data) {
  if (!slug) return ["PF114", "请填写项目简称（文件名）。"];
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) {
    return ["PF114", "简称只用小写字母、数字和连字符（不能以连字符开头或结尾，不能连写两个连字符），如 " +
      ((data && data.branch) || "eng-teachers") + "-2026-01。"];
  }
  if (length(slug) > spec.max_slug) {
    return ["PF114", "简称有 " + length(slug) + " 个字符，最多 " + spec.max_slug + " 个。"];
  }
  const year = data && data.year;
  const pathRe = new RegExp("^(?:" + spec.path_pattern[0] + ")$");
  if (typeof year === "number" && !pathRe.test("projects/" + year + "/" + slug + ".md")) {
    return ["PF114", "简称的写法不符合要求。"];
  }
  return null;
}

/**
 * The diagnostics of one value, alone or with what it depends on in `data` (the rest of the
 * project's front matter as far as the form knows it).
 * @param {any} spec the page's definitions
 * @param {Path} path
 * @param {any} value a text as typed (trimmed), a list of texts, or a number
 * @param {any} [data]
 * @returns {Diagnostic[]}
 */
export function checkField(spec, path, value, data) {
  /** @type {[string, string]|null} */
  let found = null;
  if (path[0] === "body" && path.length === 2) {
    const heading = String(path[1]);
    found = value ? bodyProblem(spec, value, heading) : ["PB401", "请填写“" + heading + "”。"];
    return found ? [diag(found[0], path, found[1])] : [];
  }
  if (path.length === 1 && path[0] === "slug") {
    found = slugProblem(spec, value, data);
    return found ? [diag(found[0], path, found[1])] : [];
  }
  const node = (spec.nodes || {})[nodeKey(path)] || {};
  const name = title(spec, path, node);
  if (value === undefined || value === null || value === "") {
    if (!required(node, data)) return [];
    const w = node.required_if;
    const code = w && "above" in w ? w.code || "PS202" : "PS202";
    const verb = node.enum || node.choice ? "请选择“" : "请填写“";
    return [diag(code, path, w && w.message ? w.message : verb + name + "”。")];
  }
  if (Array.isArray(value)) {
    found = listProblem(spec, value, node, name);
  } else if (node.type === "integer") {
    found = intProblem(String(value), node, name);
  } else {
    found = textProblem(spec, String(value), node, name);
  }
  if (found) return [diag(found[0], path, found[1])];
  if (spec.window && nodeKey(path) === spec.window.field) {
    const warning = windowWarning(spec.window, value);
    if (warning) return [diag(spec.window.code || "PR304", path, warning, "warning")];
  }
  return [];
}

/**
 * The body's sections: heading -> text, cut at "## " headings outside code blocks.
 * @param {any} spec
 * @param {string} body
 * @returns {[string, string][]}
 */
function sections(spec, body) {
  const h2 = regex(spec.h2), fenceRe = regex(spec.fence);
  /** @type {[string, string[]][]} */
  const out = [];
  let fence = null;
  for (const line of body.split("\n")) {
    const mark = fenceRe.exec(line);
    if (mark) {
      if (fence === null) fence = mark[1].charAt(0).repeat(3);
      else if (line.trim().indexOf(fence) === 0) fence = null;
    }
    const m = fence === null && !mark ? h2.exec(line) : null;
    if (m) out.push([m[1], []]);
    else if (out.length) out[out.length - 1][1].push(line);
  }
  return out.map(([heading, lines]) => [heading, lines.join("\n").trim()]);
}

/**
 * The diagnostics of a whole project: every field the page defines (present or required), the
 * rules that join fields, and, given a body, its sections and the file's size. `body` null: the
 * front matter alone.
 * @param {any} spec
 * @param {any} data
 * @param {string|null} body
 * @returns {Diagnostic[]}
 */
export function checkProject(spec, data, body) {
  /** @type {Diagnostic[]} */
  const out = [];
  for (const key of Object.keys(spec.nodes || {})) {
    if (key.indexOf(".") >= 0) continue;
    out.push(...checkField(spec, [key], data[key], data));
  }
  if (body === null) return out;
  const found = sections(spec, body);
  const headings = found.map(([h]) => h);
  for (const s of spec.sections || []) {
    if (headings.indexOf(s.heading) < 0) out.push(diag("PB401", ["body", s.heading], "请填写“" + s.heading + "”。"));
  }
  for (const [heading, text] of found) out.push(...checkField(spec, ["body", heading], text, data));
  if (out.some((d) => d.severity === "error")) return out;
  const size = bytes(fileText(data, found.map(([heading, text]) => ({heading, text})), spec.date_keys || []));
  if (size > spec.max_bytes) {
    out.push(diag("PF101", ["body"], "文件大小为 " + Math.ceil(size / 1024) + " KiB，超过上限 " +
      spec.max_bytes / 1024 + " KiB。请精简正文。"));
  }
  return out;
}

/**
 * The acceptance total as the validator computes it: the mean of the reviewers' sums, one
 * decimal, half up, in exact integer arithmetic (tenths). Null without a complete score sheet.
 * @param {Record<string, number>[]} scores one object per reviewer, criterion -> points
 * @param {string[]} criteria the criteria's keys
 * @returns {string|null} as the file writes it, e.g. "85.3"
 */
export function acceptanceTotal(scores, criteria) {
  if (!scores.length) return null;
  const sums = [];
  for (const row of scores) {
    let sum = 0;
    for (const c of criteria) {
      if (typeof row[c] !== "number") return null;
      sum += row[c];
    }
    sums.push(sum);
  }
  const s = sums.reduce((a, b) => a + b, 0), n = sums.length;
  const t = Math.floor((20 * s + n) / (2 * n));
  return Math.floor(t / 10) + "." + (t % 10);
}
