// @ts-check
/**
 * GitHub's REST API, called from the visitor's browser with their own token. One job: send the
 * request, return GitHub's JSON, turn every failure into a GitHubError.
 *
 * The token goes only into the Authorization header of requests to the configured API address
 * (`api`, e.g. https://api.github.com or a GitHub Enterprise Server's https://host/api/v3): never
 * into an address, a log line or an error's text (GitHub's own message is stripped of it too).
 * A pagination link pointing anywhere else is not followed.
 *
 * Failures: GitHubError.kind is one of KINDS; `describe()` says it in Chinese (wording.js). In a
 * browser GitHub's CORS answers hide X-Accepted-GitHub-Permissions, so the permission each request
 * needs comes from one table (NEEDS), and a 403 names that one when the header cannot be read.
 */

import {FAILURES, fill, permissionText} from "./wording.js";

export const API_VERSION = "2022-11-28";
export const DEFAULT_API = "https://api.github.com";

/** @typedef {"network"|"unauthorized"|"permission"|"rate-limited"|"not-found"|"conflict"|"exists"|"invalid"|"not-mergeable"|"server"} Kind */
export const KINDS = /** @type {const} */ ([
  "network", "unauthorized", "permission", "rate-limited", "not-found", "conflict", "exists",
  "invalid", "not-mergeable", "server",
]);

/**
 * The fine-grained token permission each request needs (GitHub's names: `contents=write`), by
 * method and path after /repos/{owner}/{repo} ("" for the repository itself); the first match
 * counts. "" where no permission of a fine-grained token helps: GET /user needs a valid token
 * only; check runs have no such permission (a public repository's are readable by anyone).
 * tests/test_github_client.py holds it to the GitHub double's routes.
 * @type {[string, RegExp, string][]}
 */
