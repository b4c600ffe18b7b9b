// @ts-check
/**
 * Whose approval a pull request needs and whether a person may give it: the table of
 * site_builder/core/approvers.py (embedded as spec.approvers) applied as review/approvals.py
 * applies it, for the review page (/review/). tests/test_review.py holds this module and the
 * `approvals` command to the same answers over a corpus of changes. The command remains the judge
 * (the `approvals` check); this module only decides what the page offers and shows.
 */

import {parse} from "../vendor/yaml-2.9.1/index.js";
import {tooNested} from "./text.js";

/**
 * @typedef {import("./roster.js").Roster} Roster
 * @typedef {{path: string, before: string|null, after: string|null}} Changed
 *   one changed file: its text on the base and the head (null: absent on that side); media
 *   files need no text
 * @typedef {{subject: string, reason: string, role: string, eligible: string[],
 *   author_excluded: boolean, kind: string}} Requirement
 * @typedef {{rules: {roles: Record<string, string>, reasons: Record<string, string>,
 *   table: Record<string, string>, heads_while: string}, process: any}} Definitions
 */

const PROJECTS = "projects";
const FILE = /^projects\/(\d{4})\/([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;
const MEDIA = /^(projects\/\d{4}\/[a-z0-9]+(?:-[a-z0-9]+)*)\/[^/]+$/;
const FRONT = /^-{3}[ \t]*\r?\n([\s\S]*?\r?\n)?(?:\.{3}|-{3})[ \t]*(?:\r?\n|$)/;

/**
 * A template's holes filled: fill("{name}负责人", {name: "…"}).
 * @param {string} template @param {Record<string, string|number>} values
 */
function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, k) => String(values[k]));
}

/**
 * A project file's front matter and body, or null when it does not load.
 * @param {string|null} text
 * @returns {{data: Record<string, any>, body: string}|null}
 */
export function readProject(text) {
  if (text === null) return null;
  const found = FRONT.exec(text.replace(/^\ufeff/, ""));
  if (!found || tooNested(found[1] || "")) return null;
  try {
    const data = parse(found[1] || "", {version: "1.1", uniqueKeys: true, maxAliasCount: 0});
    if (!data || typeof data !== "object" || Array.isArray(data)) return null;
    return {data, body: text.replace(/^\ufeff/, "").slice(found[0].length)};
  } catch {
    return null;
  }
}

/** @param {unknown} a @param {unknown} b */
function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** @param {unknown} list */
function lower(list) {
  return Array.isArray(list) ? list.filter((x) => typeof x === "string").map((x) => x.toLowerCase()) : [];
}

/**
 * The roster as the rules read it: panel members, branches with their general branch.
 * @param {Roster} roster
 */
function index(roster) {
  /** @type {Map<string, {gb: string, maintainers: string[]}>} */
  const branches = new Map();
  /** @type {Map<string, {name: string, heads: string[]}>} */
  const generals = new Map();
  for (const gb of Array.isArray(roster.general_branches) ? roster.general_branches : []) {
    if (!gb || typeof gb.id !== "string") continue;
    generals.set(gb.id, {name: String(gb.name || gb.id), heads: (gb.heads || []).map(String)});
    for (const b of Array.isArray(gb.branches) ? gb.branches : []) {
      if (b && typeof b.id === "string") branches.set(b.id, {gb: gb.id, maintainers: (b.maintainers || []).map(String)});
    }
  }
  const panel = (Array.isArray(roster.panel) ? roster.panel : []).filter((p) => p && typeof p.login === "string");
  return {branches, generals, panel, maintainers: (roster.maintainers || []).map(String)};
}

/**
 * Whether `login` maintains, or heads the general branch of, the branch `id` (acts for it).
 * @param {ReturnType<typeof index>} r @param {string} login @param {string} id
 */
function actsFor(r, login, id) {
  const b = r.branches.get(id);
  if (!b) return false;
  const gb = r.generals.get(b.gb);
  return [...lower(b.maintainers), ...lower(gb ? gb.heads : [])].includes(login.toLowerCase());
}

/**
 * The branches `login` acts for among `branches`: for a panel member, a conflict of interest.
 * @param {Roster} roster @param {string} login @param {string[]} branches
 * @returns {string[]} the branches' names
 */
export function conflicts(roster, login, branches) {
  const r = index(roster);
  const names = new Map();
  for (const gb of roster.general_branches || []) {
    for (const b of gb.branches || []) names.set(b.id, b.name || b.id);
  }
  return branches.filter((b) => actsFor(r, login, b)).map((b) => String(names.get(b) || b));
}

