// @ts-check
/**
 * /signin/ (登录): checks the token a person pastes against GitHub's API at the configured
 * address (spec.api) and keeps the sign-in (session.js): GET /user, the repository, the roster
 * (data/roster.yml through the contents API, read here: logins are not published on the site),
 * then the permissions the site's steps need: Contents and Pull requests written (each asked with
 * an impossible request GitHub refuses as invalid once the permission is there, so nothing is
 * written), Actions read. Every failure is said in Chinese (wording.js). The token is read from
 * its box, put in the Authorization header of those requests only, and the box is emptied.
 */

import {GitHubError, createClient, describe} from "../shared/github.js";
import {expiryDate, expiryTime, isExpired, isToken, loadSession, saveSession, signOut} from "../shared/session.js";
import {readSpec} from "../shared/spec.js";
import {FAILURES, ROLES, SIGNIN, fill} from "../shared/wording.js";

/** @typedef {import("../shared/session.js").Session} Session */

const spec = readSpec();
const form = /** @type {HTMLFormElement} */ (document.getElementById("sb-signin"));
const tokenBox = /** @type {HTMLInputElement} */ (document.getElementById("f-token"));
const expiresBox = /** @type {HTMLInputElement} */ (document.getElementById("f-expires"));
const remember = /** @type {HTMLInputElement} */ (document.getElementById("f-remember"));
const button = /** @type {HTMLButtonElement} */ (document.getElementById("sign-in"));
const statusLine = /** @type {HTMLElement} */ (document.getElementById("signin-status"));
const checks = /** @type {HTMLElement} */ (document.getElementById("signin-checks"));
const rolesLine = /** @type {HTMLElement} */ (document.getElementById("signin-roles"));
const keepLine = /** @type {HTMLElement} */ (document.getElementById("signin-keep"));
const outButton = /** @type {HTMLButtonElement} */ (document.getElementById("sign-out"));
const output = /** @type {HTMLElement} */ (document.getElementById("signin-output"));
const repositoryName = spec.owner + "/" + spec.repo;

/**
 * One field's message line.
 * @param {string} key
 * @param {string} text
 */
function fieldMessage(key, text) {
  const box = document.getElementById("f-" + key + "-msg");
  if (box) box.textContent = text;
  const field = box && box.closest(".sb-field");
  if (field) field.classList.toggle("sb-error", !!text);
}

/**
 * @param {string} text
 * @param {boolean | null} good true: success, false: a problem, null: neither (in progress)
 */
function say(text, good) {
  output.classList.toggle("sb-hidden", !text);
  statusLine.textContent = text;
  statusLine.classList.toggle("sb-good", good === true);
  statusLine.classList.toggle("sb-bad", good === false);
}

/**
 * A line in the list of checks: "<what>：通过" or "<what>：未通过：<why>".
 * @param {string} what
 * @param {string} [problem] empty when passed
 */
function line(what, problem) {
  const li = document.createElement("li");
  li.textContent = what + "：" + (problem ? SIGNIN.failed + "。" + problem : SIGNIN.passed);
  li.className = problem ? "sb-bad" : "sb-good";
  checks.appendChild(li);
}

/**
 * The person's reason for a failed step: the page's own sentence where it knows better.
 * @param {unknown} err
 * @param {string} [notFound] what a 404 means for this step
 */
function reason(err, notFound) {
  lastError = err;
  if (err instanceof GitHubError && err.kind === "not-found" && notFound) return notFound;
  return describe(err);
}

/** A failure after which no further step can tell anything. @param {unknown} err */
function stops(err) {
  return !(err instanceof GitHubError) ||
    ["network", "unauthorized", "rate-limited", "server"].includes(err.kind);
}

/** Whether a failure says nothing about the token (GitHub could not be asked). @param {unknown} err */
function passing(err) {
  return err instanceof GitHubError && ["network", "rate-limited", "server"].includes(err.kind);
}

/** The last step's failure, for resume(): a kept sign-in survives a passing one. */
let lastError = /** @type {unknown} */ (null);

/**
 * Every check, its lines in the list. Resolves with the login and roles when all passed, null
 * otherwise (the problems shown).
 * @param {string} token
 * @returns {Promise<{login: string, roles: string[], expiry: string} | null>}
 */