export const NEEDS = [
  ["GET", /^$/, "metadata=read"],
  ["GET", /^\/(contents|git)\//, "contents=read"],
  ["POST", /^\/git\/(blobs|trees|commits|refs)$/, "contents=write"],
  ["PATCH", /^\/git\/refs\//, "contents=write"],
  ["DELETE", /^\/git\/refs\//, "contents=write"],
  ["PUT", /^\/pulls\/\d+\/merge$/, "contents=write"],
  ["GET", /^\/pulls(\/|$)/, "pull_requests=read"],
  ["POST", /^\/pulls(\/\d+\/reviews)?$/, "pull_requests=write"],
  ["GET", /^\/actions\//, "actions=read"],
];

/**
 * The permission a request needs (NEEDS), or "" when none names it.
 * @param {string} method
 * @param {string} path from the API root: /repos/{owner}/{repo}/...
 * @returns {string}
 */
export function needOf(method, path) {
  const found = /^\/repos\/[^/]+\/[^/]+(.*)$/.exec(path);
  if (!found) return "";
  const rule = NEEDS.find(([m, pattern]) => m === method && pattern.test(found[1]));
  return rule ? rule[2] : "";
}

/** @typedef {{api: string, owner: string, repo: string, token: string}} Connection */
/**
 * A file for commit(): text (UTF-8), bytes, or `remove: true` to delete it.
 * @typedef {{path: string, text?: string, bytes?: Uint8Array, remove?: boolean}} FileChange
 */
/** @typedef {{get(name: string): string | null}} HeaderLike */

export class GitHubError extends Error {
  /**
   * @param {Kind} kind
   * @param {number} status the HTTP status (0 when no answer came)
   * @param {string} detail GitHub's own message (English, without the token)
   * @param {{permission?: string, retryAt?: number, request?: string}} [extra] permission: as
   *   GitHub names it (`pull_requests=write`); retryAt: when to try again (ms since the epoch,
   *   0 unknown); request: method and path, no query (never the token)
   */
  constructor(kind, status, detail, extra = {}) {
    super("GitHub " + kind + " (" + status + ")" + (extra.request ? " " + extra.request : ""));
    this.name = "GitHubError";
    this.kind = kind;
    this.status = status;
    this.detail = detail;
    this.permission = extra.permission || "";
    this.retryAt = extra.retryAt || 0;
    this.request = extra.request || "";
  }
}

/**
 * The GitHubError an answer stands for. `detail` is GitHub's message with its `errors`' messages;
 * `need` the permission the request needs, used when the answer does not say (in browsers it
 * cannot: the header is not exposed to pages).
 * @param {number} status
 * @param {HeaderLike} headers
 * @param {string} detail
 * @param {string} [need]
 * @param {string} [request]
 * @returns {GitHubError}
 */
export function classify(status, headers, detail, need = "", request = "") {
  const extra = {request};
  if (status === 0) return new GitHubError("network", 0, detail, extra);
  if (status === 401) return new GitHubError("unauthorized", status, detail, extra);
  const retry = Number(headers.get("retry-after") || "");
  const remaining = headers.get("x-ratelimit-remaining");
  const reset = Number(headers.get("x-ratelimit-reset") || "");
  const limited = status === 429 ||
    (status === 403 && (remaining === "0" || retry > 0 || /rate limit/i.test(detail)));
  if (limited) {
    const retryAt = retry > 0 ? Date.now() + retry * 1000 : remaining === "0" && reset > 0 ? reset * 1000 : 0;
    return new GitHubError("rate-limited", status, detail, {...extra, retryAt});
  }
  if (status === 403) {
    const permission = headers.get("x-accepted-github-permissions") || need;
    return new GitHubError("permission", status, detail, {...extra, permission});
  }
  if (status === 404) return new GitHubError("not-found", status, detail, extra);
  if (status === 405) return new GitHubError("not-mergeable", status, detail, extra);
  if (status === 409) return new GitHubError("conflict", status, detail, extra);
  if (status === 422) {
    if (/already exists/i.test(detail)) return new GitHubError("exists", status, detail, extra);
    if (/not a fast.forward/i.test(detail)) return new GitHubError("conflict", status, detail, extra);
    return new GitHubError("invalid", status, detail, extra);
  }
  if (status === 400) return new GitHubError("invalid", status, detail, extra);
  return new GitHubError("server", status, detail, extra);
}

/**
 * GitHub's message of an error body, with the messages of its `errors` list.
 * @param {any} data
 * @returns {string}
 */
export function messageOf(data) {
  if (!data || typeof data !== "object") return "";
  const parts = [typeof data.message === "string" ? data.message : ""];
  if (Array.isArray(data.errors)) {
    for (const e of data.errors) {
      if (typeof e === "string") parts.push(e);
      else if (e && typeof e.message === "string") parts.push(e.message);
      else if (e && e.field) parts.push(String(e.field) + " " + String(e.code || "invalid"));
    }
  }
  return parts.filter(Boolean).join("; ");
}

/**
 * What a failure means for the person, in Chinese, with what to do. Never holds the token.
 * @param {unknown} err
 * @returns {string}
 */
export function describe(err) {
  if (!(err instanceof GitHubError)) return FAILURES.other;
  switch (err.kind) {
    case "permission":
      return err.permission
        ? fill(FAILURES.permission, {permission: permissionText(err.permission)})
        : FAILURES.permissionUnknown;
    case "rate-limited":
      return err.retryAt
        ? fill(FAILURES.rateLimitedAt, {time: new Date(err.retryAt).toLocaleTimeString("zh-CN", {hour12: false})})
        : FAILURES["rate-limited"];
    case "invalid":
      return fill(FAILURES.invalid, {detail: err.detail || String(err.status)});
    default:
      return FAILURES[err.kind] || FAILURES.other;
  }
}

/** @param {Uint8Array} bytes */
export function toBase64(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** @param {string} text */
export function fromBase64(text) {
  const binary = atob(text.replace(/\s+/g, ""));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** @param {string} path a repository path or branch name: each segment encoded, slashes kept */
function encodePath(path) {
  return path.split("/").map(encodeURIComponent).join("/");
}

/**
 * The next page's address from a Link header, or "".
 * @param {string | null} link
 */
function nextLink(link) {
  const found = /<([^>]+)>;\s*rel="next"/.exec(link || "");
  return found ? found[1] : "";
}

// A branch name git refuses ("~"), so the probes can never create anything.
const PROBE_BRANCH = "sb~permission~probe";

/**
 * A client bound to one repository. `fetchImpl` for tests (Node, recorded answers).
 * @param {Connection} conn
 * @param {typeof fetch} [fetchImpl]
 */
export function createClient(conn, fetchImpl) {
  const doFetch = fetchImpl || ((/** @type {any} */ url, /** @type {any} */ init) => fetch(url, init));
  const base = new URL(conn.api.replace(/\/+$/, "") + "/");
  const root = base.href.replace(/\/$/, "");
  const repoPath = "/repos/" + encodeURIComponent(conn.owner) + "/" + encodeURIComponent(conn.repo);
  const state = {
    /** The token's expiry when GitHub tells it (header github-authentication-token-expiration; CORS hides it on github.com). */
    tokenExpiry: "",
  };

  /** @param {string} text */
  function scrub(text) {
    return conn.token ? text.split(conn.token).join("[令牌]") : text;
  }

  /**
   * One request to the API address. Answers the JSON (null for an empty body) and the headers.
   * @param {string} method
   * @param {string} target a path from the API root ("/user") or an address on the API root
   *   (a pagination link)
   * @param {{query?: Record<string, string | number | undefined>, body?: unknown}} [options]
   * @returns {Promise<{data: any, headers: Headers}>}
   */
  async function send(method, target, options = {}) {
    const url = new URL(target.startsWith("/") ? root + target : target);
    if (url.origin !== base.origin || !(url.pathname + "/").startsWith(base.pathname)) {
      throw new GitHubError("invalid", 0, "address outside the API", {request: method});
    }
    for (const [key, value] of Object.entries(options.query || {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const request = method + " " + url.pathname;
    const path = "/" + url.pathname.slice(base.pathname.length);
    /** @type {Record<string, string>} */
    const headers = {
      Accept: "application/vnd.github+json",
      Authorization: "Bearer " + conn.token,
      "X-GitHub-Api-Version": API_VERSION,
    };
    /** @type {RequestInit} */
    const init = {method, headers, cache: "no-store", credentials: "omit", referrerPolicy: "no-referrer"};
    if (options.body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(options.body);
    }
    let response;
    try {
      response = await doFetch(url.href, init);
    } catch {
      throw new GitHubError("network", 0, "no answer", {request});
    }
    const expiry = response.headers.get("github-authentication-token-expiration");
    if (expiry) state.tokenExpiry = expiry;
    const text = await response.text().catch(() => "");
    /** @type {any} */
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null;
    }
    if (!response.ok) {
      throw classify(response.status, response.headers, scrub(messageOf(data)), needOf(method, path), request);
    }
    return {data, headers: response.headers};
  }

  /**
   * @param {string} method
   * @param {string} path
   * @param {{query?: Record<string, string | number | undefined>, body?: unknown}} [options]
   * @returns {Promise<any>}
   */
  async function call(method, path, options) {
    return (await send(method, path, options)).data;
  }

  /**
   * Every page of a list (100 a page, following GitHub's Link header on the API address only).
   * `key`: the list's name when pages are objects ({total_count, check_runs: [...]}).
   * @param {string} path
   * @param {{query?: Record<string, string | number | undefined>, key?: string, limit?: number}} [options]
   * @returns {Promise<any[]>}
   */
  async function all(path, options = {}) {
    /** @type {any[]} */
    const out = [];
    let page = await send("GET", path, {query: {per_page: 100, ...options.query}});
    for (let n = 0; n < (options.limit || 20); n++) {
      const items = options.key ? (page.data || {})[options.key] : page.data;
      if (Array.isArray(items)) out.push(...items);
      const next = nextLink(page.headers.get("link"));
      if (!next) break;
      page = await send("GET", next);
    }
    return out;
  }

  /**
   * Resolve with true when a write of `permission` is allowed: the probe asks for something
   * impossible, which GitHub refuses as invalid (422) only after checking the permission.
   * @param {() => Promise<unknown>} attempt
   */
  async function probe(attempt) {
    try {
      await attempt();
    } catch (err) {
      if (err instanceof GitHubError && (err.kind === "invalid" || err.kind === "exists")) return true;
      throw err;
    }
    return true;
  }

  const R = repoPath;
  const api = {
    /** The repository's owner and name, as configured. */
    owner: conn.owner,
    repo: conn.repo,
    state,
    request: call,
    list: all,

    // ------------------------------------------------------------ who and where
    /** The signed-in person: {login, name, ...}. */
    user: () => call("GET", "/user", {}),
    /** The repository: {full_name, private, default_branch, permissions?, ...}. */
    repository: () => call("GET", R, {}),
    /** Whether the token may write contents (throws a permission GitHubError when not). */
    probeContentsWrite: () => probe(() => call("POST", R + "/git/refs", {
      body: {ref: "refs/heads/" + PROBE_BRANCH, sha: "0".repeat(40)}})),
    /**
     * Whether the token may open pull requests (throws a permission GitHubError when not).
     * @param {string} base the default branch
     */
    probePullsWrite: (base) => probe(() => call("POST", R + "/pulls", {
      body: {head: PROBE_BRANCH, base, title: "permission probe"}})),
    /** Whether the token may read workflow runs. */
    probeActionsRead: () => call("GET", R + "/actions/runs", {query: {per_page: 1}}).then(() => true),

    // ------------------------------------------------------------ files and branches
    /**
     * A file's bytes, text and blob sha at `ref` (default branch when omitted), or null when
     * there is no such file.
     * @param {string} path
     * @param {string} [ref]
     * @returns {Promise<{bytes: Uint8Array, text: string, sha: string} | null>}
     */
    async readFile(path, ref) {
      let data;
      try {
        data = await call("GET", R + "/contents/" + encodePath(path), {query: {ref}});
      } catch (err) {
        if (err instanceof GitHubError && err.kind === "not-found") return null;
        throw err;
      }
      if (!data || Array.isArray(data) || data.type !== "file") {
        throw new GitHubError("invalid", 200, path + " is not a file", {request: "GET contents"});
      }
      let content = data.content || "";
      if (data.encoding === "none" || (!content && data.size > 0)) {  // over 1 MB: the blob
        content = (await call("GET", R + "/git/blobs/" + data.sha, {})).content;
      }
      const bytes = fromBase64(content);
      return {bytes, text: new TextDecoder().decode(bytes), sha: String(data.sha)};
    },
    /**
     * The commit a branch points at, or null when there is no such branch.
     * @param {string} branch
     * @returns {Promise<string | null>}
     */
    async branchHead(branch) {
      try {
        const data = await call("GET", R + "/git/ref/heads/" + encodePath(branch), {});
        return String(data.object.sha);
      } catch (err) {
        if (err instanceof GitHubError && err.kind === "not-found") return null;
        throw err;
      }
    },
    /**
     * Creates `branch` at commit `sha` (kind "exists" when there is one).
     * @param {string} branch
     * @param {string} sha
     */
    createBranch: (branch, sha) => call("POST", R + "/git/refs", {
      body: {ref: "refs/heads/" + branch, sha}}),
    /**
     * Deletes `branch` (submit.js abandon(): only a branch the site created, with no pull request).
     * @param {string} branch
     */
    deleteBranch: (branch) => call("DELETE", R + "/git/refs/heads/" + encodePath(branch), {}),
    /**
     * One commit of every change on top of `parent`, then `branch` moved to it without force:
     * if the branch moved meanwhile GitHub refuses (kind "conflict") and nothing is lost.
     * @param {{branch: string, parent: string, files: FileChange[], message: string}} args
     * @returns {Promise<string>} the new commit's sha
     */
    async commit({branch, parent, files, message}) {
      const parentCommit = await call("GET", R + "/git/commits/" + parent, {});
      const tree = [];
      for (const file of files) {
        if (file.remove) {
          tree.push({path: file.path, mode: "100644", type: "blob", sha: null});
          continue;
        }
        const body = file.bytes
          ? {content: toBase64(file.bytes), encoding: "base64"}
          : {content: file.text || "", encoding: "utf-8"};
        const blob = await call("POST", R + "/git/blobs", {body});
        tree.push({path: file.path, mode: "100644", type: "blob", sha: blob.sha});
      }
      const newTree = await call("POST", R + "/git/trees", {body: {base_tree: parentCommit.tree.sha, tree}});
      const made = await call("POST", R + "/git/commits", {body: {message, tree: newTree.sha, parents: [parent]}});
      await call("PATCH", R + "/git/refs/heads/" + encodePath(branch), {body: {sha: made.sha, force: false}});
      return String(made.sha);
    },

    /**
     * Every entry under a commit or tree (`recursive`): [{path, type, sha, size?}].
     * @param {string} sha
     * @returns {Promise<{path: string, type: string, sha: string}[]>}
     */
    async tree(sha) {
      const data = await call("GET", R + "/git/trees/" + encodeURIComponent(sha), {query: {recursive: 1}});
      return Array.isArray(data && data.tree) ? data.tree : [];
    },
    /**
     * A blob's text (UTF-8) by its sha.
     * @param {string} sha
     * @returns {Promise<string>}
     */
    async blobText(sha) {
      const data = await call("GET", R + "/git/blobs/" + encodeURIComponent(sha), {});
      return new TextDecoder().decode(fromBase64(String(data.content || "")));
    },

    // ------------------------------------------------------------ pull requests
    /**
     * @param {{head: string, base: string, title: string, body: string, draft?: boolean}} args
     */
    openPull: ({head, base, title, body, draft}) => call("POST", R + "/pulls", {
      body: {head, base, title, body, ...(draft ? {draft: true} : {})}}),
    /** @param {{state?: "open"|"closed"|"all", head?: string, base?: string}} [filter] */
    pulls: (filter = {}) => all(R + "/pulls", {query: filter}),
    /** @param {number} n */
    pull: (n) => call("GET", R + "/pulls/" + n, {}),
    /** @param {number} n */
    pullFiles: (n) => all(R + "/pulls/" + n + "/files", {}),
    /** @param {number} n */
    reviews: (n) => all(R + "/pulls/" + n + "/reviews", {}),
    /**
     * A review of the head commit `commitId`: APPROVE, REQUEST_CHANGES or COMMENT.
     * @param {number} n
     * @param {{event: "APPROVE"|"REQUEST_CHANGES"|"COMMENT", body?: string, commitId: string}} args
     */
    submitReview: (n, {event, body, commitId}) => call("POST", R + "/pulls/" + n + "/reviews", {
      body: {event, body: body || "", commit_id: commitId}}),
    /**
     * Merges when the head is still `sha` (kind "conflict" when it moved, "not-mergeable" when
     * checks, approvals or conflicts stop it).
     * @param {number} n
     * @param {{sha: string, method?: "merge"|"squash"|"rebase"}} args
     */
    merge: (n, {sha, method}) => call("PUT", R + "/pulls/" + n + "/merge", {
      body: {sha, merge_method: method || "merge"}}),

    // ------------------------------------------------------------ checks and actions
    /** @param {string} ref a commit sha or branch */
    checkRuns: (ref) => all(R + "/commits/" + encodePath(ref) + "/check-runs", {key: "check_runs"}),
    /** @param {number} id */
    annotations: (id) => all(R + "/check-runs/" + id + "/annotations", {}),
    /** @param {{head_sha?: string, branch?: string}} filter */
    runs: (filter) => all(R + "/actions/runs", {query: filter, key: "workflow_runs"}),
    /** @param {number} runId */
    jobs: (runId) => all(R + "/actions/runs/" + runId + "/jobs", {key: "jobs"}),
    /** @param {number} runId */
    artifacts: (runId) => all(R + "/actions/runs/" + runId + "/artifacts", {key: "artifacts"}),
    /**
     * An artifact's zip archive. GitHub answers with a redirect to a short-lived storage address
     * on another host: the browser drops the token on that cross-origin hop, and the page's
     * Content-Security-Policy allows it only when that host is the API's (GitHub Enterprise
     * Server, the double); elsewhere this fails as kind "network" and the caller falls back.
     * @param {number} id
     * @returns {Promise<Uint8Array>}
     */
    async artifactZip(id) {
      const url = root + R + "/actions/artifacts/" + id + "/zip";
      const request = "GET " + new URL(url).pathname;
      let response;
      try {
        response = await doFetch(url, {method: "GET", cache: "no-store", credentials: "omit",
          referrerPolicy: "no-referrer", redirect: "follow",
          headers: {Accept: "application/vnd.github+json", Authorization: "Bearer " + conn.token,
            "X-GitHub-Api-Version": API_VERSION}});
      } catch {
        throw new GitHubError("network", 0, "no answer", {request});
      }
      if (!response.ok) {
        const text = await response.text().catch(() => "");
        let data = null;
        try { data = JSON.parse(text); } catch { data = null; }
        throw classify(response.status, response.headers, scrub(messageOf(data)),
          needOf("GET", R + "/actions/artifacts/" + id + "/zip"), request);
      }
      return new Uint8Array(await response.arrayBuffer());
    },
  };
  return api;
}

/** @typedef {ReturnType<typeof createClient>} Client */