/**
 * The logins of `pool` other than the author, and whether the author was among them.
 * @param {string[]} pool @param {string} author
 */
function people(pool, author) {
  const all = [...new Set(pool)];
  const others = all.filter((p) => p.toLowerCase() !== author.toLowerCase());
  return {eligible: others, author_excluded: others.length < all.length};
}

/**
 * Every approval the pull request needs, as `approvals` lists them.
 * @param {Changed[]} files
 * @param {Roster} roster
 * @param {string} author
 * @param {Definitions} defs
 * @param {Record<string, string|null>} [owners] a media folder's project file (by path), head or base
 * @returns {Requirement[]}
 */
export function required(files, roster, author, defs, owners = {}) {
  const r = index(roster);
  const {roles, reasons} = defs.rules;
  const label = (/** @type {unknown} */ s) => {
    if (s === null || s === undefined) return "新文件";
    const found = defs.process.stages.find((/** @type {any} */ x) => x.id === s);
    return found ? found.label : String(s);
  };
  const stageOf = (/** @type {any} */ data) => {
    const s = data ? data.stage : undefined;
    return typeof s === "string" && defs.process.stages.some((/** @type {any} */ x) => x.id === s) ? s : null;
  };
  const panelFields = /** @type {string[]} */ (defs.process.fields.panel);
  /** @type {Requirement[]} */
  const found = [];
  /**
   * @param {string} subject @param {string} reason @param {string} kind @param {string} role
   * @param {string[]} pool
   */
  const need = (subject, reason, kind, role, pool) => {
    found.push({subject, reason, role, kind, ...people(pool, author)});
  };
  /** @param {string[]} branches */
  const judges = (branches) => r.panel.map((p) => p.login)
    .filter((login) => !branches.some((b) => actsFor(r, login, b)));
  /** @param {...any} sides */
  const branchesOf = (...sides) => [...new Set(sides.map((d) => d && d.branch).filter((b) => typeof b === "string"))];

  /**
   * @param {string} subject @param {any} base @param {any} head @param {string[]} branches
   * @param {string} reason @param {string} kind
   */
  function byHeads(subject, base, head, branches, reason, kind) {
    let gbs = branches.filter((b) => r.branches.has(b)).map((b) => /** @type {any} */ (r.branches.get(b)).gb);
    if (!gbs.length) {
      gbs = [base, head].map((d) => d && d.general_branch).filter((g) => typeof g === "string");
    }
    for (const id of [...new Set(gbs)].sort()) {
      const gb = r.generals.get(id);
      if (!gb) found.push({subject, reason, kind, role: fill(roles.unknown_heads, {id}), eligible: [], author_excluded: false});
      else if (lower(gb.heads).includes(author.toLowerCase())) need(subject, reason, kind, roles.panel, r.panel.map((p) => p.login));
      else need(subject, reason, kind, fill(roles.heads, {name: gb.name}), gb.heads);
    }
  }

  /**
   * @param {string} subject @param {any} base null for a new file @param {any} head
   * @param {boolean} isNew @param {boolean} branchEdit
   */
  function project(subject, base, head, isNew, branchEdit) {
    const branches = branchesOf(base, head);
    const source = isNew ? null : stageOf(base), target = stageOf(head);
    const moves = source !== target;
    const step = label(source) + " \u2192 " + label(target);
    const judge = (/** @type {string} */ reason, /** @type {string} */ kind) => need(subject, reason, kind, roles.judge, judges(branches));
    if (isNew) byHeads(subject, base, head, branches, reasons.new, "new");
    else if (moves) judge(step, "step");
    else if (branchEdit && source === defs.rules.heads_while) byHeads(subject, base, head, branches, reasons.applied_edit, "applied_edit");
    else if (branchEdit) judge(fill(reasons.edit, {stage: label(source)}), "edit");
    const changed = (/** @type {string} */ k) => !same((base || {})[k], head[k]);
    const edited = panelFields.filter(changed);
    if (edited.length) judge(fill(reasons.panel_fields, {fields: edited.join("\u3001")}), "panel_fields");
    const t = moves && target ? defs.process.transitions.find((/** @type {any} */ x) => x.source === source && x.target === target) : null;
    if ((t && t.leader) || changed("award")) {
      need(subject, moves ? step : reasons.award, "award", roles.leader,
        r.panel.filter((p) => p.role === "leader").map((p) => p.login));
    }
  }

  /** @type {string[]} */
  const outside = [];
  for (const f of files) {
    if (!f.path.startsWith(PROJECTS + "/")) {
      outside.push(f.path);
      continue;
    }
    const media = MEDIA.exec(f.path);
    if (media && !FILE.test(f.path)) {
      const owner = media[1] + ".md";
      const doc = readProject(owners[owner] === undefined ? null : owners[owner]);
      if (!doc) {
        need(f.path.slice(PROJECTS.length + 1), reasons.media, "media", roles.panel, r.panel.map((p) => p.login));
      } else {
        project(owner.slice(PROJECTS.length + 1, -3), doc.data, doc.data, false, true);
      }
      continue;
    }
    const subject = f.path.slice(PROJECTS.length + 1).replace(/\.md$/, "");
    const head = FILE.test(f.path) ? readProject(f.after) : null;
    const base = readProject(f.before);
    if (!head) {
      const branches = branchesOf(base && base.data);
      need(subject, f.after === null ? reasons.deleted : reasons.unreadable, "unreadable", roles.judge, judges(branches));
      continue;
    }
    let branchEdit = true;
    if (base) {
      const keys = new Set([...Object.keys(base.data), ...Object.keys(head.data)]);
      panelFields.forEach((k) => keys.delete(k));
      branchEdit = base.body !== head.body || [...keys].some((k) => !same(base.data[k], head.data[k]));
    }
    project(subject, base ? base.data : null, head.data, f.before === null, branchEdit);
  }
  if (outside.length) {
    need(fill(reasons.others, {count: outside.length}), reasons.outside, "outside", roles.maintainer, r.maintainers);
  }
  /** @type {Map<string, Requirement>} */
  const seen = new Map();
  for (const req of found) {
    const key = JSON.stringify([req.subject, req.role, req.eligible]);
    if (!seen.has(key)) seen.set(key, req);
  }
  return [...seen.values()];
}