async function check(token) {
  checks.textContent = "";
  lastError = null;
  const gh = createClient({api: spec.api, owner: spec.owner, repo: spec.repo, token});
  /** @type {string[]} */
  const problems = [];
  let login = "";
  try {
    login = String((await gh.user()).login);
    line(SIGNIN.stepUser + " " + login);
  } catch (err) {
    problems.push(reason(err));
    line(SIGNIN.stepUser, problems[0]);
    return finish(problems);
  }
  const repoStep = fill(SIGNIN.stepRepository, {repository: repositoryName});
  let base = spec.branch;
  try {
    const repository = await gh.repository();
    base = String(repository.default_branch || base);
    line(repoStep);
  } catch (err) {
    problems.push(reason(err, fill(SIGNIN.noRepository, {repository: repositoryName})));
    line(repoStep, problems[0]);
    return finish(problems);
  }
  /** @type {string[]} */
  let roles = [];
  try {
    const file = await gh.readFile(spec.roster, base);
    let problem = file ? "" : fill(SIGNIN.rosterMissing, {path: spec.roster});
    if (file) {
      // The roster's reader brings the YAML library (about 100 KB): loaded only now, once a
      // token has been checked and the roster read, not with the page.
      const {parseRoster, rolesOf} = await import("../shared/roster.js");
      try {
        roles = rolesOf(parseRoster(file.text), login);
        problem = roles.length ? "" : fill(SIGNIN.notInRoster, {login});
      } catch {
        problem = fill(SIGNIN.rosterBroken, {path: spec.roster});
      }
    }
    if (problem) problems.push(problem);
    line(SIGNIN.stepRoster, problem);
  } catch (err) {
    problems.push(reason(err));
    line(SIGNIN.stepRoster, problems[problems.length - 1]);
    if (stops(err)) return finish(problems);
  }
  /** @type {[string, () => Promise<unknown>][]} */
  const permissions = [
    [SIGNIN.stepContents, () => gh.probeContentsWrite()],
    [SIGNIN.stepPulls, () => gh.probePullsWrite(base)],
    [SIGNIN.stepActions, () => gh.probeActionsRead()],
  ];
  for (const [what, probe] of permissions) {
    try {
      await probe();
      line(what);
    } catch (err) {
      const problem = reason(err);
      problems.push(problem);
      line(what, problem);
      if (stops(err)) break;
    }
  }
  if (problems.length) return finish(problems);
  return {login, roles, expiry: gh.state.tokenExpiry};
}

/**
 * Show the problems; nothing is kept.
 * @param {string[]} problems
 * @returns {null}
 */
function finish(problems) {
  say(problems[0], false);
  return null;
}

/**
 * The signed-in state: who, in which roles, kept where until when.
 * @param {Session} session
 * @param {string[]} roles
 */
function showSignedIn(session, roles) {
  say(fill(SIGNIN.signedIn, {login: session.login}), true);
  rolesLine.textContent = fill(SIGNIN.roles, {roles: roles.join(ROLES.separator)});
  const date = expiryDate(session.expires);
  keepLine.textContent = session.remember
    ? (date ? fill(SIGNIN.remembered, {expires: date}) : SIGNIN.rememberedNoDate)
    : SIGNIN.tabOnly + (date ? fill(SIGNIN.expiresOn, {expires: date}) : "");
  outButton.classList.remove("sb-hidden");
}

function showSignedOut() {
  rolesLine.textContent = "";
  keepLine.textContent = "";
  outButton.classList.add("sb-hidden");
}

/** The expiry the person typed: "" (none), a date, or null when it cannot be used (said). */
function enteredExpiry() {
  const text = expiresBox.value.trim();
  if (!text) return "";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(expiryTime(text))) {
    fieldMessage("expires", SIGNIN.badExpiry);
    return null;
  }
  if (isExpired(text)) {
    fieldMessage("expires", SIGNIN.pastExpiry);
    return null;
  }
  return text;
}

async function signIn() {
  fieldMessage("token", "");
  fieldMessage("expires", "");
  const token = tokenBox.value.trim();
  if (!token) {
    fieldMessage("token", SIGNIN.empty);
    tokenBox.focus();
    return;
  }
  if (!isToken(token)) {
    fieldMessage("token", SIGNIN.malformed);
    tokenBox.value = "";
    tokenBox.focus();
    return;
  }
  const expires = enteredExpiry();
  if (expires === null) return;
  tokenBox.value = "";
  signOut();
  showSignedOut();
  button.disabled = true;
  say(SIGNIN.checking, null);
  try {
    const found = await check(token);
    if (!found) return;
    /** @type {Session} */
    const session = {token, login: found.login, api: spec.api, expires: expires || found.expiry,
      remember: remember.checked};
    if (!saveSession(session)) {
      say(SIGNIN.storageBlocked, false);
      return;
    }
    showSignedIn(session, found.roles);
  } finally {
    button.disabled = false;
  }
}

/** A kept sign-in is checked again on every visit; one GitHub no longer takes is erased. */
async function resume() {
  const kept = loadSession(spec.api);
  if (kept.dropped === "expired") {
    say(fill(SIGNIN.expiredStored, {expires: kept.expires}), false);
    return;
  }
  const session = kept.session;
  if (!session) return;
  remember.checked = session.remember;
  say(SIGNIN.checking, null);
  const found = await check(session.token);
  if (!found && passing(lastError)) {
    keepLine.textContent = SIGNIN.keptUnchecked;
    outButton.classList.remove("sb-hidden");
    return;
  }
  if (!found) {
    signOut();
    say(fill(SIGNIN.storedRejected, {reason: statusLine.textContent || FAILURES.other}), false);
    return;
  }
  showSignedIn(session, found.roles);
}

if (form && spec && spec.owner) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void signIn();
  });
  outButton.addEventListener("click", () => {
    signOut();
    checks.textContent = "";
    showSignedOut();
    say(SIGNIN.signedOut, true);
  });
  void resume();
} else if (form) {
  button.disabled = true;
}
