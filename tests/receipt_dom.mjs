// renderReceipt (docs/javascripts/shared/receipt.js) in Node with a small stand-in for the
// page's document, for tests/test_receipt.py. Reads {spec, cases: [{path, before, after,
// old_path}]} and prints, per case, {texts: every element's own text in order, images: the
// thumbnails' data-path, html_free: no markup was ever set}.
import { readFileSync } from "node:fs";

const here = new URL(".", import.meta.url);
const { receipt, renderReceipt } = await import(new URL("../docs/javascripts/shared/receipt.js", here).href);
const input = JSON.parse(readFileSync(process.argv[2], "utf-8"));

let markup = false;
class Element {
  constructor(tag) {
    this.tagName = tag.toUpperCase();
    this.childNodes = [];
    this.dataset = {};
    this.className = "";
    this.alt = "";
    this.text = "";
  }
  set textContent(value) { this.text = String(value); }
  get textContent() { return this.text + this.childNodes.map((c) => c.textContent).join(""); }
  set innerHTML(_) { markup = true; }
  insertAdjacentHTML() { markup = true; }
  appendChild(child) { this.childNodes.push(child); return child; }
  removeChild(child) { this.childNodes = this.childNodes.filter((c) => c !== child); return child; }
}
const doc = {
  createElement: (tag) => new Element(tag),
  createDocumentFragment: () => new Element("#fragment"),
};

const out = [];
for (const c of input.cases) {
  markup = false;
  const r = receipt(c.path, c.before, c.after, input.spec, { oldPath: c.old_path || null });
  const frag = renderReceipt(r, doc);
  const texts = [], images = [];
  const walk = (el) => {
    if (el.text) texts.push(el.text);
    if (el.tagName === "IMG") images.push(el.dataset.path);
    el.childNodes.forEach(walk);
  };
  walk(frag);
  out.push({ texts, images, html_free: !markup });
}
process.stdout.write(JSON.stringify(out));
