// @ts-check
/**
 * The sign-in kept in the browser, under one key (KEY) and nowhere else: sessionStorage (this tab
 * only, gone when the tab's session ends) unless the person ticks 在本设备上记住, then
 * localStorage. A session holds the token, the login, the API address it was checked against
 * and the token's expiry (entered by the person or reported by GitHub); past that expiry it is
 * erased when read. 退出登录 erases both stores.
 *
 * The token never goes into an address, the console, the page's text or an error message: this
 * module only stores it, and the GitHub client (github.js) only puts it in the Authorization
 * header of requests to the API address.
 */

export const KEY = "sb-github-session";

/**
 * @typedef {{token: string, login: string, api: string, expires: string, remember: boolean}} Session
 *   expires: "" (unknown), a date (YYYY-MM-DD, valid through that day) or a time as GitHub
 *   writes it ("2026-12-31 08:00:00 +0800", "... UTC")
 */

/** A token as GitHub issues them (ghp_..., github_pat_...): letters, digits, underscores. */
const TOKEN = /^[A-Za-z0-9_]{20,255}$/;

/**
 * Whether `text` can be a token (nothing else may reach the Authorization header).
 * @param {string} text
 */
export function isToken(text) {
  return TOKEN.test(text);
}

/**
 * The moment a token stops working (ms since the epoch), or NaN when `expires` says nothing.
 * A date alone lasts to the end of that day in the browser's time zone.
 * @param {string} expires
 * @returns {number}
 */
export function expiryTime(expires) {
  const text = (expires || "").trim();
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]) - 1, Number(day[3])];
    const start = new Date(y, m, d);
    if (start.getFullYear() !== y || start.getMonth() !== m || start.getDate() !== d) return NaN;
    return new Date(y, m, d + 1).getTime();
  }
  const when = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)\s*(UTC|Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (!when) return NaN;
  let zone = when[3] || "Z";
  if (zone === "UTC") zone = "Z";
  else if (/^[+-]\d{4}$/.test(zone)) zone = zone.slice(0, 3) + ":" + zone.slice(3);
  return Date.parse(when[1] + "T" + when[2] + zone);
}

/**
 * The expiry as a date for people (YYYY-MM-DD), or "".
 * @param {string} expires
 */
export function expiryDate(expires) {
  const t = expiryTime(expires);
  if (Number.isNaN(t)) return "";
  if (/^\d{4}-\d{2}-\d{2}$/.test(expires.trim())) return expires.trim();
  const d = new Date(t);
  const two = (/** @type {number} */ n) => String(n).padStart(2, "0");
  return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
}

/**
 * @param {string} expires
 * @param {number} [now]
 */
export function isExpired(expires, now = Date.now()) {
  const t = expiryTime(expires);
  return !Number.isNaN(t) && t <= now;
}

/** @param {"sessionStorage"|"localStorage"} name */
function store(name) {
  try {
    return window[name];
  } catch {
    return null;  // storage forbidden by the browser's settings
  }
}

/**
 * @param {string | null} raw
 * @returns {Session | null}
 */
function parse(raw) {
  if (!raw) return null;
  try {
    const s = JSON.parse(raw);
    if (!s || typeof s.token !== "string" || !isToken(s.token) || typeof s.login !== "string" ||
        typeof s.api !== "string") return null;
    return {token: s.token, login: s.login, api: s.api,
      expires: typeof s.expires === "string" ? s.expires : "", remember: !!s.remember};
  } catch {
    return null;
  }
}

/**
 * The kept sign-in for `api`, if any. One that has expired, or was made for another API address,
 * is erased; `dropped` then says why ("expired" with the expiry, or "other").
 * @param {string} api
 * @returns {{session: Session | null, dropped: "" | "expired" | "other", expires: string}}
 */
export function loadSession(api) {
  for (const name of /** @type {const} */ (["sessionStorage", "localStorage"])) {
    const s = store(name);
    const raw = s ? s.getItem(KEY) : null;
    if (!raw) continue;
    const session = parse(raw);
    if (!session || session.api !== api) {
      signOut();
      return {session: null, dropped: "other", expires: ""};
    }
    if (isExpired(session.expires)) {
      signOut();
      return {session: null, dropped: "expired", expires: expiryDate(session.expires)};
    }
    return {session, dropped: "", expires: session.expires};
  }
  return {session: null, dropped: "", expires: ""};
}

/**
 * Keep `session`: in localStorage when `remember`, otherwise in sessionStorage; the other store
 * is cleared. Returns false when the browser refuses to store anything.
 * @param {Session} session
 * @returns {boolean}
 */
export function saveSession(session) {
  const keep = store(session.remember ? "localStorage" : "sessionStorage");
  const other = store(session.remember ? "sessionStorage" : "localStorage");
  try {
    if (other) other.removeItem(KEY);
    if (!keep) return false;
    keep.setItem(KEY, JSON.stringify({
      token: session.token, login: session.login, api: session.api,
      expires: session.expires, remember: session.remember,
    }));
    return true;
  } catch {
    return false;
  }
}

/** 退出登录: the token is erased from both stores. */
export function signOut() {
  for (const name of /** @type {const} */ (["sessionStorage", "localStorage"])) {
    const s = store(name);
    try {
      if (s) s.removeItem(KEY);
    } catch {
      // nothing kept there
    }
  }
}
