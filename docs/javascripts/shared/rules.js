// @ts-check
/**
 * The validator's rules in the browser: the same schema, the same patterns, limits and messages.
 *
 * Nothing here is a rule of its own. The fields are checked against schema/project.schema.json
 * itself with a JSON Schema library (vendored, see ../vendor/MANIFEST.json); the body and text
 * rules read their patterns, limits and message templates from the rule pack that the Python rule
 * modules export (site_builder/rules/pack.py). tests/test_rule_parity.py runs this module in Node
 * over the validator's test corpora and fails on any difference in verdict or message.
 *
 * A page embeds its spec as JSON: `{schema, pack, process, ...}` (`schema`: the project schema,
 * `pack`: `rule_pack(programme)`, `process`: `core.process.spec()`; rules/pack.py browser_spec
 * builds all three). This module reads `schema` and `pack` only: the sections each stage needs
 * (PB401) are in the pack, taken from core/process.py by the same function the validator calls.
 *
 *   import { checkProject, checkField, acceptanceTotal } from "./shared/rules.js";
 *   checkProject(spec, data, body, {slug})  // every finding for a whole project
 *   checkField(spec, "approval.grant", 0, data)  // the findings at one field (and below it)
 *   acceptanceTotal(scores, criteria)  // "89.0", as the validator computes it, or null
 */
import { Validator, format } from "../vendor/cfworker-json-schema-4.1.6/index.js";

// The format "date" as the validator checks it (jsonschema: ASCII YYYY-MM-DD that Python's
// date.fromisoformat reads, so a real date from year 1); the library also accepts year 0.
const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
format.date = (/** @type {string} */ text) => {
  const m = DATE.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= days;
};

/**
 * @typedef {{code: string, path: string | null, severity: "error" | "warning", message: string,
 *   line?: number}} Diagnostic
 *   `path`: the field's key path as the validator names it (`acceptance.scores.0.process`), null
 *   for the body; `line`: for a body rule, the 1-based line in the body; `message`: exactly the
 *   validator's text (without its `file:line:col: CODE` prefix).
 * @typedef {{source: string, flags: string}} PackPattern
 * @typedef {{schema: any, pack: any, process?: any, slug?: string}} Spec
 * @typedef {(string | number)[]} FieldPath
 */

// ------------------------------------------------------------------ Python's text semantics

/** Python's len(): code points. @param {string} s */
function cpLen(s) {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Python's s[:n] (code points). @param {string} s @param {number} n */
function cpHead(s, n) {
  let out = "";
  let i = 0;
  for (const c of s) {
    if (i++ >= n) break;
    out += c;
  }
  return out;
}

const PRINTABLE_NOT = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** Python's repr() of a str. @param {string} s */
function pyReprStr(s) {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const c of s) {
    const code = /** @type {number} */ (c.codePointAt(0));
    if (c === "\\" || c === quote) out += "\\" + c;
    else if (c === "\n") out += "\\n";
    else if (c === "\r") out += "\\r";
    else if (c === "\t") out += "\\t";
    else if (c !== " " && PRINTABLE_NOT.test(c)) {
      if (code < 0x100) out += "\\x" + code.toString(16).padStart(2, "0");
      else if (code < 0x10000) out += "\\u" + code.toString(16).padStart(4, "0");
      else out += "\\U" + code.toString(16).padStart(8, "0");
    } else out += c;
  }
  return out + quote;
}

/** Python's repr() of a loaded value. @param {any} v @returns {string} */
function pyRepr(v) {
  return typeof v === "string" ? pyReprStr(v) : pyStr(v);
}

/** Python's str() of a loaded value (the loader types only str, int, bool, None, list, dict).
 * @param {any} v @returns {string} */
export function pyStr(v) {
  if (v === null || v === undefined) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  if (Array.isArray(v)) return "[" + v.map(pyRepr).join(", ") + "]";
  return "{" + Object.entries(v).map(([k, x]) => pyReprStr(k) + ": " + pyRepr(x)).join(", ") + "}";
}

/**
 * A message template filled as Python's `str.format_map` fills it (`{name}`, `{{`, `}}`).
 * @param {string} template @param {Record<string, any>} [values]
 */
export function fill(template, values = {}) {
  return template.replace(/\{\{|\}\}|\{([a-z_][a-z0-9_]*)\}/g, (m, name) => {
    if (m === "{{") return "{";
    if (m === "}}") return "}";
    if (!(name in values)) throw new Error(`template value ${name} missing: ${template}`);
    return pyStr(values[name]);
  });
}

// ------------------------------------------------------------------ the compiled pack

/** @type {WeakMap<object, Rules>} */
const compiled = new WeakMap();

/** @param {Spec} spec @returns {Rules} */
function rulesFor(spec) {
  let rules = compiled.get(spec.pack);
  if (!rules || rules.schema !== spec.schema) {
    rules = new Rules(spec.schema, spec.pack);
    compiled.set(spec.pack, rules);
  }
  return rules;
}

/** Replace each `pattern` of the schema by its JavaScript equivalent from the pack.
 * @param {any} node @param {Record<string, string>} patterns @returns {any} */
function jsPatterns(node, patterns) {
  if (Array.isArray(node)) return node.map((x) => jsPatterns(x, patterns));
  if (node && typeof node === "object") {
    /** @type {Record<string, any>} */
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === "pattern" && typeof v === "string") {
        if (!(v in patterns)) throw new Error(`the rule pack lacks the schema pattern ${v}`);
        out[k] = patterns[v];
      } else out[k] = jsPatterns(v, patterns);
    }
    return out;
  }
  return node;
}

class Rules {
  /** @param {any} schema @param {any} pack */
  constructor(schema, pack) {
    this.schema = schema;
    this.pack = pack;
    this.validator = new Validator(jsPatterns(schema, pack.schema.patterns), "2020-12", false);
    const space = pack.text.space;
    this.strip = new RegExp(`^[${space}]+|[${space}]+$`, "gu");
    this.spaces = new RegExp(`[${space}]+`, "u");
    this.digits = new RegExp(`^[${pack.text.digits}]+$`, "u");
    this.entities = new Map(Object.entries(pack.body.entities));
    /** @type {Map<string, RegExp>} */
    this.cache = new Map();
    this.invalidCodepoints = new Set(pack.body.invalid_codepoints);
  }

