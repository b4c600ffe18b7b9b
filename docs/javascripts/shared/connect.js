// @ts-check
/**
 * The signed-in person's GitHub client for this page, from the kept sign-in (session.js) and the
 * repository and API address the page embeds (spec.api, spec.owner, spec.repo); null when nobody
 * is signed in here (the page then works as before, without GitHub's API).
 */

import {createClient} from "./github.js";
import {loadSession} from "./session.js";

/**
 * @param {any} spec
 * @returns {{client: import("./github.js").Client, login: string} | null}
 */
export function connect(spec) {
  if (!spec || !spec.api || !spec.owner || !spec.repo) return null;
  const {session} = loadSession(spec.api);
  if (!session) return null;
  return {
    client: createClient({api: spec.api, owner: spec.owner, repo: spec.repo, token: session.token}),
    login: session.login,
  };
}
