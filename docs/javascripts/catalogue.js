// The catalogue: every public project in one table, sortable and filterable in the browser.
//
// The page (catalogue/index.md, built by site_builder/showcase/pages/catalogue.py::catalogue_app)
// holds an empty, hidden <div class="showcase-catalogue"> naming the slim index (data-api,
// relative to the page: api/slim/index.json, built by showcase/slim.py) and the labels the site
// uses for years, directions and stages (data-labels, JSON). The slim index holds the fields the
// table shows, one file per programme year: this script reads the index, then only the years the
// table needs (the newest ones for the first page of the newest-first list, one year when that
// year is chosen) and every year when a filter, a sort or "show more" needs them. The static
// listings (by year, direction, unit, branch) stay as they are for readers without scripts.
// Project text is only ever set as text (textContent), never as HTML, and links are only
// followed to addresses of this same site.
//
// The filters are kept in the address (?year=2025&category=service&unit=…&stage=…&text=…), so a
// filtered list can be bookmarked or shared (not `q`: Material's search opens on ?q=). At most
// PAGE rows are drawn at a time.
(function () {
  "use strict";

  var PAGE = 100;
  var COLUMNS = [
    { key: "title", label: "项目" },
    { key: "year", label: "立项学年" },
    { key: "category", label: "立项方向" },
    { key: "unit", label: "单位" },
    { key: "branch", label: "支部" },
    { key: "stage", label: "阶段" },
  ];
  var FILTERS = [
    { key: "year", label: "立项学年" },
    { key: "category", label: "立项方向" },
    { key: "unit", label: "单位" },
    { key: "stage", label: "阶段" },
  ];
  var collator = new Intl.Collator("zh-CN");

  function element(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // An address from the slim index (relative to the site's root) as a page of this same site;
  // null for anything else.
  function localUrl(address, root) {
    if (typeof address !== "string" || !/^[a-z0-9]/i.test(address)) return null;
    if (/^[a-z][a-z0-9+.-]*:/i.test(address)) return null; // a scheme: not a site path
    var url = new URL(address, root);
    return url.origin === root.origin ? url.href : null;
  }

  function toMap(pairs) {
    var map = new Map();
    pairs.forEach(function (pair) {
      map.set(String(pair[0]), pair[1]);
    });
    return map;
  }

  function Catalogue(box, labels, index, apiUrl) {
    var root = new URL("../../", apiUrl); // api/slim/index.json: the site's root is two up
    var years = toMap(labels.years);
    var categories = toMap(labels.categories);
    var stages = toMap(labels.stages);
    var stageOrder = labels.stages.map(function (pair) {
      return pair[0];
    });
    this.box = box;
    this.total = index.count;
    this.parts = index.years.map(function (y) {
      var url = new URL(y.file, apiUrl).href;
      return { year: String(y.year), count: y.count, url: url, rows: null };
    });
    this.row = function (p) {
      var year = String(p.year);
      var category = categories.get(p.category) || p.category;
      var words = [p.title, p.unit, p.branch, p.general_branch, category]
        .concat(p.tags || [], p.executors || [], [p.secretary]);
      return {
        title: p.title,
        url: localUrl(p.url, root),
        year: year,
        yearLabel: years.get(year) || year,
        category: p.category,
        categoryLabel: category,
        unit: p.unit,
        branch: p.branch,
        branchUrl: localUrl(p.branch_url, root),
        stage: p.stage,
        stageLabel: stages.get(p.stage) || p.stage,
        stageRank: stageOrder.indexOf(p.stage),
        text: words.join("\n").toLowerCase(),
      };
    };
    this.rows = [];
    this.asked = 0; // the newest update() asked for; an older one's data arriving draws nothing
    this.options = {
      year: labels.years.map(function (pair) {
        return [String(pair[0]), pair[1]];
      }),
      category: labels.categories,
      stage: labels.stages,
      unit: index.units.slice().sort(collator.compare).map(function (unit) {
        return [unit, unit];
      }),
    };
    this.sort = { key: "year", descending: true };
    this.shown = PAGE;
    this.build();
    this.readAddress();
    this.update();
  }

  Catalogue.prototype.build = function () {
    var self = this;
    var form = element("form", { class: "showcase-filters", role: "search" });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    this.controls = {};
    FILTERS.forEach(function (filter) {
      var label = element("label", {}, filter.label);
      var select = element("select", { name: filter.key });
      select.appendChild(element("option", { value: "" }, "全部"));
      self.options[filter.key].forEach(function (pair) {
        select.appendChild(element("option", { value: String(pair[0]) }, pair[1]));
      });
      select.addEventListener("change", function () {
        self.changed();
      });
      label.appendChild(select);
      form.appendChild(label);
      self.controls[filter.key] = select;
    });
    var textLabel = element("label", { class: "showcase-filters__text" }, "查找文字");
    var input = element("input", {
      type: "search",
      name: "text",
      placeholder: "项目名称、单位、支部、关键词、执行者",
      autocomplete: "off",
    });
    // An input method's letters are not yet the text: filter when it commits the characters.
    input.addEventListener("input", function (event) {
      if (!event.isComposing) self.changed();
    });
    input.addEventListener("compositionend", function () {
      self.changed();
    });
    textLabel.appendChild(input);
    form.appendChild(textLabel);
    this.controls.text = input;
    var reset = element("button", { type: "button" }, "清除筛选");
    reset.addEventListener("click", function () {
      Object.keys(self.controls).forEach(function (key) {
        self.controls[key].value = "";
      });
      self.changed();
    });
    form.appendChild(reset);

    this.count = element("p", { class: "showcase-count", role: "status", "aria-live": "polite" });
    var table = element("table", { class: "showcase-listing showcase-sortable" });
    table.appendChild(element("caption", { class: "showcase-hidden" }, "全部公开项目，点击列标题排序"));
    var head = element("tr");
    this.headers = {};
    COLUMNS.forEach(function (column) {
      var th = element("th", { scope: "col" });
      var button = element("button", { type: "button" }, column.label);
      button.appendChild(element("span", { class: "showcase-sort", "aria-hidden": "true" }));
      button.addEventListener("click", function () {
        var same = self.sort.key === column.key;
        // A new column starts with the newest year first, the others in their natural order.
        self.sort = { key: column.key, descending: same ? !self.sort.descending : column.key === "year" };
        self.update();
      });
      th.appendChild(button);
      head.appendChild(th);
      self.headers[column.key] = th;
    });
    table.appendChild(element("thead")).appendChild(head);
    this.body = table.appendChild(element("tbody"));
    this.more = element("button", { type: "button", class: "showcase-more" });
    this.more.addEventListener("click", function () {
      self.shown += PAGE;
      self.update();
    });
    this.box.append(form, this.count, table, this.more);
  };

  Catalogue.prototype.readAddress = function () {
    var params = new URLSearchParams(window.location.search);
    var controls = this.controls;
    Object.keys(controls).forEach(function (key) {
      var value = params.get(key);
      if (value === null) return;
      var control = controls[key];
      var known = control.tagName !== "SELECT" || Array.prototype.some.call(
        control.options, function (o) { return o.value === value; });
      if (known) control.value = value;
    });
  };

  Catalogue.prototype.writeAddress = function () {
    var params = new URLSearchParams(window.location.search);
    var controls = this.controls;
    Object.keys(controls).forEach(function (key) {
      var value = controls[key].value.trim();
      if (value) params.set(key, value);
      else params.delete(key);
    });
    var query = params.toString();
    var address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(window.history.state, "", address);
  };

  Catalogue.prototype.changed = function () {
    this.shown = PAGE;
    this.writeAddress();
    this.update();
  };

  Catalogue.prototype.matching = function () {
    var c = this.controls;
    var year = c.year.value, category = c.category.value, unit = c.unit.value;
    var stage = c.stage.value;
    var words = c.text.value.toLowerCase().split(/\s+/).filter(Boolean);
    return this.rows.filter(function (r) {
      return (!year || r.year === year) &&
        (!category || r.category === category) &&
        (!unit || r.unit === unit) &&
        (!stage || r.stage === stage) &&
        words.every(function (w) { return r.text.indexOf(w) !== -1; });
    });
  };

  function compare(key) {
    if (key === "year") return function (a, b) { return Number(a.year) - Number(b.year); };
    if (key === "stage") return function (a, b) { return a.stageRank - b.stageRank; };
    var field = { category: "categoryLabel" }[key] || key;
    return function (a, b) { return collator.compare(a[field], b[field]); };
  }

  // The years the table needs now: the chosen year alone; with no filter and the newest year
  // first, the newest years down to the rows shown; else every year.
  Catalogue.prototype.wanted = function () {
    var c = this.controls;
    if (c.year.value) {
      return this.parts.filter(function (part) { return part.year === c.year.value; });
    }
    var filtered = c.category.value || c.unit.value || c.stage.value || c.text.value.trim();
    var newestFirst = this.sort.key === "year" && this.sort.descending;
    if (filtered || !newestFirst) return this.parts;
    var wanted = [], rows = 0;
    for (var i = 0; i < this.parts.length && rows < this.shown; i++) {
      wanted.push(this.parts[i]);
      rows += this.parts[i].count;
    }
    return wanted;
  };

  // Read the years not yet read, then sort, filter and draw.
  Catalogue.prototype.update = function () {
    var self = this;
    var asked = ++this.asked;
    var missing = this.wanted().filter(function (part) { return !part.rows; });
    if (!missing.length) {
      this.compute();
      return;
    }
    Promise.all(missing.map(function (part) {
      return readJson(part.url).then(function (data) {
        if (!part.rows) part.rows = data.projects.map(self.row);
      });
    })).then(function () {
      self.rows = [].concat.apply([], self.parts.map(function (part) { return part.rows || []; }));
      if (asked === self.asked) self.compute();
    }, function () {
      if (asked !== self.asked) return;
      self.count.textContent = "项目数据未能载入，请使用下方按学年的目录，或稍后刷新本页。";
      self.box.hidden = false;
    });
  };

  Catalogue.prototype.compute = function () {
    var sort = this.sort;
    var primary = compare(sort.key);
    var byYear = compare("year");
    var byTitle = compare("title");
    this.found = this.matching().sort(function (a, b) {
      var order = primary(a, b);
      if (sort.descending) order = -order;
      // Ties: the newest year first, then by title.
      return order || byYear(b, a) || byTitle(a, b);
    });
    var headers = this.headers;
    Object.keys(headers).forEach(function (key) {
      var th = headers[key];
      var mark = th.querySelector(".showcase-sort");
      if (key === sort.key) {
        th.setAttribute("aria-sort", sort.descending ? "descending" : "ascending");
        mark.textContent = sort.descending ? "▼" : "▲";
      } else {
        th.removeAttribute("aria-sort");
        mark.textContent = "";
      }
    });
    this.draw();
  };

  function cell(label, text, url) {
    var td = element("td", label ? { "data-label": label } : {});
    if (url) td.appendChild(element("a", { href: url }, text));
    else td.textContent = text;
    return td;
  }

  Catalogue.prototype.draw = function () {
    var rows = this.found.slice(0, this.shown);
    var body = element("tbody");
    rows.forEach(function (r) {
      var tr = element("tr");
      tr.append(
        cell("", r.title, r.url),
        cell("立项学年", r.yearLabel),
        cell("立项方向", r.categoryLabel),
        cell("单位", r.unit),
        cell("支部", r.branch, r.branchUrl),
        cell("阶段", r.stageLabel)
      );
      body.appendChild(tr);
    });
    this.body.replaceWith(body);
    this.body = body;
    // Every year read, or only the years this view needs, whose rows are then all of them
    // (no filter) or all of the chosen year's.
    var complete = this.parts.every(function (part) { return part.rows; });
    var onlyYear = this.controls.year.value;
    var total = this.total;
    var found = complete || onlyYear ? this.found.length : total;
    var text = found === total ? "共 " + total + " 个项目" : "共 " + total + " 个项目，符合条件的 " + found + " 个";
    if (found === 0) text += "。请减少筛选条件。";
    else if (rows.length < found) text += "，显示前 " + rows.length + " 个";
    this.count.textContent = text;
    var rest = found - rows.length;
    this.more.hidden = rest <= 0;
    this.more.textContent = "再显示 " + Math.min(PAGE, rest) + " 个（还有 " + rest + " 个）";
    this.box.hidden = false;
  };

  function readJson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    });
  }

  function start(box) {
    if (box.dataset.started) return;
    box.dataset.started = "1";
    var labels, apiUrl;
    try {
      labels = JSON.parse(box.dataset.labels);
      apiUrl = new URL(box.dataset.api, window.location.href);
    } catch (error) {
      return;
    }
    readJson(apiUrl.href)
      .then(function (index) {
        new Catalogue(box, labels, index, apiUrl);
      })
      .catch(function () {
        var note = element("p", { role: "status" },
          "项目数据未能载入，请使用下方按学年的目录，或稍后刷新本页。");
        box.replaceChildren(note);
        box.hidden = false;
      });
  }

  function startAll() {
    document.querySelectorAll(".showcase-catalogue").forEach(start);
  }

  // Material's instant navigation swaps pages without loading them: it announces each page on
  // document$. Without it, the page is ready when this script runs (it is loaded last).
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(startAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
})();