  /** A pack pattern compiled with extra flags. @param {PackPattern} p @param {string} extra */
  static re(p, extra) {
    return new RegExp(p.source, p.flags + extra);
  }

  /** A pack pattern, compiled once (its lastIndex reset). @param {string} group
   * @param {string} name @param {string} [extra] */
  re(group, name, extra = "") {
    const key = `${group}.${name}/${extra}`;
    let re = this.cache.get(key);
    if (!re) {
      const p = this.pack[group].patterns[name];
      if (!p) throw new Error(`the rule pack has no pattern ${group}.${name}`);
      re = Rules.re(p, extra);
      this.cache.set(key, re);
    }
    re.lastIndex = 0;
    return re;
  }

  /** @param {string} key @param {Record<string, any>} [values] */
  msg(key, values) {
    const template = this.pack.messages[key];
    if (template === undefined) throw new Error(`the rule pack has no message ${key}`);
    return fill(template, values);
  }

  /** Python's str.strip() (no argument). @param {string} s */
  pyStrip(s) {
    return s.replace(this.strip, "");
  }

  /** Python's str.split() (no argument). @param {string} s */
  pySplit(s) {
    return s.split(this.spaces).filter((x) => x !== "");
  }

  // ---- the schema's names (core/programme.py SchemaInfo)

  /** @param {any} node */
  resolve(node) {
    const ref = node.$ref;
    if (typeof ref === "string" && ref.startsWith("#/$defs/")) {
      return { ...this.schema.$defs[ref.slice("#/$defs/".length)], ...node };
    }
    return node;
  }

  /** @param {FieldPath} path @returns {any} */
  node(path) {
    let node = this.schema;
    for (const part of path) {
      node = this.resolve(node);
      if (typeof part === "number") node = node.items;
      else node = node.properties && Object.hasOwn(node.properties, part) ? node.properties[part] : null;
      if (node === undefined || node === null) return null;
    }
    return this.resolve(node);
  }

  /** @param {FieldPath} path */
  title(path) {
    const node = this.node(path);
    return node ? node.title || "" : "";
  }

  /** `approval.grant（立项评审·资助经费（元））`. @param {FieldPath} path */
  describe(path) {
    if (!path.length) return "\u524d\u7f6e\u4fe1\u606f";
    let keys = "";
    for (const part of path) {
      keys += typeof part === "number" ? `[${part + 1}]` : keys ? `.${part}` : part;
    }
    const titles = [];
    for (let i = 0; i < path.length; i++) {
      if (typeof path[i] === "string") titles.push(this.title(path.slice(0, i + 1)));
    }
    return `${keys}\uff08${titles.filter((t) => t).join("\u00b7")}\uff09`;
  }

  /** @param {string} key @param {string} value */
  label(key, value) {
    const labels = (this.node([key]) || {})["x-labels"] || {};
    return Object.hasOwn(labels, value) ? labels[value] : value;
  }

  get criteria() {
    const item = this.node(["acceptance", "scores", 0]) || {};
    return Object.keys(item.properties || {}).filter((k) => k !== "reviewer");
  }

  get stages() {
    return this.schema.properties.stage.enum;
  }
}

/** @param {FieldPath} path */
const dotted = (path) => (path.length ? path.map(String).join(".") : null);

/**
 * @param {Rules} r @param {string} code @param {FieldPath | null} path @param {string} message
 * @param {number} [line]
 * @returns {Diagnostic}
 */
function diag(r, code, path, message, line) {
  /** @type {Diagnostic} */
  const d = { code, path: path ? dotted(path) : null, severity: r.pack.rules[code].severity, message };
  if (line !== undefined) d.line = line;
  return d;
}

// ------------------------------------------------------------------ schema (PS2xx)

// The library's errors that only say "a subschema had errors"; their causes follow them.
const WRAPPERS = new Set([
  "$ref", "$recursiveRef", "$dynamicRef", "allOf", "if", "properties", "patternProperties",
  "items", "prefixItems", "additionalItems", "unevaluatedItems", "dependentSchemas", "false",
  "propertyNames", "contains",
]);
// Keywords whose sub-errors jsonschema keeps inside one error (its `context`).
const ALTERNATIVES = new Set(["anyOf", "oneOf"]);

/** @param {string} s */
const unpointer = (s) => decodeURIComponent(s).replace(/~1/g, "/").replace(/~0/g, "~");

/** The value and field path at a library `instanceLocation` (`#/executors/1`).
 * @param {any} data @param {string} location @returns {[FieldPath, any]} */
function locate(data, location) {
  /** @type {FieldPath} */
  const path = [];
  let value = data;
  for (const raw of location.split("/").slice(1)) {
    const part = unpointer(raw);
    if (Array.isArray(value)) {
      path.push(Number(part));
      value = value[Number(part)];
    } else {
      path.push(part);
      value = value == null ? undefined : value[part];
    }
  }
  return [path, value];
}

/** The keyword's value at a library `keywordLocation` (following `$ref`s as the library did).
 * @param {any} schema @param {string} location @returns {[any, string[]]} */
function keywordAt(schema, location) {
  let node = schema;
  const parts = location.split("/").slice(1).map(unpointer);
  for (const part of parts) {
    if (part === "$ref") {
      node = schema.$defs[node.$ref.slice("#/$defs/".length)];
    } else {
      node = node[part];
    }
  }
  return [node, parts];
}

/**
 * The schema's findings, in the validator's words (rules/schema.py).
 * @param {Rules} r @param {any} data @returns {Diagnostic[]}
 */
