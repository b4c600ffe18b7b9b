// @ts-check
/** Copying a text area's content while the click still counts as the user's action. */

/**
 * Select and copy synchronously.
 * @param {HTMLTextAreaElement} area
 * @returns {boolean} whether the browser copied
 */
export function copyNow(area) {
  // A text area in a closed 查看文件内容 section is shown first: a hidden one cannot be selected.
  const section = area.closest("details");
  if (section) section.open = true;
  area.focus();
  area.setSelectionRange(0, area.value.length);
  let done = false;
  try {
    done = document.execCommand("copy");
  } catch (e) {
    done = false;
  }
  return done;
}

/**
 * Copy with the Clipboard API where it is allowed, else by selection; say what happened.
 * @param {HTMLTextAreaElement} area
 * @param {HTMLElement} note
 */
export function copy(area, note) {
  const text = area.value;
  function fallback() {
    const ok = copyNow(area);
    note.textContent = ok ? "已复制到剪贴板。" : "无法自动复制：内容已选中，请按 Ctrl+C（手机上长按选择“复制”）。";
  }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(() => {
      note.textContent = "已复制到剪贴板。";
    }, fallback);
  } else {
    fallback();
  }
}
