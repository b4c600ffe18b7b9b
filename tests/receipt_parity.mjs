// The browser's change receipt (docs/javascripts/shared/receipt.js) over a whole corpus in one
// Node process, for tests/test_receipt_parity.py. Reads the JSON file named by the first argument:
//   {spec, cases: [{id, path, before, after, old_path}], limit}
// and prints {id: {text, receipt}} (the receipt's text and its structure) and, under "*all*",
// every receipt's text joined as `check` prints them, whole and cut at `limit` characters.
import { readFileSync } from "node:fs";

const here = new URL(".", import.meta.url);
const { receipt, receiptText, receiptsText } = await import(new URL("../docs/javascripts/shared/receipt.js", here).href);
const input = JSON.parse(readFileSync(process.argv[2], "utf-8"));

const out = {};
const all = [];
for (const c of input.cases) {
  const r = receipt(c.path, c.before, c.after, input.spec, { oldPath: c.old_path });
  out[c.id] = { text: receiptText(r), receipt: r };
  all.push(r);
}
// The whole corpus as one pull request, whole and cut (`limit`, when given).
out["*all*"] = { text: receiptsText(all), cut: receiptsText(all, input.limit ?? null) };
process.stdout.write(JSON.stringify(out));
