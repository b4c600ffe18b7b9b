// @ts-check
/**
 * Submitting from the site (提交): a branch, ONE commit of every changed file, a pull request,
 * done with the person's own token through github.js. Each job is journaled in localStorage
 * before every step, so a submission cut short (network gone, tab closed, token expired) is
 * continued (resume) or cleaned up (abandon) later, and never done twice.
 *
 * Steps: check (the base branch, the files' expected versions, the token's Contents and Pull
 * requests write permissions: nothing is written when one fails) → branch (a fresh name; one
 * that exists is someone's, never reused: the next free name is taken) → commit → pull request
 * (or, with `job.pull`, a new commit on that open pull request's branch).
 *
 * The journal holds the job (title, body, message, files) and what is done, never the token; a
 * job stopped before anything was written (while checking) is forgotten at once.
 * File bytes are kept (base64) while the commit is not made, up to JOURNAL_LIMIT characters in
 * all; beyond that the bytes are left out (`lost`), and a job cut short before its commit cannot
 * be resumed: it says so (kind "lost") and is abandoned, the form (and its draft) still holds
 * everything to submit again. Once the commit exists only the paths are kept.
 */

import {GitHubError, describe, fromBase64, toBase64} from "./github.js";

/** @typedef {import("./github.js").Client} Client */
/** @typedef {{path: string, text?: string, bytes?: Uint8Array, remove?: boolean}} FileChange */
/**
 * @typedef {{id: string, kind: string, title: string, body: string, message: string,
 *   branch: string, base?: string, files: FileChange[],
 *   expect?: Record<string, string|null>,
 *   pull?: number,
 *   expectHead?: Record<string, string|null>,
 * }} Job
 *   expect: path -> blob sha it must have on the base branch (null: must not exist); a mismatch
 *   stops with kind "stale" before anything is written. pull: push a new commit to this open
 *   pull request's branch instead of opening one. expectHead (with pull): path -> blob sha it must
 *   still have at that pull request's head (what the page read there), else "stale".
 */
/**
 * @typedef {{path: string, text?: string, b64?: string, remove?: boolean, lost?: boolean}} KeptFile
 * @typedef {{id: string, kind: string, title: string, body: string, message: string,
 *   branch: string, base: string, files: KeptFile[], expect?: Record<string, string|null>,
 *   pull?: number, expectHead?: Record<string, string|null>, started: number, updated: number,
 *   step: "check"|"branch"|"commit"|"pull"|"done",
 *   baseSha: string, name: string, created: boolean, parent: string, commit: string,
 *   number: number, url: string, headRef: string}} Journal
 *   step: the step under way (its journal written before it starts); name: the branch actually
 *   used; created: this job created it; parent: the commit the new one goes on; commit: the new
 *   commit once made; number/url: the pull request.
 */
/** @typedef {{number: number, html_url: string, head: {ref: string, sha: string}}} PullInfo */

const PREFIX = "sb-submit:";
/** Characters of one journal entry (localStorage keeps about 5 million per site). */
export const JOURNAL_LIMIT = 3_000_000;
/** How many names are tried when the branch name is taken (name, name-2, ... name-N). */
const TRIES = 20;

/** The steps as the page shows them. */
export const STEPS = {
  check: "正在核对仓库和令牌的权限……",
  branch: "正在新建分支 {branch}……",
  commit: "正在提交 {count} 个文件（一次提交）……",
  pull: "正在发起拉取请求……",
  pushed: "正在把修改提交到拉取请求 #{number} 的分支……",
  done: "完成：已发起拉取请求 #{number}。",
  updated: "完成：拉取请求 #{number} 已收到新的提交。",
};

/** Why a submission stopped, by kind (GitHub's own failures are described by github.js). */
export const STOPS = {
  stale: "文件在此期间已被别人修改：{paths}。请重新读取最新内容后再提交；这次什么都没有写入。",
  closed: "拉取请求 #{number} 已经关闭或合并，不能再往里提交。请重新发起一个拉取请求。",
  lost: "这次提交中断时文件还没有提交，而照片太大，没有保存在本设备上，无法继续。请点“放弃”，再重新提交一次（表格中填写的内容都还在）。",
  taken: "分支名 {branch} 及其后续编号都已被占用。请换一个简称后再提交。",
  moved: "分支 {branch} 在此期间被别人改动过，无法继续。请点“放弃”后重新提交。",
  missing: "找不到这次提交的记录：可能已经完成或已被放弃。",
  where: {
    check: "核对时出错：",
    branch: "新建分支时出错：",
    commit: "提交文件时出错：",
    pull: "发起拉取请求时出错：",
    done: "",
  },
  nothingWritten: "这次什么都没有写入。",
  resumable: "已完成的步骤已记录在本设备上，问题解决后可以点“继续”接着完成，或点“放弃”撤销。",
};