/**
 * Each reviewer's latest deciding review (APPROVED, CHANGES_REQUESTED, DISMISSED), by lower-case
 * login, in GitHub's order.
 * @param {any[]} reviews GitHub's list
 * @returns {Map<string, any>}
 */
export function standing(reviews) {
  const latest = new Map();
  const sorted = reviews.map((r, i) => ({r, i})).sort((a, b) =>
    (Date.parse(a.r.submitted_at) - Date.parse(b.r.submitted_at)) || a.i - b.i);
  for (const {r} of sorted) {
    if (r && r.user && ["APPROVED", "CHANGES_REQUESTED", "DISMISSED"].includes(String(r.state).toUpperCase())) {
      latest.set(String(r.user.login).toLowerCase(), r);
    }
  }
  return latest;
}

/**
 * Who met each requirement (null: still missing): approvals of the head commit, each reviewer's
 * latest deciding review, never the author's.
 * @param {Requirement[]} needed @param {any[]} reviews @param {string} head @param {string} author
 * @returns {{req: Requirement, by: string|null}[]}
 */
export function met(needed, reviews, head, author) {
  const approved = new Set();
  for (const [login, r] of standing(reviews)) {
    if (String(r.state).toUpperCase() === "APPROVED" && String(r.commit_id || "").toLowerCase() === head.toLowerCase() &&
        login !== author.toLowerCase()) approved.add(login);
  }
  return needed.map((req) => ({req, by: req.eligible.find((l) => approved.has(l.toLowerCase())) || null}));
}

/**
 * Whether `login` is among the people a requirement waits for.
 * @param {Requirement[]} needed @param {string} login
 */
export function mayApprove(needed, login) {
  const me = login.toLowerCase();
  return needed.filter((req) => req.eligible.some((l) => l.toLowerCase() === me));
}

/**
 * One requirement as `approvals` says it (review/approvals.py `_line`).
 * @param {Requirement} req @param {string|null} by
 */
export function lineOf(req, by) {
  const context = "\uff08" + req.subject + "\uff0c" + req.reason + "\uff09";
  if (by !== null) return "已有\uff1a" + req.role + " " + by + " 的批准" + context + "\u3002";
  if (!req.eligible.length) {
    const hint = req.author_excluded ? "作者本人不能批准自己的拉取请求\uff0c请改由其他人提交" : "请在名册中补充";
    return "还需要\uff1a" + req.role + "的批准" + context + "\uff0c但名册中没有可以批准的人\u3002" + hint + "\u3002";
  }
  const who = req.eligible.join("\u3001") + (req.eligible.length > 1 ? " 中任一人" : " ");
  return "还需要\uff1a" + req.role + " " + who + "的批准" + context + "\u3002";
}