function checkSchema(r, data) {
  const result = r.validator.validate(data);
  if (result.valid) return [];
  const stage = data && typeof data === "object" && typeof data.stage === "string" ? data.stage : null;
  /** @type {Diagnostic[]} */
  const found = [];
  const unknownSeen = new Set();
  /** @type {Map<string, string[]>} */
  const missing = new Map();
  let skipUnder = "";
  for (const error of result.errors) {
    const kind = error.keyword;
    if (skipUnder && error.keywordLocation.startsWith(skipUnder)) continue;
    if (WRAPPERS.has(kind)) continue;
    if (ALTERNATIVES.has(kind)) skipUnder = error.keywordLocation + "/";
    const [path, value] = locate(data, error.instanceLocation);
    const [keywordValue, schemaPath] = keywordAt(r.schema, error.keywordLocation);
    const field = r.describe(path);
    const node = r.node(path) || {};
    const code = r.pack.schema.keywords[kind] || "PS299";
    const show = (/** @type {any} */ v) => {
      const text = pyStr(v);
      return cpLen(text) <= r.pack.schema.show ? text : cpHead(text, r.pack.schema.show) + "\u2026";
    };
    if (code === "PS202") {
      const key = error.keywordLocation + " " + error.instanceLocation;
      if (!missing.has(key)) missing.set(key, keywordValue.filter((/** @type {string} */ k) => !Object.hasOwn(value, k)));
      const name = /** @type {string[]} */ (missing.get(key)).shift() ?? "?";
      const full = [...path, name];
      const why = schemaPath.includes("then") && stage !== null
        ? r.msg("PS202.why", { stage, label: r.label("stage", stage) }) : "";
      const where = path.length ? r.msg("PS202.where", { parent: field }) : "";
      found.push(diag(r, code, full, r.msg("PS202", { field: r.describe(full), why, where, key: name })));
    } else if (code === "PS204") {
      if (unknownSeen.has(error.instanceLocation)) continue;
      unknownSeen.add(error.instanceLocation);
      const properties = node.properties || {};
      const extras = Object.keys(value).filter((k) => !Object.hasOwn(properties, k)).sort();
      const key = extras.length ? extras[0] : "?";
      const where = path.length ? r.msg("PS204.where", { parent: field }) : "";
      const allowed = Object.keys(properties).join("\u3001");
      found.push(diag(r, code, [...path, key], r.msg("PS204", { where, key, allowed })));
    } else if (code === "PS201") {
      const values = kind === "enum" ? keywordValue : [keywordValue];
      const labels = node["x-labels"] || {};
      const choices = values.map((/** @type {any} */ v) =>
        Object.hasOwn(labels, v) ? `${v}\uff08${labels[v]}\uff09` : pyStr(v)).join("\u3001");
      if (kind === "const" && stage !== null) {
        found.push(diag(r, code, path, r.msg("PS201.stage", {
          stage, label: r.label("stage", stage), field, choices, value: show(value),
        })));
      } else {
        found.push(diag(r, code, path, r.msg("PS201", { field, value: show(value), choices })));
      }
    } else if (code === "PS203") {
      const expected = Array.isArray(keywordValue) ? keywordValue : [keywordValue];
      const names = r.pack.schema.type_names;
      const want = expected.map((/** @type {string} */ t) => (Object.hasOwn(names, t) ? names[t] : t)).join("\u6216");
      let variant = "";
      if (expected.includes("integer") && typeof value === "string" && r.digits.test(value.replace(/^[+-]+/, ""))) {
        variant = "quoted_integer";
      } else if (expected.includes("string") && (typeof value === "number" || typeof value === "boolean")) {
        variant = "needs_quotes";
      } else if (expected.includes("string") && value === null) {
        variant = "empty";
      }
      const hint = variant ? r.msg(`PS203.${variant}`) : "";
      found.push(diag(r, code, path, r.msg("PS203", {
        field, want, actual: typeName(value), value: show(value), hint,
      })));
    } else if (code === "PS205") {
      const low = node.minLength;
      const high = node.maxLength;
      const span = low !== undefined && high !== undefined ? r.msg("PS205.span", { low, high }) : "";
      found.push(diag(r, code, path, r.msg("PS205", { field, length: cpLen(value), span })));
    } else if (code === "PS206") {
      found.push(diag(r, code, path, r.msg("PS206", { field, value: show(value) })));
    } else if (code === "PS207") {
      found.push(diag(r, code, path, r.msg("PS207", {
        field, value, bound: r.pack.schema.bounds[kind], limit: keywordValue,
      })));
    } else if (code === "PS208") {
      const isId = r.pack.schema.id_fields.some((/** @type {FieldPath} */ p) => dotted(p) === dotted(path));
      if (isId) {
        const hint = path[0] === "branch"
          ? branchHint(r, data.general_branch, data.branch, true)
          : generalBranchHint(r, data.general_branch);
        found.push(diag(r, code, path, r.msg("PS208.id", {
          field, value: show(data[path[0]]), hint,
        })));
      } else {
        const isDate = path[path.length - 1] === "date" || String(node.format ?? "").includes("date");
        const description = isDate ? r.msg("PS208.date") : node.description || "";
        found.push(diag(r, code, path, r.msg("PS208", { field, value: show(value), description })));
      }
    } else if (code === "PS209") {
      const variant = kind === "uniqueItems" ? "unique" : kind === "minItems" ? "min" : "max";
      found.push(diag(r, code, path, r.msg(`PS209.${variant}`, { field, limit: keywordValue })));
    } else {
      found.push(diag(r, "PS299", path, r.msg("PS299", { field, keyword: kind })));
    }
  }
  return found;
}

/** @param {any} value */
function typeName(value) {
  if (value === null || value === undefined) return "\u7a7a\u503c";
  if (typeof value === "boolean") return "true/false";
  if (typeof value === "number") return "\u6574\u6570";
  if (typeof value === "string") return "\u6587\u5b57";
  if (Array.isArray(value)) return "\u5217\u8868";
  return "`\u5b57\u6bb5: \u503c` \u6620\u5c04";
}

// ---- the roster's ids as a hint (rules/roster.py), from its public part in the pack

/** @param {Rules} r @param {any} value */
function generalBranchHint(r, value) {
  for (const gb of r.pack.roster) {
    if (value === gb.name) return r.msg("PR301.general_branch_name", { value, id: gb.id });
  }
  const known = r.pack.roster.map((/** @type {any} */ g) => r.msg("PR301.choice", { id: g.id, name: g.name })).join("\u3001");
  return r.msg("PR301.general_branches", { known, page: r.msg("PR301.page") });
}

