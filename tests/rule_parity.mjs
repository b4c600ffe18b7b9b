// The browser's rules (docs/javascripts/shared/rules.js) over a whole corpus in one Node process,
// for tests/test_rule_parity.py. Reads the JSON file named by the first argument:
//   {spec, cases: [{id, data, body, slug}], patterns: [{name, source, flags, mode, texts}],
//    fields: [{id, path, value, data}], totals: [{id, scores, criteria}]}
// and prints {codes, cases: {id: Diagnostic[]}, fields: {id: Diagnostic[]},
// patterns: {name: [result per text]}, totals: {id: string | null}}
// where a pattern's result is, in code points, every match's [start, end, groups] ("finditer")
// or the match at the start of the text ("match"), as Python reports them.
import { readFileSync } from "node:fs";

const here = new URL(".", import.meta.url);
const rules = await import(new URL("../docs/javascripts/shared/rules.js", here).href);
const input = JSON.parse(readFileSync(process.argv[2], "utf-8"));

const astral = /[\ud800-\udfff]/;
const cp = (text, index) => (astral.test(text) ? Array.from(text.slice(0, index)).length : index);
const groups = (text, m) =>
  m.slice(1).map((g) => (g === undefined ? null : g));

const out = { codes: rules.CODES, cases: {}, patterns: {}, totals: {} };
for (const c of input.cases) {
  out.cases[c.id] = rules.checkProject(input.spec, c.data, c.body, { slug: c.slug });
}
out.fields = {};
for (const f of input.fields || []) {
  out.fields[f.id] = rules.checkField(input.spec, f.path, f.value, f.data);
}
for (const t of input.totals || []) {
  out.totals[t.id] = rules.acceptanceTotal(t.scores, t.criteria);
}
for (const p of input.patterns) {
  const results = [];
  for (const text of p.texts) {
    if (p.mode === "match") {
      const re = rules.compile(p, "y");
      const m = re.exec(text);
      results.push(m ? [cp(text, m.index), cp(text, m.index + m[0].length), groups(text, m)] : null);
    } else {
      const re = rules.compile(p, "g");
      results.push(
        Array.from(text.matchAll(re), (m) => [cp(text, m.index), cp(text, m.index + m[0].length), groups(text, m)]),
      );
    }
  }
  out.patterns[p.name] = results;
}
process.stdout.write(JSON.stringify(out));
