// @ts-check
/**
 * Addresses of GitHub's own pages for the repository (mkdocs.yml extra.repository): opened in a
 * new window only when the user asks. Nothing is sent from here; no token, no API call.
 */

/**
 * The edit page of `path` on the spec's branch.
 * @param {{repository: string, branch: string}} spec
 * @param {string} path
 * @returns {string}
 */
export function editUrl(spec, path) {
  return spec.repository + "/edit/" + spec.branch + "/" + path.split("/").map(encodeURIComponent).join("/");
}

/**
 * The new-file page with the file name filled in.
 * @param {{repository: string, branch: string}} spec
 * @param {string} path
 * @returns {string}
 */
export function newFileUrl(spec, path) {
  return spec.repository + "/new/" + spec.branch + "?filename=" + encodeURIComponent(path);
}

/** @param {string} url */
export function openPage(url) {
  window.open(url, "_blank", "noopener");
}

/** @param {HTMLElement} note */
export function noRepository(note) {
  note.textContent = "网站没有设置仓库地址（mkdocs.yml 中的 extra.repository），无法打开 GitHub。" +
    "请复制上面的内容，按“用网页编辑器提交”中的步骤在仓库中操作。";
}
