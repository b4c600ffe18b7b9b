// @ts-check
/**
 * What the pull-request checks (`validate`, `approvals`) said about a commit, read as the
 * person's token allows. A public repository's check runs and their annotations are readable by
 * any token; a private one's are not (fine-grained tokens have no Checks permission), so there
 * the head commit's Actions runs are read (Actions: read): each job's result, and the JSON the
 * workflow uploads as the artifact `check-result` (the command's own `--format json` output).
 * GitHub serves an artifact through a redirect to a storage host that the page's policy does not
 * allow on github.com: then the result is told without its messages, with GitHub's page to see
 * them (see README, "Updating and 我的提交").
 */

import {GitHubError} from "./github.js";
import {unzip} from "./unzip.js";

export const CHECKS = ["validate", "approvals"];
export const ARTIFACT = "check-result";

/**
 * @typedef {{path: string, line: number, code: string, message: string,
 *   severity: "error"|"warning", field: string | null}} Finding
 * @typedef {{name: string, state: "pending"|"success"|"failure"|"missing", lines: string[],
 *   findings: Finding[], detailed: boolean, url: string}} CheckResult
 *   detailed: false when the messages could not be read (the artifact's host is not allowed)
 */

/**
 * @param {any} status
 * @param {any} conclusion
 * @returns {CheckResult["state"]}
 */
function stateOf(status, conclusion) {
  if (status !== "completed") return "pending";
  return conclusion === "success" ? "success" : "failure";
}

/** @param {any} a an annotation */
function fromAnnotation(a) {
  return /** @type {Finding} */ ({
    path: String(a.path || ""), line: Number(a.start_line || 1), code: String(a.title || ""),
    message: String(a.message || ""), severity: a.annotation_level === "failure" ? "error" : "warning",
    field: null,
  });
}

/** @param {any} d a diagnostic of the command's JSON */
function fromDiagnostic(d) {
  return /** @type {Finding} */ ({
    path: String(d.path || ""), line: Number(d.line || 1), code: String(d.code || ""),
    message: String(d.message || ""), severity: d.severity === "warning" ? "warning" : "error",
    field: typeof d.field === "string" ? d.field : null,
  });
}

/**
 * The lines a result says in words (the steps checked, the reviews counted, who is missing).
 * @param {any} result
 * @returns {string[]}
 */
function linesOf(result) {
  return [...(result.steps || []), ...(result.reviews || []), ...(result.missing || [])]
    .filter((x) => typeof x === "string");
}

/**
 * From the check runs (a public repository).
 * @param {import("./github.js").Client} client
 * @param {string} sha
 * @returns {Promise<CheckResult[]>}
 */
async function fromCheckRuns(client, sha) {
  const runs = await client.checkRuns(sha);
  const out = [];
  for (const name of CHECKS) {
    const run = runs.filter((r) => r.name === name).sort((a, b) => b.id - a.id)[0];
    if (!run) {
      out.push({name, state: /** @type {const} */ ("pending"), lines: [], findings: [], detailed: true, url: ""});
      continue;
    }
    const findings = run.output && run.output.annotations_count ? (await client.annotations(run.id)).map(fromAnnotation) : [];
    const summary = String((run.output && run.output.summary) || "");
    const title = run.output ? run.output.title : "";
    out.push({name, state: stateOf(run.status, run.conclusion),
      lines: summary.split("\n").filter((x) => x && x !== title), findings, detailed: true,
      url: String(run.html_url || "")});
  }
  return out;
}

/**
 * From the Actions runs of the commit (a private repository).
 * @param {import("./github.js").Client} client
 * @param {string} sha
 * @returns {Promise<CheckResult[]>}
 */
async function fromActions(client, sha) {
  const runs = (await client.runs({head_sha: sha})).sort((a, b) => b.id - a.id);
  /** @type {CheckResult[]} */
  const out = [];
  for (const name of CHECKS) {
    let found = null;
    for (const run of runs) {
      const job = (await client.jobs(run.id)).find((j) => j.name === name);
      if (job) { found = {run, job}; break; }
    }
    if (!found) {
      out.push({name, state: "pending", lines: [], findings: [], detailed: true, url: ""});
      continue;
    }
    const state = stateOf(found.job.status, found.job.conclusion);
    /** @type {CheckResult} */
    const result = {name, state, lines: [], findings: [], detailed: state === "pending",
      url: String(found.job.html_url || "")};
    if (state !== "pending") {
      const artifact = (await client.artifacts(found.run.id)).find((a) => a.name === ARTIFACT && !a.expired);
      if (artifact) {
        try {
          const files = await unzip(await client.artifactZip(artifact.id));
          const json = Object.entries(files).find(([n]) => n.endsWith(".json"));
          if (json) {
            const data = JSON.parse(new TextDecoder().decode(json[1]));
            result.findings = (data.diagnostics || []).map(fromDiagnostic);
            result.lines = linesOf(data);
            result.detailed = true;
          }
        } catch (err) {
          // The storage host is not the API's (github.com): the result without its messages.
          if (!(err instanceof GitHubError) || err.kind !== "network") throw err;
        }
      }
    }
    out.push(result);
  }
  return out;
}

/**
 * The checks of commit `sha`: from the check runs when the repository is public and they can be
 * read, else from the Actions runs.
 * @param {import("./github.js").Client} client
 * @param {string} sha
 * @param {boolean} isPrivate
 * @returns {Promise<CheckResult[]>}
 */
export async function checksOf(client, sha, isPrivate) {
  if (!isPrivate) {
    try {
      return await fromCheckRuns(client, sha);
    } catch (err) {
      if (!(err instanceof GitHubError) || (err.kind !== "permission" && err.kind !== "not-found")) throw err;
    }
  }
  return fromActions(client, sha);
}