/** @param {Rules} r @param {any} generalBranch @param {any} value @param {boolean} listGeneral */
function branchHint(r, generalBranch, value, listGeneral) {
  for (const gb of r.pack.roster) {
    for (const b of gb.branches) {
      if (value === b.name) return r.msg("PR301.branch_name", { value, id: b.id });
    }
  }
  const gb = typeof generalBranch === "string"
    ? r.pack.roster.find((/** @type {any} */ g) => g.id === generalBranch) : undefined;
  if (!gb) {
    const also = listGeneral ? generalBranchHint(r, null) : "";
    return r.msg("PR301.unknown_parent", { general_branch: generalBranch, also });
  }
  let guess = "";
  if (typeof value === "string" && cpLen(value) >= 2) {
    const like = gb.branches.filter((/** @type {any} */ b) => b.name.includes(value));
    if (like.length === 1) guess = r.msg("PR301.guess", { id: like[0].id, name: like[0].name });
  }
  const listed = gb.branches.map((/** @type {any} */ b) => r.msg("PR301.choice", { id: b.id, name: b.name })).join("\u3001");
  return r.msg("PR301.branches", { guess, id: gb.id, name: gb.name, listed, page: r.msg("PR301.page") });
}

// ------------------------------------------------------------------ front-matter text (PB406, PR311, PR314)

/** @param {any} value @param {FieldPath} path @param {[FieldPath, string][]} out */
function strings(value, path, out) {
  if (typeof value === "string") out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((x, i) => strings(x, [...path, i], out));
  else if (value && typeof value === "object") {
    for (const [k, x] of Object.entries(value)) strings(x, [...path, k], out);
  }
  return out;
}

/** @param {Rules} r @param {any} data @returns {Diagnostic[]} */
function checkText(r, data) {
  return strings(data, [], [])
    .filter(([, text]) => text.includes("<") || text.includes(">"))
    .map(([path]) => diag(r, "PB406", path, r.msg("PB406", { field: r.describe(path) })));
}

/** @param {Rules} r @param {any} data @returns {Diagnostic[]} */
function checkNames(r, data) {
  const found = [];
  const separators = r.pack.names.separators;
  const split = r.re("names", "split", "g");
  for (const key of r.pack.names.fields) {
    const items = data[key];
    if (!Array.isArray(items)) continue;
    for (let index = 0; index < items.length; index++) {
      const item = items[index];
      if (typeof item !== "string") continue;
      const chars = Object.keys(separators).filter((c) => item.includes(c)).map((c) => separators[c]);
      if (!chars.length) continue;
      const parts = [];
      for (const x of items) {
        for (const p of pyStr(x).split(split)) {
          if (r.pyStrip(p)) parts.push(r.pyStrip(p));
        }
      }
      found.push(diag(r, "PR311", [key], r.msg("PR311", {
        field: r.describe([key]), number: index + 1, item, chars: chars.join("\u3001"),
        title: r.title([key, index]), key, parts: parts.join(", "),
      })));
      break;
    }
  }
  found.push(...checkSpaces(r, data));
  return found;
}

/** PR314 (a warning): an executor entry that looks like several names with spaces between.
 * @param {Rules} r @param {any} data @returns {Diagnostic[]} */
function checkSpaces(r, data) {
  const key = r.pack.names.people;
  const items = data[key];
  if (!Array.isArray(items)) return [];
  const p = r.pack.names.patterns.several;
  const several = new RegExp("^(?:" + p.source + ")$", p.flags);
  const spaces = r.re("names", "spaces", "g");
  const people = (/** @type {string} */ x) => several.test(x) ? x.split(spaces) : [x];
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    if (typeof item !== "string" || !several.test(item)) continue;
    const parts = items.filter((x) => typeof x === "string").flatMap(people);
    return [diag(r, "PR314", [key], r.msg("PR314", {
      field: r.describe([key]), number: index + 1, item, count: item.split(spaces).length, key,
      parts: parts.join(", "),
    }))];
  }
  return [];
}

// ------------------------------------------------------------------ the body (PB401–PB405, PB407, PB408)

/** Python's html.unescape. @param {Rules} r @param {string} s */
function unescape(r, s) {
  if (!s.includes("&")) return s;
  const body = r.pack.body;
  return s.replace(r.re("body", "charref", "g"), (_, ref) => {
    if (ref[0] === "#") {
      const hex = ref[1] === "x" || ref[1] === "X";
      const digits = ref.slice(hex ? 2 : 1).replace(/;$/, "");
      const num = hex ? parseInt(digits, 16) : parseInt(digits, 10);
      if (Object.hasOwn(body.invalid_charrefs, String(num))) return body.invalid_charrefs[String(num)];
      if ((num >= 0xd800 && num <= 0xdfff) || num > 0x10ffff) return "\ufffd";
      if (r.invalidCodepoints.has(num)) return "";
      return String.fromCodePoint(num);
    }
    if (r.entities.has(ref)) return /** @type {string} */ (r.entities.get(ref));
    const chars = Array.from(ref);
    for (let x = chars.length - 1; x > 1; x--) {
      const head = chars.slice(0, x).join("");
      if (r.entities.has(head)) return r.entities.get(head) + chars.slice(x).join("");
    }
    return "&" + ref;
  });
}

/** Python's urllib.parse.unquote. @param {string} s */
function unquote(s) {
  if (!s.includes("%")) return s;
  return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes = Uint8Array.from(run.slice(1).split("%"), (h) => parseInt(h, 16));
    return new TextDecoder("utf-8").decode(bytes);
  });
}

/** core/media.py own_media_name. @param {Rules} r @param {string} url @param {string} slug */
function ownMediaName(r, url, slug) {
  const raw = unescape(r, url);
  if (!raw.startsWith(slug + "/")) return null;
  const rest = raw.slice(slug.length + 1);
  if (r.re("body", "unsafe_rest").test(rest)) return null;
  const name = unquote(rest);
  if (r.re("body", "unsafe_url").test(name) || name.includes("/")) return null;
  const pattern = r.pack.body.patterns.media_name;
  const whole = Rules.re({ source: `(?:${pattern.source})(?![\\s\\S])`, flags: pattern.flags }, "y");
  if (cpLen(name) > r.pack.body.max_media_name || !whole.test(name)) return null; // Python's fullmatch
  return name;
}

/** @param {Rules} r @param {string} url */
function cleaned(r, url) {
  return unescape(r, unescape(r, url)).replace(r.re("body", "invisible", "g"), "").toLowerCase();
}

/** rules/body_safety.py link_problem. @param {Rules} r @param {string} url @param {string | null} slug */
function linkProblem(r, url, slug) {
  const clean = cleaned(r, url);
  if (!clean || clean.startsWith("#")) return null;
  const match = r.re("body", "scheme").exec(clean);
  if (!match) {
    if (clean.includes("@") && !clean.includes("/")) return null;
    if (slug && ownMediaName(r, url, slug) !== null) return null;
    const own = slug ? r.msg("PB404.own", { slug }) : "";
    return r.msg("PB404.relative", { own });
  }
  if (!r.pack.body.allowed_schemes.includes(match[1])) return r.msg("PB404.scheme", { scheme: match[1] });
  return null;
}

