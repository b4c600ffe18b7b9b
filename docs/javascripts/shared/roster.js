// @ts-check
/**
 * The roster (data/roster.yml, schema/roster.schema.json) read in the browser, and the roles a
 * GitHub login holds in it. The roster is not published on the site (logins are not public): the
 * sign-in page reads it through GitHub's API with the person's token. Parsed by the vendored
 * `yaml` package (docs/javascripts/vendor/MANIFEST.json) with YAML 1.1's rules, as the Python
 * side's loader reads it.
 */

import {parse} from "../vendor/yaml-2.9.1/index.js";
import {ROLES, fill} from "./wording.js";

/**
 * @typedef {{maintainers?: string[], panel?: {login: string, role: string, name?: string}[],
 *   general_branches?: {id: string, name: string, heads?: string[],
 *   branches?: {id: string, name: string, maintainers?: string[]}[]}[]}} Roster
 */

/**
 * The roster's data. Throws an Error (English, for the page's detail line) when the text is not
 * a roster.
 * @param {string} text
 * @returns {Roster}
 */
export function parseRoster(text) {
  const data = parse(text, {version: "1.1", uniqueKeys: true, maxAliasCount: 0});
  if (!data || typeof data !== "object" || Array.isArray(data)) throw new Error("not a mapping");
  return /** @type {Roster} */ (data);
}

/** @param {unknown} list */
function logins(list) {
  return Array.isArray(list) ? list.filter((x) => typeof x === "string").map((x) => x.toLowerCase()) : [];
}

/**
 * The roles of `login` (GitHub logins are case-insensitive), in Chinese, in the roster's order:
 * 仓库维护者, 评审组组长 or 评审组成员, <党总支>负责人, <支部>维护人. Empty: not in the roster.
 * @param {Roster} roster
 * @param {string} login
 * @returns {string[]}
 */
export function rolesOf(roster, login) {
  const me = login.toLowerCase();
  /** @type {string[]} */
  const out = [];
  if (logins(roster.maintainers).includes(me)) out.push(ROLES.maintainer);
  for (const p of Array.isArray(roster.panel) ? roster.panel : []) {
    if (p && typeof p.login === "string" && p.login.toLowerCase() === me) {
      out.push(p.role === "leader" ? ROLES.leader : ROLES.member);
    }
  }
  for (const gb of Array.isArray(roster.general_branches) ? roster.general_branches : []) {
    if (!gb) continue;
    if (logins(gb.heads).includes(me)) out.push(fill(ROLES.head, {name: String(gb.name || gb.id)}));
    for (const b of Array.isArray(gb.branches) ? gb.branches : []) {
      if (b && logins(b.maintainers).includes(me)) out.push(fill(ROLES.branch, {name: String(b.name || b.id)}));
    }
  }
  return out;
}