/**
 * @param {string} template
 * @param {Record<string, string|number>} values
 */
function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (all, key) => (key in values ? String(values[key]) : all));
}

export class SubmitError extends Error {
  /**
   * @param {string} kind "stale", "closed", "lost", "taken", "moved", "missing" or a GitHubError kind
   * @param {string} message Chinese, for the person (never the token)
   * @param {Journal | null} journal the journal as left (null: nothing was journaled)
   * @param {unknown} [cause]
   */
  constructor(kind, message, journal, cause) {
    super(message);
    this.name = "SubmitError";
    this.kind = kind;
    this.journal = journal;
    this.cause = cause;
  }
}

// ------------------------------------------------------------------ the journal

/** @returns {Storage | null} */
function store() {
  try {
    return globalThis.localStorage || null;
  } catch {
    return null;
  }
}

/** @param {Journal} j */
function save(j) {
  const s = store();
  if (!s) return;
  j.updated = Date.now();
  let text = JSON.stringify(j);
  if (text.length > JOURNAL_LIMIT) {
    const light = {...j, files: j.files.map((f) => (f.b64 ? {path: f.path, lost: true} : f))};
    text = JSON.stringify(light);
  }
  try {
    s.setItem(PREFIX + j.id, text);
  } catch {
    // storage full: the bytes are left out, the steps still recorded
    try {
      s.setItem(PREFIX + j.id, JSON.stringify({...j, files: j.files.map((f) => ({path: f.path, lost: !f.remove, remove: f.remove}))}));
    } catch {
      // nothing can be kept: the job runs without a journal
    }
  }
}

/**
 * @param {string} id
 * @returns {Journal | null}
 */
function load(id) {
  const s = store();
  if (!s) return null;
  try {
    const j = JSON.parse(s.getItem(PREFIX + id) || "null");
    return j && typeof j === "object" && j.id === id ? j : null;
  } catch {
    return null;
  }
}

/** @param {string} id */
function forget(id) {
  const s = store();
  try {
    if (s) s.removeItem(PREFIX + id);
  } catch {
    // nothing kept
  }
}

/**
 * Journaled jobs not finished, newest first; `kind` narrows them (apply, update ...). What the
 * page shows: id, kind, title, the step it stopped at, the branch and the pull request if any.
 * @param {string} [kind]
 * @returns {Journal[]}
 */
export function unfinished(kind) {
  const s = store();
  if (!s) return [];
  /** @type {Journal[]} */
  const out = [];
  for (let i = 0; i < s.length; i++) {
    const key = s.key(i);
    if (!key || !key.startsWith(PREFIX)) continue;
    const j = load(key.slice(PREFIX.length));
    if (j && j.step !== "done" && (!kind || j.kind === kind)) out.push(j);
  }
  return out.sort((a, b) => b.updated - a.updated);
}

/**
 * @param {FileChange} f
 * @returns {KeptFile}
 */
function keep(f) {
  if (f.remove) return {path: f.path, remove: true};
  if (f.bytes) return {path: f.path, b64: toBase64(f.bytes)};
  return {path: f.path, text: f.text || ""};
}

/**
 * @param {KeptFile} f
 * @returns {FileChange}
 */
function unkeep(f) {
  if (f.remove) return {path: f.path, remove: true};
  if (f.b64 !== undefined) return {path: f.path, bytes: fromBase64(f.b64)};
  return {path: f.path, text: f.text || ""};
}

// ------------------------------------------------------------------ the steps

/**
 * @param {Journal} j
 * @param {unknown} err
 * @param {boolean} written whether anything was written to GitHub before it stopped
 */
function failure(j, err, written) {
  if (err instanceof SubmitError) return err;
  const kind = err instanceof GitHubError ? err.kind : "other";
  const where = STOPS.where[j.step] || "";
  const after = written ? STOPS.resumable : STOPS.nothingWritten;
  return new SubmitError(kind, where + describe(err) + after, j, err);
}

/**
 * @param {Client} client
 * @param {Journal} j
 */