/** @param {Rules} r @param {string} src */
function imageProblem(r, src) {
  const clean = cleaned(r, src).replace(/\\/g, "/");
  const match = r.re("body", "scheme").exec(clean);
  if (match) return r.msg("PB408.scheme", { scheme: match[1] });
  if (clean.startsWith("//")) return r.msg("PB408.remote");
  return null;
}

/** The 1-based line of `offset` (UTF-16) in `text`. @param {string} text @param {number} offset */
function lineAt(text, offset) {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/** @param {Rules} r @param {string} body @param {string | null} slug @returns {Diagnostic[]} */
function checkBodySafety(r, body, slug) {
  const found = [];
  const quote = r.pack.body.quote;
  for (const name of ["inline_link", "ref_def", "autolink"]) {
    for (const match of body.matchAll(r.re("body", name, "gd"))) {
      const problem = linkProblem(r, match[1], slug);
      if (problem) {
        const start = /** @type {any} */ (match).indices[1][0];
        found.push(diag(r, "PB404", null, r.msg("PB404", { url: cpHead(match[1], quote.url), problem }), lineAt(body, start)));
      }
    }
  }
  // Autolinks blanked out, one space per character, as Python counts them.
  const stripped = body.replace(r.re("body", "autolink", "g"), (m) => " ".repeat(cpLen(m)));
  for (let i = stripped.indexOf("<!--"); i !== -1; i = stripped.indexOf("<!--", i + 4)) {
    found.push(diag(r, "PB403", null, r.msg("PB403"), lineAt(stripped, i)));
  }
  for (const match of stripped.matchAll(r.re("body", "tag", "g"))) {
    const at = /** @type {number} */ (match.index);
    if (stripped.startsWith("<!--", at)) continue;
    const snippet = cpHead(stripped.slice(at), quote.tag).split("\n")[0];
    found.push(diag(r, "PB402", null, r.msg("PB402", { snippet }), lineAt(stripped, at)));
  }
  for (const match of body.matchAll(r.re("body", "attributes", "g"))) {
    const snippet = cpHead(match[0], quote.attributes);
    found.push(diag(r, "PB405", null, r.msg("PB405", { snippet }), lineAt(body, /** @type {number} */ (match.index))));
  }
  return found.concat(checkImages(r, body), checkEmoji(r, body));
}

/** PB409 (a warning): the body's emoji, each once, at the line of the first.
 * @param {Rules} r @param {string} body @returns {Diagnostic[]} */
function checkEmoji(r, body) {
  const all = Array.from(body.matchAll(r.re("body", "emoji", "g")), (m) => m[0]);
  if (all.length === 0) return [];
  const found = [...new Set(all)];
  const shown = r.pack.body.emoji_shown;
  const more = found.length > shown ? r.msg("PB409.more", { count: found.length }) : "";
  const first = /** @type {number} */ (r.re("body", "emoji").exec(body)?.index);
  return [diag(r, "PB409", null, r.msg("PB409", { emoji: found.slice(0, shown).join(" ") + more }), lineAt(body, first))];
}

/** Index of the `]` closing the bracket opened just before `start`. @param {string} body @param {number} start */
function closing(body, start) {
  let depth = 1;
  let i = start;
  while (i < body.length) {
    const c = body[i];
    if (c === "\\") {
      i += /** @type {number} */ (body.codePointAt(i + 1)) > 0xffff ? 3 : 2;
      continue;
    }
    if (c === "[") depth++;
    else if (c === "]") {
      depth--;
      if (depth === 0) return i;
    }
    i++;
  }
  return null;
}

/** @param {Rules} r @param {string} text */
function refLabel(r, text) {
  return r.pySplit(text).join(" ").toLowerCase();
}

/** @param {Rules} r @param {string} body @returns {Diagnostic[]} */
function checkImages(r, body) {
  const found = [];
  const referenced = new Set();
  /** @param {string} src @param {number} offset */
  const remote = (src, offset) => {
    const problem = imageProblem(r, src);
    if (problem) {
      found.push(diag(r, "PB408", null, r.msg("PB408", { src: cpHead(src, r.pack.body.quote.url), problem }), lineAt(body, offset)));
    }
  };
  for (const match of body.matchAll(r.re("body", "image", "g"))) {
    const open = /** @type {number} */ (match.index) + match[0].length;
    const end = closing(body, open);
    if (end === null) continue;
    if (body.startsWith("(", end + 1)) {
      const srcRe = r.re("body", "src", "yd");
      srcRe.lastIndex = end + 2;
      const src = srcRe.exec(body);
      if (src) {
        const group = src[1] !== undefined ? 1 : 2;
        remote(src[group], /** @type {any} */ (src).indices[group][0]);
        continue;
      }
    }
    referenced.add(refLabel(r, body.slice(open, end)));
    const refRe = r.re("body", "ref_id", "y");
    refRe.lastIndex = end + 1;
    const ref = refRe.exec(body);
    if (ref && r.pyStrip(ref[1])) referenced.add(refLabel(r, ref[1]));
  }
  for (const def of body.matchAll(r.re("body", "image_def", "gd"))) {
    if (referenced.has(refLabel(r, def[1]))) remote(def[2], /** @type {any} */ (def).indices[2][0]);
  }
  return found;
}

/** core/markdown.py lines: [index, line, in code, heading]. @param {Rules} r @param {string} body */
function lines(r, body) {
  /** @type {[number, string, boolean, string | null][]} */
  const out = [];
  const fenceRe = r.re("sections", "fence", "y");
  const h2 = r.re("sections", "h2", "y");
  /** @type {string | null} */
  let fence = null;
  body.split("\n").forEach((line, i) => {
    fenceRe.lastIndex = 0;
    const mark = fenceRe.exec(line);
    if (mark) {
      if (fence === null) fence = mark[1][0].repeat(3);
      else if (r.pyStrip(line).startsWith(fence)) fence = null;
      out.push([i, line, true, null]);
      return;
    }
    if (fence !== null) {
      out.push([i, line, true, null]);
      return;
    }
    h2.lastIndex = 0;
    const match = h2.exec(line);
    out.push([i, line, false, match ? r.pyStrip(match[1]) : null]);
  });
  return out;
}

/** core/process.py is_prompt. @param {Rules} r @param {string} line */
function isPrompt(r, line) {
  const s = r.pack.sections;
  if (!r.re("sections", "maybe_prompt").test(line)) return false;
  const start = r.re("sections", "placeholder_start", "y");
  if (start.test(line)) return true;
  const letters = (line.match(/[\p{L}\p{N}]/gu) || []).join("");
  return letters === s.mark || s.prompts.some((/** @type {string} */ p) => letters.includes(p));
}

/** Python's str.strip(chars). @param {string} s @param {string} chars */
function stripChars(s, chars) {
  const set = new Set(Array.from(chars));
  const a = Array.from(s);
  let i = 0;
  let j = a.length;
  while (i < j && set.has(a[i])) i++;
  while (j > i && set.has(a[j - 1])) j--;
  return a.slice(i, j).join("");
}

/** @param {Rules} r @param {string} line @param {string | null} found @param {string} heading */
function nearVariant(r, line, found, heading) {
  if (found !== null) return "words";
  const like = r.re("sections", "heading_like", "y").exec(line);
  if (!like) return null;
  const [, hashes, space, text] = like;
  if (hashes.includes("\uff03")) return "full_width_hash";
  if (stripChars(text, r.pack.sections.decoration) !== heading) return null;
  if (!hashes) return "no_hashes";
  if (hashes.length !== 2) return "hash_count";
  if (!space) return "no_space";
  if (space.includes("\u3000")) return "wide_space";
  if (line.slice(0, 1) === "" || " \t".includes(line.slice(0, 1))) return "indented";
  return "exact";
}

/** @param {Rules} r @param {any} data @param {string} body @returns {Diagnostic[]} */
function checkSections(r, data, body) {
  const found = [];
  const all = lines(r, body);
  /** @type {string | null} */
  let section = null;
  for (const [i, line, , heading] of all) {
    if (heading !== null) section = heading;
    else if (isPrompt(r, line)) {
      const where = section ? r.msg("PB407.where", { section }) : "";
      found.push(diag(r, "PB407", null, r.msg("PB407", { where }), i + 1));
    }
  }
  const stage = data && typeof data.stage === "string" ? data.stage : null;
  if (stage === null || !Object.hasOwn(r.pack.sections.required, stage)) return found;
  const present = new Set(all.map(([, , , h]) => h).filter((h) => h !== null));
  const label = r.label("stage", stage);
  for (const { heading, hint } of r.pack.sections.required[stage]) {
    if (present.has(heading)) continue;
    const need = r.msg("PB401.need", { stage, label, heading });
    let near = null;
    for (const [i, line, code, h] of all) {
      if (code || !line.includes(heading)) continue;
      const variant = nearVariant(r, line, h, heading);
      if (variant !== null) {
        const want = r.msg("PB401.want", { heading });
        near = [i, r.msg(`PB401.${variant}`, { shown: r.pyStrip(line), want })];
        break;
      }
    }
    if (near) found.push(diag(r, "PB401", null, r.msg("PB401.near", { need, fix: near[1] }), Number(near[0]) + 1));
    else found.push(diag(r, "PB401", null, r.msg("PB401", { need, hint }), 1));
  }
  return found;
}

// ------------------------------------------------------------------ rules on a valid front matter

/**
 * The acceptance total as the validator computes it (core/figures.py compute_total): the mean of
 * the reviewers' sums, exact, one decimal, half up; null without scores.
 * @param {Record<string, any>[]} scores @param {string[]} criteria @returns {string | null}
 */
export function acceptanceTotal(scores, criteria) {
  if (!scores || !scores.length) return null;
  let total = 0n;
  for (const score of scores) {
    for (const c of criteria) total += BigInt(Math.trunc(Number(score[c] ?? 0)));
  }
  const n = BigInt(scores.length);
  const negative = total < 0n;
  const magnitude = negative ? -total : total;
  const tenths = (magnitude * 20n + n) / (2n * n); // half up, away from zero
  return `${negative ? "-" : ""}${tenths / 10n}.${tenths % 10n}`;
}

/** A written total (int or "88.5") in tenths. @param {any} value */
function tenthsOf(value) {
  const text = String(value);
  const [whole, frac = "0"] = text.split(".");
  return BigInt(whole) * 10n + BigInt(frac.padEnd(1, "0").slice(0, 1));
}

/** @param {Rules} r @param {any} data @returns {Diagnostic[]} */
function checkValid(r, data) {
  const found = [];
  const max = r.pack.duration.max_months;
  const months = data.duration_months ?? max;
  if (months > max && !data.duration_reason) {
    found.push(diag(r, "PR303", ["duration_months"], r.msg("PR303", {
      field: r.describe(["duration_months"]), months, limit: max, reason: r.describe(["duration_reason"]),
    })));
  }
  const acceptance = data.acceptance;
  if (acceptance) {
    const rubric = r.pack.scores.rubric;
    const criteria = r.criteria;
    // On a valid front matter there are always scores; checkField may look at a part of one.
    (acceptance.scores || []).forEach((/** @type {any} */ score, /** @type {number} */ i) => {
      for (const c of criteria) {
        if (score[c] > rubric[c]) {
          const path = ["acceptance", "scores", i, c];
          found.push(diag(r, "PR305", path, r.msg("PR305", { field: r.describe(path), score: score[c], top: rubric[c] })));
        }
      }
    });
    const written = acceptance.total;
    if (written !== undefined && written !== null) {
      const computed = acceptanceTotal(acceptance.scores, criteria);
      if (computed === null || tenthsSigned(pyStr(written)) !== tenthsSigned(computed)) {
        found.push(diag(r, "PR306", ["acceptance", "total"], r.msg("PR306", {
          field: r.describe(["acceptance", "total"]), written, count: acceptance.scores.length, computed,
        })));
      }
    }
  }
  /** @type {[FieldPath, string] | null} */
  let previous = null;
  for (const path of r.pack.dates.sequence) {
    const value = path.length === 1 ? data[path[0]] : (data[path[0]] || {})[path[1]];
    if (typeof value !== "string") continue;
    if (previous && value < previous[1]) {
      found.push(diag(r, "PR304", path, r.msg("PR304", {
        field: r.describe(path), value, previous: r.describe(previous[0]), previous_value: previous[1],
      })));
    }
    previous = [path, value];
  }
  if (Object.hasOwn(data, "award")) found.push(...checkAward(r, data));
  const expenses = data.expenses;
  if (Array.isArray(expenses) && expenses.length) {
    const spent = expenses.reduce((sum, e) => sum + centsOf(e && e.amount), 0n);
    const approval = data.approval || {};
    const grant = approval.decision === "approved" ? centsOf(approval.grant) : 0n;
    if (spent > grant) {
      found.push(diag(r, "PR310", ["expenses"], r.msg("PR310", {
        field: r.describe(["expenses"]), spent: yuan(spent), grant: yuan(grant), over: yuan(spent - grant),
      })));
    }
  }
  return found;
}

/** PR307 and PR312 (rules/award.py): who may be awarded, and in which year.
 * @param {Rules} r @param {any} data @returns {Diagnostic[]} */
function checkAward(r, data) {
  const found = [];
  const acceptance = data.acceptance || {};
  const award = data.award || {};
  const dateRe = r.re("award", "date_year", "y");
  const dateMatch = typeof acceptance.date === "string" ? dateRe.exec(acceptance.date) : null;
  const fullDate = dateMatch && dateMatch[0].length === acceptance.date.length ? dateMatch : null;
  const written = award.year;
  const year = fullDate ? Number(fullDate[1]) : Number.isInteger(written) ? written : null;
  if (Number.isInteger(written) && year !== null && written !== year) {
    found.push(diag(r, "PR312", ["award", "year"], r.msg("PR312", {
      field: r.describe(["award", "year"]), written, date_field: r.describe(["acceptance", "date"]),
      date: acceptance.date, year,
    })));
  }
  // core/figures.py total_of: the computed total, else the written one.
  let total = acceptanceTotal(acceptance.scores || [], r.criteria);
  if (total === null && acceptance.total !== undefined && acceptance.total !== null) total = pyStr(acceptance.total);
  const threshold = r.pack.award.threshold;
  const problems = [];
  if (acceptance.result !== "passed") problems.push(r.msg("PR307.not_passed"));
  if (total === null || tenthsSigned(total) < BigInt(threshold) * 10n) {
    problems.push(r.msg("PR307.low", { total: total ?? r.msg("PR307.no_total"), threshold }));
  }
  if (problems.length) {
    found.push(diag(r, "PR307", ["award"], r.msg("PR307", {
      field: r.describe(["award"]), problems: problems.join("\u3001"),
    })));
  }
  return found;
}

/** "-0.5", "89.0", "89" in signed tenths. @param {string} text */
function tenthsSigned(text) {
  return text.startsWith("-") ? -tenthsOf(text.slice(1)) : tenthsOf(text);
}

/** A money value (an integer, or text with up to two decimals) in cents; 0 when absent.
 * @param {any} value */
function centsOf(value) {
  if (value === undefined || value === null || typeof value === "boolean") return 0n;
  const [whole, frac = ""] = String(value).split(".");
  return BigInt(whole) * 100n + BigInt(frac.padEnd(2, "0").slice(0, 2));
}

/** core/figures.py yuan: 1000 → "1000", 85.5 → "85.50". @param {bigint} cents */
function yuan(cents) {
  const sign = cents < 0n ? "-" : "";
  const abs = cents < 0n ? -cents : cents;
  const rest = abs % 100n;
  return rest === 0n ? `${sign}${abs / 100n}` : `${sign}${abs / 100n}.${String(rest).padStart(2, "0")}`;
}

// ------------------------------------------------------------------ the API

/**
 * Every finding the browser can know for a whole project, in the validator's words: the schema,
 * the front-matter text rules, the body rules (when `body` is a string) and, on a front matter
 * without errors, PR303–PR307, PR310 (a warning) and PR312 — as `validate` runs them
 * (rules/validate.py).
 * @param {Spec} spec
 * @param {any} data the front matter as the loader reads it
 * @param {string | null} body the text after the front matter, or null to skip the body rules
 * @param {{slug?: string | null}} [options] `slug`: the project's file name, for links to its own files
 * @returns {Diagnostic[]}
 */
export function checkProject(spec, data, body, options = {}) {
  const r = rulesFor(spec);
  const slug = options.slug ?? spec.slug ?? null;
  const found = checkSchema(r, data);
  found.push(...checkText(r, data), ...checkNames(r, data));
  if (typeof body === "string") {
    found.push(...checkSections(r, data, body), ...checkBodySafety(r, body, slug));
  }
  if (!found.some((d) => d.severity === "error")) found.push(...checkValid(r, data));
  return found;
}

/** `"approval.grant"` or `["approval", "grant"]` as a path. @param {FieldPath | string} path
 * @returns {FieldPath} */
function toPath(path) {
  return typeof path === "string" ? path.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : path;
}

/**
 * The findings for one field: `data` with `value` at `path`, checked whole, and only what
 * concerns that field (its path or below) kept. The rules that the validator runs on a valid
 * front matter only (PR303–PR312) are run when the field itself is valid: they speak as soon as
 * the rest of the file is right, so a form says them at once.
 * @param {Spec} spec
 * @param {FieldPath | string} path `["approval", "grant"]` or `"approval.grant"`
 * @param {any} value `undefined`: the field is absent
 * @param {any} [data] the rest of the front matter (stage-dependent rules need it)
 * @returns {Diagnostic[]}
 */
export function checkField(spec, path, value, data = {}) {
  const r = rulesFor(spec);
  const parts = toPath(path);
  const whole = structuredClone(data ?? {});
  let node = whole;
  parts.slice(0, -1).forEach((part, i) => {
    if (node[part] === undefined || node[part] === null || typeof node[part] !== "object") {
      node[part] = typeof parts[i + 1] === "number" ? [] : {};
    }
    node = node[part];
  });
  const last = parts[parts.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  const prefix = parts.map(String).join(".");
  const mine = (/** @type {Diagnostic} */ d) =>
    d.path !== null && (d.path === prefix || d.path.startsWith(prefix + "."));
  const found = [...checkSchema(r, whole), ...checkText(r, whole), ...checkNames(r, whole)].filter(mine);
  if (!found.some((d) => d.severity === "error")) found.push(...checkValid(r, whole).filter(mine));
  return found;
}

// ------------------------------------------------------------------ for the online forms

/**
 * The schema's node for a field (its `$ref` resolved): title, limits, labels, as the validator
 * reads them (the forms show counters and labels from it; it checks nothing).
 * @param {Spec} spec @param {FieldPath | string} path @returns {any}
 */
export function fieldNode(spec, path) {
  return rulesFor(spec).node(toPath(path)) || {};
}

/**
 * One section's text as a form asks for it, judged as the validator judges it inside the body:
 * the body rules (PB402–PB405, PB408 and PB407's prompt lines) on the section as the writer
 * places it (`## heading`, a blank line, the text), lines counted in the text; what would break
 * the section apart (a `## ` heading of its own, a code block left open: PB401); a control
 * character the loader refuses (PF103). An empty text, in a form that asks the sections of
 * `options.stage`, is the section the validator finds missing (PB401). `options.slug`: the
 * project whose own files may be linked (none for a new file).
 * @param {Spec} spec @param {string} heading @param {string} text
 * @param {{stage?: string, slug?: string | null}} [options]
 * @returns {Diagnostic[]}
 */
export function checkSection(spec, heading, text, options = {}) {
  const r = rulesFor(spec);
  if (!r.pyStrip(text)) {
    const stage = options.stage;
    const wanted = stage ? (r.pack.sections.required[stage] || []).find((/** @type {any} */ s) => s.heading === heading) : null;
    if (!wanted || stage === undefined) return [];
    const need = r.msg("PB401.need", { stage, label: r.label("stage", stage), heading });
    return [diag(r, "PB401", null, r.msg("PB401", { need, hint: wanted.hint }), 1)];
  }
  const found = checkChars(spec, text);
  for (const [i, line, , h] of lines(r, text)) {
    if (h !== null) found.push(diag(r, "PB401", null, r.msg("PB401.inner", { shown: r.pyStrip(line) }), i + 1));
  }
  const after = lines(r, text + "\n## " + NEXT);
  if (after[after.length - 1][3] === null) {
    found.push(diag(r, "PB401", null, r.msg("PB401.open_fence"), after.length - 1));
  }
  const head = "## " + heading + "\n\n";
  const shift = 2; // the heading and the blank line before the text
  const body = head + text + "\n";
  for (const d of [...checkSections(r, {}, body), ...checkBodySafety(r, body, options.slug ?? null)]) {
    found.push({ ...d, line: Math.max(1, (d.line ?? 1) - shift) });
  }
  return found;
}
// A heading standing after a section's text (rules/sections.py section_problems).
const NEXT = "x";

/** @param {Rules} r @param {string} group @param {string} name @returns {RegExp} Python's
 * fullmatch of a pack pattern */
function whole(r, group, name) {
  const p = r.pack[group].patterns[name];
  return Rules.re({ source: `(?:${p.source})(?![\\s\\S])`, flags: p.flags }, "y");
}

/**
 * A control character the loader refuses in any file (PF103), in one typed text.
 * @param {Spec} spec @param {string} text @returns {Diagnostic[]}
 */
export function checkChars(spec, text) {
  const r = rulesFor(spec);
  const bad = r.re("form", "bad_chars").exec(text);
  if (!bad) return [];
  const char = "U+" + (bad[0].codePointAt(0) || 0).toString(16).toUpperCase().padStart(4, "0");
  return [diag(r, "PF103", null, r.msg("PF103", { char }), lineAt(text, bad.index))];
}

/**
 * The loader's size limit (PF101) on a whole file as written.
 * @param {Spec} spec @param {string} text @returns {Diagnostic[]}
 */
export function checkSize(spec, text) {
  const r = rulesFor(spec);
  const size = new TextEncoder().encode(text).length;
  const limit = r.pack.form.max_bytes;
  if (size <= limit) return [];
  return [diag(r, "PF101", null, r.msg("PF101", { kib: Math.floor(size / 1024), limit: limit / 1024 }))];
}

/**
 * Where a project file may stand (PF114, rules/path.py path_problem): `projects/2026/x.md`.
 * @param {Spec} spec @param {string} path @returns {Diagnostic[]}
 */
export function checkPath(spec, path) {
  const r = rulesFor(spec);
  const match = whole(r, "form", "path").exec(path);
  if (!match) return [diag(r, "PF114", null, r.msg("PF114", { path }))];
  const slug = /** @type {any} */ (match.groups).slug;
  if (cpLen(slug) > r.pack.form.max_slug) {
    return [diag(r, "PF114", null, r.msg("PF114.long", { slug, limit: r.pack.form.max_slug }))];
  }
  return [];
}

/**
 * The reminder for an application dated outside the year's application window (rules/dates.py
 * window_warning, which the `new` command gives): a warning, or none.
 * @param {Spec} spec @param {string} applied ISO date @param {number} year
 * @param {string} where what to correct (the date field, named)
 * @returns {Diagnostic[]}
 */
export function windowWarning(spec, applied, year, where) {
  const r = rulesFor(spec);
  const w = r.pack.form.window;
  if (!w) return [];
  const y = year + w.offset;
  const start = `${y}-${w.start}`;
  const end = `${y}-${w.end}`;
  if (start <= applied && applied <= end) return [];
  const when = r.msg(applied > end ? "PR304.late" : "PR304.early");
  const message = r.msg("PR304.window", { applied, when, year, title: w.title, start, end, where });
  return [{ code: "PR304", path: null, severity: "warning", message }];
}

/**
 * A message of the catalogue, filled (for the few words a form adds around a finding).
 * @param {Spec} spec @param {string} key @param {Record<string, any>} [values]
 */
export function message(spec, key, values) {
  return rulesFor(spec).msg(key, values);
}

/** The codes this module implements (the parity test holds them equal to the pack's list). */
export const CODES = Object.freeze([
  "PS201", "PS202", "PS203", "PS204", "PS205", "PS206", "PS207", "PS208", "PS209", "PS299",
  "PB401", "PB402", "PB403", "PB404", "PB405", "PB406", "PB407", "PB408", "PB409",
  "PR303", "PR304", "PR305", "PR306", "PR307", "PR310", "PR311", "PR312", "PR314",
]);

/** For tests: a pack pattern compiled as this module compiles it. @param {PackPattern} p @param {string} [extra] */
export function compile(p, extra = "") {
  return Rules.re(p, extra);
}
