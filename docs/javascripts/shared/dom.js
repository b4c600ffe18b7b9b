// @ts-check
/** Element look-ups the pages share. Text from users or data is only ever set as textContent. */

/**
 * @param {string} id
 * @returns {any} the element (typed loosely: inputs, selects and text areas alike)
 */
export function $(id) {
  return document.getElementById(id);
}

/**
 * The trimmed value of a control, line breaks as the file stores them.
 * @param {string} id
 * @returns {string}
 */
export function value(id) {
  const el = $(id);
  return el ? el.value.replace(/\r\n?/g, "\n").trim() : "";
}

/**
 * An option element.
 * @param {string} val
 * @param {string} text
 * @returns {HTMLOptionElement}
 */
export function option(val, text) {
  const el = document.createElement("option");
  el.value = val;
  el.textContent = text;
  return el;
}

/**
 * Remove every child of `el`.
 * @param {Element} el
 */
export function empty(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/**
 * A labelled text input for a row (an expense, a reviewer's scores).
 * @param {string} name
 * @param {string} caption
 * @param {string} key the field whose message the row shares (data-key)
 * @param {{placeholder?: string, inputMode?: string, className?: string}} [options]
 * @returns {HTMLLabelElement}
 */
export function rowInput(name, caption, key, options) {
  const o = options || {};
  const label = document.createElement("label");
  if (o.className) label.className = o.className;
  const span = document.createElement("span");
  span.textContent = caption;
  const input = document.createElement("input");
  input.type = "text";
  input.name = name;
  input.dataset.key = key;
  if (o.placeholder) input.placeholder = o.placeholder;
  if (o.inputMode) input.inputMode = o.inputMode;
  label.appendChild(span);
  label.appendChild(input);
  return label;
}

/**
 * A paragraph with a class, for a row's sum or message.
 * @param {string} className
 * @returns {HTMLParagraphElement}
 */
export function para(className) {
  const p = document.createElement("p");
  p.className = className;
  if (className === "sb-msg") p.setAttribute("aria-live", "polite");
  return p;
}

/**
 * A calendar beside a date box (`<input type="date">`): a day picked there is written into the box
 * as YYYY-MM-DD (an input event, as if typed); a day typed in the box (any way values.date
 * understands) shows in the calendar. Typing keeps working: the box stays the field.
 * @param {HTMLInputElement} box
 * @param {(typed: string) => string|undefined} read how the box's text is read (values.date)
 * @returns {HTMLInputElement} the calendar
 */
export function datePicker(box, read) {
  const wrap = document.createElement("span");
  wrap.className = "sb-date";
  box.parentNode.insertBefore(wrap, box);
  wrap.appendChild(box);
  const picker = document.createElement("input");
  picker.type = "date";
  picker.className = "sb-picker";
  picker.tabIndex = 0;
  const label = box.id ? document.querySelector('label[for="' + box.id + '"]') : null;
  const caption = label && label.firstChild ? label.firstChild.textContent : "日期";
  picker.setAttribute("aria-label", "从日历中选择" + caption);
  // Its own id (keyboard and tests name it), and the same help and message as its box.
  if (box.id) picker.id = box.id + "-calendar";
  const described = box.getAttribute("aria-describedby");
  if (described) picker.setAttribute("aria-describedby", described);
  wrap.appendChild(picker);
  const sync = () => {
    const day = read(box.value);
    picker.value = day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : "";
  };
  picker.addEventListener("input", (event) => {
    event.stopPropagation();
    if (!picker.value) return;
    box.value = picker.value;
    box.dispatchEvent(new Event("input", {bubbles: true}));
  });
  picker.addEventListener("change", (event) => event.stopPropagation());
  box.addEventListener("input", sync);
  sync();
  return picker;
}

/**
 * Show under a box how what was typed is read (已识别为 2026-05-08), or nothing.
 * @param {HTMLElement} box
 * @param {string} text
 */
export function shownBack(box, text) {
  const after = box.parentElement && box.parentElement.classList.contains("sb-date") ? box.parentElement : box;
  let note = /** @type {HTMLElement|null} */ (after.nextElementSibling);
  if (!note || !note.classList.contains("sb-understood")) {
    if (!text) return;
    note = document.createElement("span");
    note.className = "sb-understood";
    note.setAttribute("aria-live", "polite");
    after.parentNode.insertBefore(note, after.nextSibling);
  }
  note.textContent = text;
}

let described = 0;

/**
 * Tie a row's inputs to its message: each input is described by it (aria-describedby).
 * @param {HTMLElement} row holding the inputs and a `.sb-msg`
 */
export function describeRow(row) {
  const msg = /** @type {HTMLElement|null} */ (row.querySelector(".sb-msg"));
  if (!msg) return;
  if (!msg.id) msg.id = "sb-row-msg-" + ++described;
  row.querySelectorAll("input, select, textarea").forEach((el) => el.setAttribute("aria-describedby", msg.id));
}

/**
 * Mark a row's inputs invalid (aria-invalid) while its message shows an error, or clear them.
 * @param {HTMLElement} row
 * @param {boolean} invalid
 */
export function markRow(row, invalid) {
  row.querySelectorAll("input, select, textarea").forEach((el) => {
    if (invalid) el.setAttribute("aria-invalid", "true");
    else el.removeAttribute("aria-invalid");
  });
}