async function check(client, j) {
  if (!j.base) j.base = String((await client.repository()).default_branch || "main");
  if (j.pull) {
    const pr = await client.pull(j.pull);
    if (pr.state !== "open") throw new SubmitError("closed", fill(STOPS.closed, {number: j.pull}), j);
    j.name = String(pr.head.ref);
    j.headRef = j.name;
    j.parent = String(pr.head.sha);
    j.base = String(pr.base.ref);
  }
  const baseSha = await client.branchHead(j.base);
  if (!baseSha) throw new GitHubError("not-found", 404, "base branch " + j.base + " not found");
  /** @type {string[]} */
  const stale = [];
  const wanted = [...Object.entries(j.expect || {}).map(([path, sha]) => [path, sha, j.base]),
    ...(j.pull ? Object.entries(j.expectHead || {}).map(([path, sha]) => [path, sha, j.parent]) : [])];
  for (const [path, sha, ref] of wanted) {
    const file = await client.readFile(/** @type {string} */ (path), /** @type {string} */ (ref));
    if ((file ? file.sha : null) !== sha && !stale.includes(/** @type {string} */ (path))) stale.push(/** @type {string} */ (path));
  }
  if (stale.length) throw new SubmitError("stale", fill(STOPS.stale, {paths: stale.join("、")}), j);
  await client.probeContentsWrite();
  if (!j.pull) await client.probePullsWrite(j.base);
  j.baseSha = baseSha;
}

/**
 * A fresh branch from the base: `name`, else `name-2` ... (someone's branch is never reused).
 * @param {Client} client
 * @param {Journal} j
 */
async function branch(client, j) {
  for (let n = 1; n <= TRIES; n++) {
    const name = n === 1 ? j.branch : j.branch + "-" + n;
    j.name = name;
    j.created = false;
    save(j);  // the name being tried: if the answer is lost, resume looks at this branch
    try {
      await client.createBranch(name, j.baseSha);
    } catch (err) {
      if (err instanceof GitHubError && err.kind === "exists") continue;
      throw err;
    }
    j.created = true;
    j.parent = j.baseSha;
    return;
  }
  throw new SubmitError("taken", fill(STOPS.taken, {branch: j.branch}), j);
}

/**
 * @param {Client} client
 * @param {Journal} j
 */
async function commit(client, j) {
  if (j.files.some((f) => f.lost)) throw new SubmitError("lost", STOPS.lost, j);
  j.commit = await client.commit({branch: j.name, parent: j.parent, files: j.files.map(unkeep), message: j.message});
  j.files = j.files.map((f) => ({path: f.path, ...(f.remove ? {remove: true} : {})}));
}

/**
 * The open pull request from the job's branch, if any.
 * @param {Client} client
 * @param {Journal} j
 */
async function existingPull(client, j) {
  const list = await client.pulls({state: "open", head: client.owner + ":" + j.name});
  return list.find((/** @type {any} */ p) => p.head && p.head.ref === j.name) || null;
}

/**
 * @param {Client} client
 * @param {Journal} j
 */
async function pull(client, j) {
  let pr = await existingPull(client, j);
  if (!pr) {
    try {
      pr = await client.openPull({head: j.name, base: j.base, title: j.title, body: j.body});
    } catch (err) {
      // Opened by a request whose answer was lost: GitHub says it already exists.
      if (!(err instanceof GitHubError && err.kind === "exists")) throw err;
      pr = await existingPull(client, j);
      if (!pr) throw err;
    }
  }
  j.number = Number(pr.number);
  j.url = String(pr.html_url);
}

/**
 * Where a journal stands on GitHub when its last answer may have been lost: whether the branch
 * it was creating is there, whether its commit was made.
 * @param {Client} client
 * @param {Journal} j
 */
async function reconcile(client, j) {
  if (j.step === "branch" && j.name && !j.created) {
    const head = await client.branchHead(j.name);
    // Ours when it still points at the base commit we asked for (nobody else has written to it).
    if (head && head === j.baseSha) {
      j.created = true;
      j.parent = j.baseSha;
      j.step = "commit";
    }
  }
  if (j.step === "commit" && !j.commit && j.name) {
    const head = await client.branchHead(j.name);
    if (!head) {
      if (j.created) throw new SubmitError("moved", fill(STOPS.moved, {branch: j.name}), j);
    } else if (head !== j.parent) {
      const made = await client.request("GET", "/repos/" + encodeURIComponent(client.owner) + "/" +
        encodeURIComponent(client.repo) + "/git/commits/" + head, {});
      const parents = (made.parents || []).map((/** @type {any} */ p) => p.sha);
      if (parents.length === 1 && parents[0] === j.parent && made.message === j.message) {
        j.commit = head;
        j.files = j.files.map((f) => ({path: f.path, ...(f.remove ? {remove: true} : {})}));
        j.step = j.pull ? "done" : "pull";
      } else {
        throw new SubmitError("moved", fill(STOPS.moved, {branch: j.name}), j);
      }
    }
  }
}

