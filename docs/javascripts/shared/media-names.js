// @ts-check
/**
 * Names for the new files of a project's media folder (`projects/<year>/<slug>/`): never a name
 * the folder already holds, nor one that differs from it only in case or Unicode normalisation
 * (the check refuses those, PF119), so a file already there is never overwritten; a clash gets
 * the next free name (`handbook-2.pdf`, `photo-3.jpg`).
 */

/**
 * A name as the folder's clash rule compares it.
 * @param {string} name
 */
export function fold(name) {
  return name.normalize("NFC").toLowerCase();
}

/**
 * Whether a name with this stem (any extension) is taken.
 * @param {string} stem
 * @param {Set<string>} taken folded names
 */
export function stemTaken(stem, taken) {
  const s = fold(stem) + ".";
  for (const t of taken) if (t.startsWith(s) && !t.slice(s.length).includes(".")) return true;
  return false;
}

/**
 * `stem.ext`, else `stem-2.ext`, `stem-3.ext` ...: the first name not taken (it is added to
 * `taken`).
 * @param {string} stem
 * @param {string} ext
 * @param {Set<string>} taken folded names
 * @returns {string}
 */
export function freeName(stem, ext, taken) {
  for (let n = 1; ; n++) {
    const name = (n === 1 ? stem : stem + "-" + n) + "." + ext;
    if (!taken.has(fold(name))) {
      taken.add(fold(name));
      return name;
    }
  }
}

/**
 * The file names of each project folder in a recursive tree listing, by the project's path
 * (`projects/2026/x.md` -> ["photo-1.jpg", ...]).
 * @param {{path: string, type: string}[]} entries
 * @returns {Record<string, string[]>}
 */
export function foldersOf(entries) {
  /** @type {Record<string, string[]>} */
  const out = {};
  for (const e of entries) {
    const m = /^(projects\/[0-9]{4}\/[^/]+)\/([^/]+)$/.exec(e.path);
    if (!m || e.type !== "blob") continue;
    (out[m[1] + ".md"] = out[m[1] + ".md"] || []).push(m[2]);
  }
  return out;
}
