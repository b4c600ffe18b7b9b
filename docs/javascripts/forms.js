/*
 * Online forms (在线填报): /apply/, /update/ and /panel/.
 *
 * Everything runs in the visitor's browser: the page carries its field definitions (generated at
 * build time from the schema, the roster and the settings) in <script id="sb-form-spec">; this
 * script checks what is typed with the validator's own limits and patterns, writes the YAML, and
 * opens GitHub only when the user asks. It loads nothing but the site's own project list, sends
 * nothing, and handles no secret. Text from users or data is only ever set as textContent/value.
 *
 * YAML: every text is written double-quoted with JSON's escapes (a JSON string is a YAML
 * double-quoted scalar), so no typed character (": ", "#", quotes, a leading "-", "[", line
 * breaks) can change the structure; integers and checked dates are written bare.
 */
(function () {
  "use strict";

  // The public projects: the site's open data, relative to this script (the site's javascripts/
  // folder). Read only for what the forms need (record() below); the same file the catalogue
  // reads, so a visitor's browser usually has it already.
  var DATA_URL = "../api/projects.json";
  var SCRIPT_URL = document.currentScript ? document.currentScript.src : document.baseURI;

  // One open-data project as the forms use it.
  function record(p) {
    var dates = (p.timeline || []).map(function (m) { return m.date; }).filter(function (d) {
      return /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(d);
    }).sort();
    return {
      key: p.id,
      slug: p.id.split("/")[1],
      path: "projects/" + p.id + ".md",
      year: p.year,
      title: p.title,
      branch: p.branch,
      stage: p.stage,
      grant: String(p.grant),
      last_date: dates.length ? dates[dates.length - 1] : null,
      sections: (p.sections || []).map(function (x) { return x.heading; })
    };
  }

  function loadProjects() {
    return fetch(new URL(DATA_URL, SCRIPT_URL).href).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.json();
    }).then(function (data) {
      return (data.projects || []).map(record);
    });
  }

  // ------------------------------------------------------------------ helpers

  function $(id) {
    return document.getElementById(id);
  }

  function length(text) {
    return Array.from(text).length; // code points, as JSON Schema counts
  }

  function regex(pair, extra) {
    return new RegExp(pair[0], pair[1] + (extra || ""));
  }

  function quote(text) {
    return JSON.stringify(text);
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function validDate(text) {
    var m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
    if (!m) return false;
    var y = +m[1], mo = +m[2], d = +m[3];
    if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
    var days = new Date(Date.UTC(2000, mo, 0)).getUTCDate(); // 29 for February
    if (mo === 2) days = (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? 29 : 28;
    return d <= days;
  }

  function clean(text) {
    return text.replace(/\r\n?/g, "\n");
  }

  function splitter(spec) {
    var chars = spec.separators.replace(/[\]\\^-]/g, "\\$&");
    return new RegExp("[\\n" + chars + "]+");
  }

  function splitNames(text, re) {
    return text.split(re).map(function (s) { return s.trim(); }).filter(Boolean);
  }

  function hex(ch) {
    return "U+" + ch.codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
  }

  function loneSurrogate(text) {
    return /[\ud800-\udbff](?![\udc00-\udfff])|(^|[^\ud800-\udbff])[\udc00-\udfff]/.test(text);
  }

  function bytes(text) {
    return new TextEncoder().encode(text).length;
  }

  // Characters no file may hold (the loader's list, plus what YAML readers refuse).
  function charProblem(spec, text, title) {
    var bad = regex(spec.bad_chars).exec(text) || /[\ufffe\uffff]/.exec(text);
    if (bad) {
      return "“" + title + "”含有不可见的控制字符 " + hex(bad[0]) +
        "。请删除该字符（可删掉该处前后的文字重新输入）。";
    }
    if (loneSurrogate(text)) return "“" + title + "”含有无法保存的字符，请删除后重新输入。";
    return null;
  }

  // One text of the front matter: the characters, the angle brackets (PB406), the schema node.
  function textProblem(spec, text, node, title) {
    var problem = charProblem(spec, text, title);
    if (problem) return problem;
    if (/[<>]/.test(text)) {
      return "“" + title + "”不能含有尖括号 < 或 >，请改用全角〈〉或书名号《》。";
    }
    var n = length(text);
    if (node.minLength != null && n < node.minLength) {
      return "“" + title + "”有 " + n + " 个字符，至少要 " + node.minLength + " 个。";
    }
    if (node.maxLength != null && n > node.maxLength) {
      return "“" + title + "”有 " + n + " 个字符，最多 " + node.maxLength + " 个，请删减。";
    }
    if (node.format === "date" && !validDate(text)) {
      return "“" + title + "”不是有效日期。请写作 YYYY-MM-DD，如 2026-05-08。";
    }
    if (node.pattern && !new RegExp(node.pattern).test(text)) {
      return "“" + title + "”的写法不符合要求。" + (node.description || "");
    }
    if (node.enum && node.enum.indexOf(text) < 0) return "请选择“" + title + "”。";
    return null;
  }

  function listProblem(spec, items, node, title) {
    if (node.minItems != null && items.length < node.minItems) {
      return "“" + title + "”至少要写 " + node.minItems + " 项。";
    }
    if (node.maxItems != null && items.length > node.maxItems) {
      return "“" + title + "”最多 " + node.maxItems + " 项，现在有 " + items.length + " 项。";
    }
    var seen = {};
    for (var i = 0; i < items.length; i++) {
      var problem = textProblem(spec, items[i], node.items || {}, title + "”中的“" + items[i]);
      if (problem) return problem;
      if (node.uniqueItems && seen[items[i]]) {
        return "“" + title + "”中的“" + items[i] + "”重复了，请删除重复项。";
      }
      seen[items[i]] = true;
    }
    return null;
  }

  function intProblem(text, node, title, max) {
    if (!/^[0-9]{1,7}$/.test(text)) return "“" + title + "”应为整数，如 " + (max || 1000) + "。";
    var value = parseInt(text, 10);
    var low = node.exclusiveMinimum != null ? node.exclusiveMinimum + 1 : node.minimum;
    var high = max != null ? Math.min(max, node.maximum == null ? max : node.maximum) : node.maximum;
    if ((low != null && value < low) || (high != null && value > high)) {
      return "“" + title + "”应在 " + low + "–" + high + " 之间，现在是 " + value + "。";
    }
    return null;
  }

  // Why a link target may not stand in the body (PB404), as body_safety.link_problem decides.
  function linkProblem(spec, url) {
    var decoded = url;
    for (var i = 0; i < 2; i++) {
      var doc = new DOMParser().parseFromString("<p>" + decoded.replace(/</g, "&lt;"), "text/html");
      decoded = doc.body.textContent;
    }
    var text = decoded.replace(regex(spec.body.invisible, "g"), "").toLowerCase();
    if (!text || text.charAt(0) === "#") return null;
    var m = regex(spec.body.scheme).exec(text);
    if (!m) {
      if (text.indexOf("@") >= 0 && text.indexOf("/") < 0) return null;
      return "是相对地址或文件路径，正文只能链接完整的 http/https 网址";
    }
    if (spec.body.schemes.indexOf(m[1]) < 0) return "使用了不允许的协议“" + m[1] + ":”";
    return null;
  }

  // A prompt line left as given, whatever its brackets and punctuation (process.is_prompt).
  function isPrompt(p, line) {
    if (!regex(p.maybe).test(line)) return false;
    if (new RegExp("^(?:" + p.start[0] + ")", p.start[1]).test(line)) return true;
    var letters = (line.match(/[\p{L}\p{N}]/gu) || []).join("");
    return letters === p.mark || p.letters.some(function (x) { return letters.indexOf(x) >= 0; });
  }

  // One section of the body: the checks of PB402–PB405 and PB407, no "## " heading of its own
  // (it would start another section) and no code block left open (it would hide the headings
  // after it).
  function bodyProblem(spec, text, title) {
    var problem = charProblem(spec, text, title);
    if (problem) return problem;
    var lines = text.split("\n");
    var fence = null, h2 = regex(spec.h2), fenceRe = regex(spec.fence);
    for (var i = 0; i < lines.length; i++) {
      var line = lines[i];
      if (isPrompt(spec.prompt, line)) {
        return "“" + title + "”第 " + (i + 1) + " 行仍是待填写的提示（如以“" + spec.prompt.placeholder +
          "”开头的一行），请换成实际内容。";
      }
      var mark = fenceRe.exec(line);
      if (mark) {
        if (fence === null) fence = mark[1].charAt(0).repeat(3);
        else if (line.trim().indexOf(fence) === 0) fence = null;
        continue;
      }
      if (fence === null && h2.test(line)) {
        return "“" + title + "”第 " + (i + 1) + " 行是二级标题“" + line.trim().slice(0, 20) +
          "”，会把正文分成新的一节。小标题请用“### ”。";
      }
    }
    if (fence !== null) {
      return "“" + title + "”中的代码块没有结束：以 " + fence + " 开始的代码块，要用一行 " +
        fence + " 结束。";
    }
    var links = [regex(spec.body.inline_link, "g"), regex(spec.body.ref_def, "g"),
      regex(spec.body.autolink, "g")];
    for (var k = 0; k < links.length; k++) {
      var m;
      while ((m = links[k].exec(text)) !== null) {
        var why = linkProblem(spec, m[1]);
        if (why) {
          return "“" + title + "”中的链接地址“" + m[1].slice(0, 60) + "”" + why +
            "。请删除该链接或改为 https:// 开头的网址。";
        }
        if (m[0] === "") links[k].lastIndex++;
      }
    }
    var stripped = text.replace(regex(spec.body.autolink, "g"), function (s) {
      return " ".repeat(s.length);
    });
    if (stripped.indexOf("<!--") >= 0) {
      return "“" + title + "”含有 HTML 注释 <!-- -->，请删除注释，需要说明的内容直接写在正文中。";
    }
    var tag = regex(spec.body.tag).exec(stripped);
    if (tag) {
      var snippet = stripped.slice(tag.index, tag.index + 20).split("\n")[0];
      return "“" + title + "”含有 HTML 标签“" + snippet +
        "”。请改用 Markdown（如 **加粗**、- 列表），需要尖括号时请用全角〈〉。";
    }
    // Images (PB408 refuses remote ones): a new file has no folder of its own yet, so the form
    // takes none; photos go into the project's folder later, linked by a relative address.
    if (text.indexOf("![") >= 0) {
      return "“" + title + "”中插入了图片（![…]）。在线表格不能插入图片：照片请在项目文件建好后" +
        "放进项目自己的文件夹，再用相对地址引用。";
    }
    var attr = regex(spec.body.attr).exec(text);
    if (attr) {
      return "“" + title + "”含有属性语法“" + attr[0].slice(0, 30) + "”，请删除花括号中的内容。";
    }
    return null;
  }

  // ------------------------------------------------------------------ the page around a form

  function Messages() {
    this.problems = [];
    this.warnings = [];
    this.touched = {};
    this.all = false;
  }

  // Show or clear the message of one field; problems count whether shown yet or not.
  Messages.prototype.set = function (key, problem, warning) {
    var box = $("f-" + key + "-msg");
    var field = box ? box.closest(".sb-field") : null;
    if (problem) this.problems.push({key: key, text: problem});
    if (warning) this.warnings.push({key: key, text: warning});
    if (!box) return;
    var shown = this.all || this.touched[key];
    var text = problem && shown ? problem : (warning || "");
    box.textContent = text;
    field.classList.toggle("sb-error", !!(problem && shown));
    field.classList.toggle("sb-warn", !(problem && shown) && !!warning);
  };

  function touchOn(form, messages, update) {
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    function touch(event) {
      var name = event.target.dataset.key || event.target.name;
      if (name) messages.touched[name] = true;
      update();
    }
    form.addEventListener("input", touch);
    form.addEventListener("change", touch);
    form.addEventListener("focusout", touch);
  }

  function status(el, messages, okText) {
    if (!el) return;
    var n = messages.problems.length;
    el.classList.toggle("sb-bad", n > 0);
    el.classList.toggle("sb-good", n === 0);
    if (n === 0) {
      el.textContent = okText;
      return;
    }
    var names = messages.problems.slice(0, 5).map(function (p) {
      var label = document.querySelector('label[for="f-' + p.key + '"]');
      return label ? label.firstChild.textContent : p.text;
    });
    el.textContent = "还有 " + n + " 处需要填写或改正：" + names.join("、") +
      (n > 5 ? " 等" : "") + "。";
  }

  function refuse(messages, statusEl, noteEl, update) {
    messages.all = true;
    update();
    if (noteEl) noteEl.textContent = "请先改正上面标出的问题，再复制或提交。";
    var first = messages.problems[0];
    var field = first && $("f-" + first.key);
    if (field) field.focus();
    if (statusEl) statusEl.scrollIntoView({block: "nearest"});
  }

  // Copy while the click still counts as the user's action: select and copy synchronously.
  function copyNow(area) {
    area.focus();
    area.setSelectionRange(0, area.value.length);
    var done = false;
    try {
      done = document.execCommand("copy");
    } catch (e) {
      done = false;
    }
    return done;
  }

  function copy(area, note) {
    var text = area.value;
    function fallback() {
      var ok = copyNow(area);
      note.textContent = ok ? "已复制到剪贴板。" : "无法自动复制：内容已选中，请按 Ctrl+C（手机上长按选择“复制”）。";
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () {
        note.textContent = "已复制到剪贴板。";
      }, fallback);
    } else {
      fallback();
    }
  }

  function openPage(url) {
    window.open(url, "_blank", "noopener");
  }

  function editUrl(spec, path) {
    return spec.repository + "/edit/" + spec.branch + "/" + path.split("/").map(encodeURIComponent).join("/");
  }

  function noRepository(note) {
    note.textContent = "网站没有设置仓库地址（mkdocs.yml 中的 extra.repository），无法打开 GitHub。" +
      "请复制上面的内容，按“用网页编辑器提交”中的步骤在仓库中操作。";
  }

  function dateField(id) {
    var input = $(id);
    if (input && !input.value) input.value = today();
    return input;
  }

  function value(id) {
    var el = $(id);
    return el ? clean(el.value).trim() : "";
  }

  // ------------------------------------------------------------------ 在线申报

  function Apply(spec) {
    var form = $("sb-apply");
    var out = $("file-text");
    var note = $("github-note");
    var messages = new Messages();
    var names = splitter(spec);
    var pathRe = new RegExp("^(?:" + spec.path_pattern[0] + ")$");
    var publicSlugs = {};
    var slugEdited = false;
    var lastUnit = "";
    var lastSlug = "";
    var fileText = "";
    var path = "";
    var gbs = {};
    spec.general_branches.forEach(function (gb) { gbs[gb.id] = gb; });

    dateField("f-applied_on");

    $("f-general_branch").addEventListener("change", function () {
      var gb = gbs[this.value];
      var select = $("f-branch");
      while (select.firstChild) select.removeChild(select.firstChild);
      var first = document.createElement("option");
      first.value = "";
      first.textContent = gb ? "请选择" : "请先选择党总支";
      select.appendChild(first);
      (gb ? gb.branches : []).forEach(function (b) {
        var option = document.createElement("option");
        option.value = b.id;
        option.textContent = b.name;
        select.appendChild(option);
      });
      select.disabled = !gb;
      if (gb && gb.branches.length === 1) select.value = gb.branches[0].id;
      var unit = $("f-unit");
      if (gb && (!unit.value.trim() || unit.value === lastUnit)) {
        unit.value = gb.unit;
        lastUnit = gb.unit;
      }
    });
    $("f-slug").addEventListener("input", function () {
      slugEdited = this.value.trim() !== "" && this.value !== lastSlug;
    });

    loadProjects().then(function (list) {
      list.forEach(function (p) { publicSlugs[p.slug] = p; });
      update();
    }, function () {});

    // Suggest a free name until the user writes one; never while they are in the box.
    function suggest(branch, year) {
      if (slugEdited || !branch || !year || document.activeElement === $("f-slug")) return;
      for (var n = 1; n < 100; n++) {
        var slug = branch + "-" + year + "-" + pad(n);
        if (!publicSlugs[slug]) {
          $("f-slug").value = slug;
          lastSlug = slug;
          return;
        }
      }
    }

    function read() {
      var v = {};
      spec.lists.forEach(function (key) { v[key] = splitNames(clean($("f-" + key).value), names); });
      Object.keys(spec.fields).forEach(function (key) {
        if (!(key in v)) v[key] = value("f-" + key);
      });
      v.duration_months = parseInt(v.duration_months, 10);
      if (!(v.duration_months > 12)) delete v.duration_reason;
      v.sections = spec.sections.map(function (s) { return value("f-" + s.heading); });
      v.slug = value("f-slug");
      return v;
    }

    function check(v) {
      var fields = spec.fields;
      Object.keys(fields).forEach(function (key) {
        var node = fields[key], title = node.title, val = v[key], problem = null, warning = null;
        if (key === "duration_reason") {
          $("f-duration_reason").closest(".sb-field").classList.toggle("sb-hidden", !(v.duration_months > 12));
          if (!(v.duration_months > 12)) {
            messages.set(key, null);
            return;
          }
          if (!val) problem = "计划周期超过 12 个月，须填写“" + title + "”。";
        }
        if (problem === null && Array.isArray(val)) {
          problem = listProblem(spec, val, node, title);
        } else if (problem === null && key === "duration_months") {
          problem = intProblem(String(val), node, title);
        } else if (problem === null && val === "") {
          if (spec.required.indexOf(key) >= 0) {
            problem = (node.enum || /branch/.test(key) ? "请选择“" : "请填写“") + title + "”。";
          }
        } else if (problem === null) {
          problem = textProblem(spec, val, node, title);
        }
        if (!problem && key === "applied_on") warning = windowWarning(val);
        messages.set(key, problem, warning);
        counter(key, val, node);
      });
      spec.sections.forEach(function (s, i) {
        var text = v.sections[i];
        var problem = text ? bodyProblem(spec, text, s.heading) : "请填写“" + s.heading + "”。";
        messages.set(s.heading, problem);
        counter(s.heading, text, {});
      });
      var year = validDate(v.applied_on) ? parseInt(v.applied_on.slice(0, 4), 10) : null;
      if (year !== null && (year < spec.year.minimum || year > spec.year.maximum)) year = null;
      $("year-note").textContent = year === null ? "" :
        "立项年度：" + year + "（" + year + "–" + (year + 1) + " 学年），文件放在 projects/" + year + "/ 中。";
      suggest(v.branch, year);
      v.slug = value("f-slug");
      var slugProblem = null;
      if (!v.slug) {
        slugProblem = "请填写项目简称（文件名）。";
      } else if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(v.slug)) {
        slugProblem = "简称只用小写字母、数字和连字符（不能以连字符开头或结尾，不能连写两个连字符），如 " +
          (v.branch || "eng-teachers") + "-2026-01。";
      } else if (length(v.slug) > spec.max_slug) {
        slugProblem = "简称有 " + length(v.slug) + " 个字符，最多 " + spec.max_slug + " 个。";
      } else if (publicSlugs[v.slug]) {
        slugProblem = "简称“" + v.slug + "”已被公开项目《" + publicSlugs[v.slug].title +
          "》使用，简称在所有年度中不能重复，请换一个。";
      } else if (year !== null && !pathRe.test("projects/" + year + "/" + v.slug + ".md")) {
        slugProblem = "简称的写法不符合要求。";
      }
      messages.set("slug", slugProblem);
      counter("slug", v.slug, {maxLength: spec.max_slug});
      return year;
    }

    function windowWarning(day) {
      var w = spec.window;
      if (!w || !validDate(day)) return null;
      var y = parseInt(day.slice(0, 4), 10) + w.offset;
      var start = y + "-" + w.start, end = y + "-" + w.end;
      if (day >= start && day <= end) return null;
      return "提醒：填表日期不在 " + y + " 年“" + w.title + "”时间（" + start + " 至 " + end +
        "）内。可以提交，请与所属党总支确认评审组是否受理。";
    }

    function counter(key, val, node) {
      var el = $("f-" + key + "-count");
      if (!el) return;
      if (Array.isArray(val)) {
        el.textContent = "已写 " + val.length + " 项" + (node.maxItems ? "，最多 " + node.maxItems + " 项" : "") + "。";
      } else {
        var n = length(val || "");
        el.textContent = node.maxLength ? "已写 " + n + " / " + node.maxLength + " 个字符。" :
          "已写 " + n + " 个字符。";
      }
    }

    function yamlValue(key, val) {
      var node = spec.fields[key] || {};
      if (Array.isArray(val)) return "[" + val.map(quote).join(", ") + "]";
      if (typeof val === "number") return String(val);
      if (node.format === "date") return val; // checked: YYYY-MM-DD, read as text by the loader
      return quote(val);
    }

    function render(v, year) {
      var values = {};
      Object.keys(spec.fields).forEach(function (key) { values[key] = v[key]; });
      values.year = year;
      values.stage = spec.stage;
      var lines = ["---"];
      spec.order.forEach(function (key) {
        var val = values[key];
        if (val === undefined || val === "" || (Array.isArray(val) && val.length === 0)) return;
        lines.push(key + ": " + (key === "stage" ? val : yamlValue(key, val)));
      });
      lines.push("---");
      var body = spec.sections.map(function (s, i) {
        return "\n## " + s.heading + "\n\n" + v.sections[i] + "\n";
      }).join("");
      return lines.join("\n") + "\n" + body;
    }

    function update() {
      messages.problems = [];
      messages.warnings = [];
      var v = read();
      var year = check(v);
      fileText = "";
      path = "";
      if (messages.problems.length === 0) {
        var text = render(v, year);
        var size = bytes(text);
        if (size > spec.max_bytes) {
          messages.problems.push({key: spec.sections[0].heading,
            text: "文件大小为 " + Math.ceil(size / 1024) + " KiB，超过上限 " + spec.max_bytes / 1024 + " KiB。请精简正文。"});
        } else {
          fileText = text;
          path = "projects/" + year + "/" + v.slug + ".md";
        }
      }
      out.value = fileText;
      out.placeholder = "填写完整并改正所有问题后，这里显示完整的项目文件。";
      status($("form-status"), messages, "检查通过：可以复制，或直接“在 GitHub 上提交”。文件名：" + path);
      if (messages.problems.length === 0 && messages.all) note.textContent = "";
    }

    touchOn(form, messages, update);
    $("copy-file").addEventListener("click", function () {
      if (!fileText) return refuse(messages, $("form-status"), note, update);
      copy(out, note);
    });
    $("open-github").addEventListener("click", function () {
      if (!fileText) return refuse(messages, $("form-status"), note, update);
      if (!spec.repository) return noRepository(note);
      var base = spec.repository + "/new/" + spec.branch + "?filename=" + encodeURIComponent(path);
      var full = base + "&value=" + encodeURIComponent(fileText);
      var next = "提交更改时选择“新建分支并发起拉取请求（Create a new branch … and start a pull request）”，" +
        "在拉取请求页面的网址末尾加上 ?template=" + spec.template + "（或 &template=" + spec.template +
        "）选用申报模板，再点“创建拉取请求（Create pull request）”。";
      if (full.length <= spec.max_url) {
        openPage(full);
        note.textContent = "已在新窗口打开 GitHub，文件名和内容都已填好。" + next;
      } else {
        var copied = copyNow(out);
        openPage(base);
        note.textContent = (copied ? "文件较长，已复制到剪贴板；" : "文件较长，无法自动复制：请先点“复制”；") +
          "已在新窗口打开 GitHub 并填好文件名，请在编辑区粘贴（Ctrl+V，手机上长按选择“粘贴”）。" + next;
      }
    });
    update();
  }

  // ------------------------------------------------------------------ 阶段材料

  function Update(spec) {
    var form = $("sb-update");
    var messages = new Messages();
    var projects = [];
    var chosen = null;
    var front = $("update-front"), body = $("update-body"), note = $("github-note");
    var select = $("f-project"), search = $("f-filter"), action = $("f-action");
    var rows = $("expense-rows");
    var ready = false;

    dateField("f-concluded_on");
    dateField("f-withdrawal.date");

    loadProjects()
      .then(function (list) {
        projects = list;
        fill("");
        select.disabled = false;
        update();
      }, function () {
        select.firstChild.textContent = "无法载入项目列表，请刷新页面重试。";
      });

    function fill(filter) {
      var keep = select.value;
      while (select.firstChild) select.removeChild(select.firstChild);
      var first = document.createElement("option");
      first.value = "";
      select.appendChild(first);
      var words = filter.toLowerCase();
      var shown = 0;
      projects.forEach(function (p) {
        var label = p.title + "（" + p.branch + "，" + p.year + " 年度，" + spec.stages[p.stage] + "）";
        if (words && (label + " " + p.slug).toLowerCase().indexOf(words) < 0) return;
        var option = document.createElement("option");
        option.value = p.key;
        option.textContent = label;
        select.appendChild(option);
        shown++;
      });
      first.textContent = shown ? "请选择项目（共 " + shown + " 个）" : "没有找到符合的项目";
      select.value = keep;
    }

    search.addEventListener("input", function () {
      fill(this.value.trim());
      select.dispatchEvent(new Event("change"));
    });
    select.addEventListener("change", function () {
      chosen = null;
      projects.forEach(function (p) { if (p.key === select.value) chosen = p; });
      var allowed = [];
      Array.prototype.forEach.call(action.options, function (o) {
        if (!o.value) return;
        o.disabled = !chosen || spec.actions[o.value].from.indexOf(chosen.stage) < 0;
        if (!o.disabled) allowed.push(o.value);
      });
      action.disabled = !chosen || allowed.length === 0;
      action.value = allowed.indexOf(action.value) >= 0 ? action.value : (allowed[0] || "");
      $("project-info").textContent = chosen ? "文件：" + chosen.path + "；阶段：" + spec.stages[chosen.stage] +
        "；资助经费：" + chosen.grant + " 元。" : "";
      update();
    });
    action.addEventListener("change", update);

    function addRow() {
      var row = document.createElement("div");
      row.className = "sb-row";
      var fields = spec.fields.expense;
      [["date", "日期", "YYYY-MM-DD"], ["item", fields.item.title, ""], ["amount", "金额（元）", "0.00"]]
        .forEach(function (f) {
          var label = document.createElement("label");
          var span = document.createElement("span");
          span.textContent = f[1];
          var input = document.createElement("input");
          input.type = "text";
          input.name = f[0];
          input.placeholder = f[2];
          input.dataset.key = "expenses";
          if (f[0] !== "item") input.inputMode = f[0] === "amount" ? "decimal" : "numeric";
          label.appendChild(span);
          label.appendChild(input);
          row.appendChild(label);
        });
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "md-button sb-remove";
      remove.textContent = "删除这一笔";
      remove.addEventListener("click", function () {
        rows.removeChild(row);
        update();
      });
      row.appendChild(remove);
      var msg = document.createElement("p");
      msg.className = "sb-msg";
      row.appendChild(msg);
      rows.appendChild(row);
      return row;
    }
    $("add-expense").addEventListener("click", function () {
      addRow().querySelector("input").focus();
      update();
    });
    addRow();

    function cents(text) {
      var parts = text.split(".");
      return parseInt(parts[0], 10) * 100 + (parts[1] ? parseInt((parts[1] + "0").slice(0, 2), 10) : 0);
    }

    function yuan(c) {
      return c % 100 === 0 ? String(c / 100) : Math.floor(c / 100) + "." + pad(c % 100);
    }

    function section(key, text, hint) {
      var problem = text ? bodyProblem(spec, text, key) : "请填写“" + key + "”" + (hint || "") + "。";
      messages.set(key, problem);
      return text;
    }

    function datePast(key, day, title) {
      var problem = textProblem(spec, day, {format: "date"}, title);
      if (!day) problem = "请填写“" + title + "”。";
      if (!problem && chosen && chosen.last_date && day < chosen.last_date) {
        problem = "“" + title + "”为 " + day + "，早于该项目上一环节的日期 " + chosen.last_date + "。请核对。";
      }
      messages.set(key, problem);
      return day;
    }

    function conclude() {
      var f = spec.fields;
      var lines = ["concluded_on: " + datePast("concluded_on", value("f-concluded_on"), f.concluded_on.title)];
      var list = [];
      var total = 0, rowProblem = null;
      Array.prototype.forEach.call(rows.children, function (row, i) {
        var get = function (name) { return clean(row.querySelector('[name="' + name + '"]').value).trim(); };
        var e = {date: get("date"), item: get("item"), amount: get("amount")};
        var label = "第 " + (i + 1) + " 笔支出的";
        var problem = null;
        if (!e.date || !e.item || !e.amount) {
          problem = label + "日期、事项和金额都要填写；不需要的一笔请删除。";
        } else {
          problem = textProblem(spec, e.date, f.expense.date, label + f.expense.date.title) ||
            textProblem(spec, e.item, f.expense.item, label + f.expense.item.title) ||
            (new RegExp(f.expense.amount.pattern).test(e.amount) ? null :
              label + "金额“" + e.amount + "”写法不对：大于 0，最多两位小数，如 320 或 85.50。");
        }
        row.querySelector(".sb-msg").textContent = problem && (messages.all || messages.touched.expenses) ? problem : "";
        row.classList.toggle("sb-error", !!(problem && (messages.all || messages.touched.expenses)));
        if (problem) {
          rowProblem = rowProblem || problem;
        } else {
          total += cents(e.amount);
          list.push(e);
        }
      });
      if (rowProblem) messages.problems.push({key: "expenses", text: rowProblem});
      if (rows.children.length > f.expenses.maxItems) {
        messages.problems.push({key: "expenses", text: "经费支出最多 " + f.expenses.maxItems + " 笔。"});
      }
      var grant = chosen ? cents(chosen.grant) : 0;
      var over = total - grant;
      $("expense-total").textContent = "支出合计 " + yuan(total) + " 元，资助经费 " + yuan(grant) + " 元，" +
        (over > 0 ? "超出 " + yuan(over) + " 元：自动检查会给出警告（PR310），请在结题报告中说明原因。"
          : "结余 " + yuan(-over) + " 元（通过验收后留作本支部活动经费）。");
      $("expense-total").classList.toggle("sb-warn", over > 0);
      if (list.length === 0) {
        lines.push("expenses: []");
      } else {
        lines.push("expenses:");
        list.forEach(function (e) {
          lines.push("  - date: " + e.date, "    item: " + quote(e.item), "    amount: " + e.amount);
        });
      }
      var parts = spec.report.parts.map(function (part) {
        return "### " + part + "\n\n" + section(part, value("f-" + part));
      });
      return {front: lines.join("\n") + "\n", body: "\n## " + spec.report.heading + "\n\n" + parts.join("\n\n") + "\n"};
    }

    function withdraw() {
      var f = spec.fields.withdrawal;
      var day = datePast("withdrawal.date", value("f-withdrawal.date"), f.date.title);
      var reason = value("f-withdrawal.reason");
      messages.set("withdrawal.reason", reason ? textProblem(spec, reason, f.reason, f.reason.title) :
        "请填写“" + f.reason.title + "”。");
      return {front: "withdrawal:\n  date: " + day + "\n  reason: " + quote(reason) + "\n", body: ""};
    }

    function progress() {
      var heading = spec.progress.heading;
      var text = section(heading, value("f-" + heading));
      if (chosen && chosen.sections.indexOf(heading) >= 0) {
        messages.problems.push({key: heading, text: "该项目已有“" + heading + "”一节，请在文件中直接修改该节。"});
        messages.set(heading, "该项目已有“" + heading + "”一节，请在 GitHub 上打开文件直接修改该节。");
      }
      return {front: "", body: "\n## " + heading + "\n\n" + text + "\n"};
    }

    function steps(kind, result) {
      var list = $("update-steps");
      while (list.firstChild) list.removeChild(list.firstChild);
      if (!chosen || !kind) return;
      var a = spec.actions[kind];
      var items = ["点“在 GitHub 上编辑”，打开 " + chosen.path + " 的编辑页面。"];
      if (a.to) items.push("把前置信息中的 stage: " + chosen.stage + " 一行改为 stage: " + a.to + "。");
      if (result.front) items.push("复制“加入前置信息的内容”，粘贴在前置信息末尾，即第二个 --- 一行的前面。");
      if (result.body) items.push("复制“加入正文末尾的内容”，粘贴在文件的最后。");
      items.push("提交到新分支并发起拉取请求，在拉取请求页面的网址末尾加上 ?template=" + a.template + " 选用对应模板。");
      items.forEach(function (text) {
        var li = document.createElement("li");
        li.textContent = text;
        list.appendChild(li);
      });
    }

    function update() {
      messages.problems = [];
      messages.warnings = [];
      var kind = chosen ? action.value : "";
      document.querySelectorAll(".sb-action").forEach(function (el) {
        el.classList.toggle("sb-hidden", el.dataset.action !== kind);
      });
      var result = {front: "", body: ""};
      if (!chosen) {
        messages.set("project", projects.length ? "请选择项目。" : null);
      } else {
        messages.set("project", null);
        if (!kind) {
          messages.set("action", "该项目处于“" + spec.stages[chosen.stage] +
            "”阶段，支部没有要在这里提交的阶段材料（验收和表彰由评审组填写）。");
        } else {
          messages.set("action", null);
          result = {progress: progress, conclude: conclude, withdraw: withdraw}[kind]();
        }
      }
      var ok = messages.problems.length === 0 && chosen && kind;
      front.value = ok ? result.front : "";
      body.value = ok ? result.body : "";
      front.closest(".sb-output").dataset.ready = ok ? "yes" : "no";
      ready = !!ok;
      steps(ok ? kind : "", result);
      status($("form-status"), messages, "检查通过：请按下面的步骤把内容加入项目文件。");
    }

    touchOn(form, messages, update);
    $("copy-front").addEventListener("click", function () {
      if (!ready) return refuse(messages, $("form-status"), note, update);
      copy(front, note);
    });
    $("copy-body").addEventListener("click", function () {
      if (!ready) return refuse(messages, $("form-status"), note, update);
      copy(body, note);
    });
    $("open-github").addEventListener("click", function () {
      if (!ready) return refuse(messages, $("form-status"), note, update);
      if (!spec.repository) return noRepository(note);
      openPage(editUrl(spec, chosen.path));
      note.textContent = "已在新窗口打开 " + chosen.path + " 的编辑页面，请按上面的步骤修改。";
    });
    update();
  }

  // ------------------------------------------------------------------ 评审组

  // The acceptance total as the validator computes it: the mean of the reviewers' sums, one
  // decimal, half up, in exact integer arithmetic (tenths).
  function totalTenths(sums) {
    var s = sums.reduce(function (a, b) { return a + b; }, 0), n = sums.length;
    return Math.floor((20 * s + n) / (2 * n));
  }

  function tenths(t) {
    return Math.floor(t / 10) + "." + (t % 10);
  }

  function Panel(spec) {
    var pathRe = new RegExp("^(?:" + spec.path_pattern[0] + ")$");

    function pathProblem(messages, key) {
      var path = value("f-" + key);
      var problem = path && !pathRe.test(path) ?
        "项目文件应写作 projects/<年度>/<简称>.md，如 projects/2026/eng-teachers-2026-01.md。" : null;
      messages.set(key, problem);
      return path;
    }

    function opener(name, messages, update, state) {
      var out = $(name + "-text"), note = $(name + "-note"), statusEl = $(name + "-status");
      $("copy-" + name).addEventListener("click", function () {
        if (!state.text) return refuse(messages, statusEl, note, update);
        copy(out, note);
      });
      $("open-" + name).addEventListener("click", function () {
        if (!state.text) return refuse(messages, statusEl, note, update);
        if (!spec.repository) return noRepository(note);
        if (!state.path) {
          note.textContent = "请先在上面填写“项目文件”，才能打开它的编辑页面。";
          $("f-" + name + ".path").focus();
          return;
        }
        openPage(editUrl(spec, state.path));
        note.textContent = "已在新窗口打开 " + state.path + " 的编辑页面：把 stage 一行换成上面的内容，" +
          "提交到新分支并发起拉取请求" + (name === "acceptance" ? "（模板 template=accept.md）" : "") +
          "，再请另一位评审组成员批准。";
      });
    }

    // -- 立项批复
    (function () {
      var messages = new Messages();
      var state = {text: "", path: ""};
      var a = spec.approval;
      dateField("f-approval.date");
      $("f-approval.grant").value = String(spec.standard_grant);
      function update() {
        messages.problems = [];
        var path = pathProblem(messages, "approval.path");
        var day = value("f-approval.date");
        messages.set("approval.date", day ? textProblem(spec, day, a.date, a.date.title) : "请填写“" + a.date.title + "”。");
        var decision = value("f-approval.decision");
        var approved = decision === "approved";
        $("f-approval.grant").closest(".sb-field").classList.toggle("sb-hidden", !approved);
        var grant = value("f-approval.grant");
        messages.set("approval.grant", approved ? intProblem(grant, {minimum: 1, maximum: a.grant.maximum}, a.grant.title) : null);
        var opinion = value("f-approval.opinion");
        messages.set("approval.opinion", opinion ? textProblem(spec, opinion, a.opinion, a.opinion.title) : null);
        var lines = ["stage: " + (approved ? "approved" : "rejected"), "approval:", "  date: " + day,
          "  decision: " + decision];
        if (approved) lines.push("  grant: " + parseInt(grant, 10));
        if (opinion) lines.push("  opinion: " + quote(opinion));
        state.text = messages.problems.length ? "" : lines.join("\n") + "\n";
        state.path = messages.problems.length ? "" : path;
        $("approval-text").value = state.text;
        status($("approval-status"), messages, "检查通过：把项目文件中的 stage: applied 一行换成下面的内容。");
      }
      touchOn($("sb-approval"), messages, update);
      opener("approval", messages, update, state);
      update();
    })();

    // -- 验收评分
    (function () {
      var messages = new Messages();
      var state = {text: "", path: ""};
      var a = spec.acceptance;
      var box = $("score-rows");
      dateField("f-acceptance.date");

      function card(i) {
        var set = document.createElement("fieldset");
        set.className = "sb-reviewer";
        var legend = document.createElement("legend");
        legend.textContent = "评委 " + (i + 1);
        set.appendChild(legend);
        var fields = [{key: "reviewer", title: spec.reviewer.title}].concat(spec.criteria);
        fields.forEach(function (f) {
          var label = document.createElement("label");
          var span = document.createElement("span");
          span.textContent = f.key === "reviewer" ? f.title : f.title + "（满分 " + f.max + "）";
          var input = document.createElement("input");
          input.type = "text";
          input.name = f.key;
          input.dataset.key = "scores";
          if (f.key !== "reviewer") input.inputMode = "numeric";
          label.className = f.key === "reviewer" ? "sb-name" : "sb-score";
          label.appendChild(span);
          label.appendChild(input);
          set.appendChild(label);
        });
        var sum = document.createElement("p");
        sum.className = "sb-sum";
        set.appendChild(sum);
        var msg = document.createElement("p");
        msg.className = "sb-msg";
        set.appendChild(msg);
        return set;
      }

      function resize() {
        var n = parseInt($("f-reviewers").value, 10);
        while (box.children.length < n) box.appendChild(card(box.children.length));
        while (box.children.length > n) box.removeChild(box.lastChild);
      }
      $("f-reviewers").addEventListener("change", resize);
      resize();

      function update() {
        messages.problems = [];
        var path = pathProblem(messages, "acceptance.path");
        var day = value("f-acceptance.date");
        messages.set("acceptance.date", day ? textProblem(spec, day, a.date, a.date.title) : "请填写“" + a.date.title + "”。");
        var scores = [], sums = [], complete = true, first = null;
        Array.prototype.forEach.call(box.children, function (set, i) {
          var get = function (name) { return clean(set.querySelector('[name="' + name + '"]').value).trim(); };
          var row = {reviewer: get("reviewer")};
          var problem = null, sum = 0, filled = true, scored;
          spec.criteria.forEach(function (c) {
            var text = get(c.key);
            if (!text) {
              filled = false;
              return;
            }
            var p = intProblem(text, {minimum: 0, maximum: c.max}, "评委 " + (i + 1) + "的“" + c.title + "”", c.max);
            if (p) problem = problem || p;
            else {
              row[c.key] = parseInt(text, 10);
              sum += row[c.key];
            }
          });
          scored = filled && !problem;
          if (!problem && !filled) problem = "评委 " + (i + 1) + "还有未填的分数。";
          if (!problem) {
            problem = row.reviewer ? textProblem(spec, row.reviewer, spec.reviewer, "评委 " + (i + 1) + "的姓名") :
              "请填写评委 " + (i + 1) + "的姓名。";
            sums.push(sum);
          } else {
            complete = false;
          }
          var shown = messages.all || messages.touched.scores;
          set.querySelector(".sb-sum").textContent = scored ? "合计：" + sum + " 分" : "合计：—";
          set.querySelector(".sb-msg").textContent = problem && shown ? problem : "";
          set.classList.toggle("sb-error", !!(problem && shown));
          if (problem) first = first || problem;
          scores.push(row);
        });
        if (first) messages.problems.push({key: "reviewers", text: first});
        var total = complete && sums.length === scores.length ? totalTenths(sums) : null;
        $("acceptance-total").textContent = total === null ? "—" : tenths(total);
        var result = value("f-acceptance.result");
        var reach = total !== null && total >= spec.threshold * 10;
        $("award-eligible").textContent = total === null ? "" : reach ?
          (result === "passed" ? "达到 " + spec.threshold + " 分，通过验收后可参加优秀成果评比。" :
            "达到 " + spec.threshold + " 分，但验收结论为未通过，不能参加优秀成果评比。") :
          "未达到 " + spec.threshold + " 分，不能参加优秀成果评比。";
        var opinion = value("f-acceptance.opinion");
        messages.set("acceptance.opinion", opinion ? textProblem(spec, opinion, a.opinion, a.opinion.title) : null);
        var lines = ["stage: " + (result === "passed" ? "accepted" : "failed"), "acceptance:",
          "  date: " + day, "  scores:"];
        scores.forEach(function (row) {
          lines.push("    - reviewer: " + quote(row.reviewer));
          spec.criteria.forEach(function (c) { lines.push("      " + c.key + ": " + row[c.key]); });
        });
        if (total !== null) lines.push("  total: " + tenths(total));
        lines.push("  result: " + result);
        if (opinion) lines.push("  opinion: " + quote(opinion));
        state.text = messages.problems.length ? "" : lines.join("\n") + "\n";
        state.path = messages.problems.length ? "" : path;
        $("acceptance-text").value = state.text;
        status($("acceptance-status"), messages, "检查通过：把项目文件中的 stage: concluded 一行换成下面的内容。");
      }
      touchOn($("sb-acceptance"), messages, update);
      $("f-reviewers").addEventListener("change", update);
      opener("acceptance", messages, update, state);
      update();
    })();
  }

  // ------------------------------------------------------------------ start

  function start() {
    var el = document.getElementById("sb-form-spec");
    if (!el) return;
    var spec = JSON.parse(el.textContent);
    var pages = {apply: Apply, update: Update, panel: Panel};
    if (pages[spec.page]) pages[spec.page](spec);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