/**
 * Runs the journal's remaining steps; the journal is saved before each.
 * @param {Client} client
 * @param {Journal} j
 * @param {(text: string) => void} onStep
 * @returns {Promise<{pull: PullInfo, commit: string}>}
 */
async function run(client, j, onStep) {
  let written = j.step !== "check" || j.created;
  try {
    if (j.step === "check") {
      save(j);
      onStep(STEPS.check);
      await check(client, j);
      j.step = j.pull ? "commit" : "branch";
    }
    if (j.step === "branch") {
      save(j);
      onStep(fill(STEPS.branch, {branch: j.branch}));
      written = true;
      await branch(client, j);
      j.step = "commit";
    }
    if (j.step === "commit") {
      save(j);
      onStep(j.pull ? fill(STEPS.pushed, {number: j.pull}) : fill(STEPS.commit, {count: j.files.length}));
      written = true;
      await commit(client, j);
      j.step = j.pull ? "done" : "pull";
    }
    if (j.step === "pull") {
      save(j);
      onStep(STEPS.pull);
      await pull(client, j);
      j.step = "done";
    }
  } catch (err) {
    // Nothing written: nothing to continue or clean up (the form still holds it all).
    if (written) save(j);
    else forget(j.id);
    throw failure(j, err, written);
  }
  forget(j.id);
  const number = j.pull || j.number;
  onStep(fill(j.pull ? STEPS.updated : STEPS.done, {number}));
  const url = j.url || "";
  return {pull: {number, html_url: url, head: {ref: j.name, sha: j.commit}}, commit: j.commit};
}

/**
 * Submit `job`: a fresh branch, one commit, a pull request (or a new commit on `job.pull`).
 * @param {Client} client
 * @param {Job} job
 * @param {(text: string) => void} [onStep]
 * @returns {Promise<{pull: PullInfo, commit: string}>}
 */
export async function submit(client, job, onStep = () => {}) {
  /** @type {Journal} */
  const j = {
    id: job.id, kind: job.kind, title: job.title, body: job.body, message: job.message,
    branch: job.branch, base: job.base || "", files: job.files.map(keep), expect: job.expect,
    pull: job.pull, expectHead: job.expectHead, started: Date.now(), updated: Date.now(), step: "check",
    baseSha: "", name: "", created: false, parent: "", commit: "", number: 0, url: "", headRef: "",
  };
  const result = await run(client, j, onStep);
  if (j.pull && !result.pull.html_url) {
    const pr = await client.pull(j.pull).catch(() => null);
    if (pr) result.pull.html_url = String(pr.html_url);
  }
  return result;
}

/**
 * Continue the journaled job `id` from its last completed step.
 * @param {Client} client
 * @param {string} id
 * @param {(text: string) => void} [onStep]
 * @returns {Promise<{pull: PullInfo, commit: string}>}
 */
export async function resume(client, id, onStep = () => {}) {
  const j = load(id);
  if (!j) throw new SubmitError("missing", STOPS.missing, null);
  try {
    await reconcile(client, j);
  } catch (err) {
    save(j);
    throw failure(j, err, true);
  }
  // A job that stopped while checking or before its branch existed starts that step again.
  if (j.step === "branch" && !j.created) j.name = "";
  const result = await run(client, j, onStep);
  if (j.pull && !result.pull.html_url) {
    const pr = await client.pull(j.pull).catch(() => null);
    if (pr) result.pull.html_url = String(pr.html_url);
  }
  return result;
}

/**
 * Give up the journaled job `id`: the branch it created is deleted (only when it created it and
 * no pull request was opened from it), and the journal is forgotten.
 * @param {Client} client
 * @param {string} id
 * @returns {Promise<{deleted: string, pull: number}>} the branch deleted ("" none), the pull
 *   request found open from it (0 none: then nothing of the job is left on GitHub)
 */
export async function abandon(client, id) {
  const j = load(id);
  if (!j) return {deleted: "", pull: 0};
  try {
    await reconcile(client, j).catch((err) => {
      if (!(err instanceof SubmitError)) throw err;  // a moved branch is not ours to delete
      j.created = false;
    });
    if (!j.pull && j.created && j.name) {
      const pr = await existingPull(client, j);
      if (pr) {
        forget(j.id);
        return {deleted: "", pull: Number(pr.number)};
      }
      await client.deleteBranch(j.name);
      forget(j.id);
      return {deleted: j.name, pull: 0};
    }
  } catch (err) {
    throw failure({...j, step: "done"}, err, true);
  }
  forget(j.id);
  return {deleted: "", pull: 0};
}
