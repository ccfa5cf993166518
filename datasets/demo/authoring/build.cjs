// Builds datasets/demo/{corpus,qa}.jsonl from docs/*.md, tmpl/*.md (versioned near-duplicates) and questions.txt.
// Usage: node datasets/demo/authoring/build.cjs && node datasets/demo/authoring/verify.cjs
const fs = require('fs');
const path = require('path');
const ROOT = __dirname;
const OUT = path.join(__dirname, '..');

const docs = [];
const groups = []; // near-duplicate groups
function addDoc(id, title, text) {
  if (docs.find((d) => d.id === id)) throw new Error('dup id ' + id);
  docs.push({ id, title, text: text.replace(/\s+$/, '') + '\n' });
}

for (const f of fs.readdirSync(path.join(ROOT, 'docs')).sort()) {
  if (!f.endsWith('.md')) continue;
  const raw = fs.readFileSync(path.join(ROOT, 'docs', f), 'utf8');
  const m = raw.match(/^@title (.*)\n+/);
  if (!m) throw new Error('no title in ' + f);
  addDoc(f.replace(/\.md$/, ''), m[1].trim(), raw.slice(m[0].length));
}

for (const f of fs.readdirSync(path.join(ROOT, 'tmpl')).sort()) {
  if (!f.endsWith('.md')) continue;
  const raw = fs.readFileSync(path.join(ROOT, 'tmpl', f), 'utf8');
  const lines = raw.split('\n');
  let variants = null;
  const ids = {}, titles = {};
  let i = 0;
  for (; i < lines.length && lines[i].startsWith('@'); i++) {
    const [kw, ...rest] = lines[i].split(' ');
    if (kw === '@variants') variants = rest;
    else if (kw === '@id') ids[rest[0]] = rest[1];
    else if (kw === '@title') titles[rest[0]] = rest.slice(1).join(' ');
  }
  let body = lines.slice(i).join('\n').replace(/^\n+/, '');
  const gid = [];
  variants.forEach((v, vi) => {
    let t = body;
    // block conditionals: [[v2,v3]] ... [[/]] on their own lines
    t = t.replace(/^\[\[([^\]\/][^\]]*)\]\]\n([\s\S]*?)^\[\[\/\]\]\n/gm, (_, names, inner) =>
      names.split(',').map((s) => s.trim()).includes(v) ? inner : '');
    // inline alternatives {{a ~ b ~ c}}
    t = t.replace(/\{\{((?:(?!\}\}).)*?)\}\}/gs, (whole, inner) => {
      const parts = inner.split(' ~ ');
      if (parts.length !== variants.length) throw new Error(`${f}: bad alt ${whole}`);
      return parts[vi];
    });
    if (/\[\[|\{\{/.test(t)) throw new Error(`${f}/${v}: leftover template syntax`);
    addDoc(ids[v], titles[v], t);
    gid.push(ids[v]);
  });
  groups.push(gid);
}

docs.sort((a, b) => a.id.localeCompare(b.id));
const byId = new Map(docs.map((d) => [d.id, d]));

// questions
const qraw = fs.readFileSync(path.join(ROOT, 'questions.txt'), 'utf8');
let curType = null;
const qs = [];
const problems = [];
for (const block of qraw.split(/\n\s*\n/)) {
  const ls = block.split('\n').filter((l) => l.trim() && !l.startsWith('//'));
  if (!ls.length) continue;
  let q = null;
  for (const l of ls) {
    const t = l.match(/^=== (\w+)/);
    if (t) { curType = t[1]; continue; }
    const m = l.match(/^([QAE]): ?(.*)$/);
    if (!m) { problems.push('bad line: ' + l); continue; }
    q = q || { type: curType, ev: [] };
    if (m[1] === 'Q') q.question = m[2].trim();
    else if (m[1] === 'A') q.answers = m[2].split(' || ').map((s) => s.trim());
    else {
      const k = m[2].indexOf(' :: ');
      q.ev.push({ doc: m[2].slice(0, k).trim(), text: m[2].slice(k + 4).replace(/\\n/g, '\n') });
    }
  }
  if (q) qs.push(q);
}
const out = [];
qs.forEach((q, n) => {
  const id = 'q' + String(n + 1).padStart(3, '0');
  if (!q.question || !q.answers || !q.ev.length) { problems.push(id + ' incomplete ' + JSON.stringify(q)); return; }
  const spans = [];
  const gold = [];
  for (const e of q.ev) {
    const d = byId.get(e.doc);
    if (!d) { problems.push(`${id}: unknown doc ${e.doc}`); continue; }
    const s = d.text.indexOf(e.text);
    if (s < 0) { problems.push(`${id}: evidence not found in ${e.doc}: ${e.text}`); continue; }
    if (d.text.indexOf(e.text, s + 1) >= 0) problems.push(`${id}: evidence occurs twice in ${e.doc} (using first)`);
    spans.push({ doc_id: e.doc, start: s, end: s + e.text.length });
    if (!gold.includes(e.doc)) gold.push(e.doc);
  }
  const a0 = q.answers[0];
  if (!q.ev.some((e) => e.text.includes(a0))) problems.push(`${id}: first answer "${a0}" not in any evidence`);
  if (q.type === 'multi_doc' && gold.length < 2) problems.push(`${id}: multi_doc with <2 docs`);
  if (q.type === 'deep') {
    const sp = spans[0];
    const d = byId.get(sp.doc_id);
    if (d.text.length < 6000 || sp.start < d.text.length / 2) problems.push(`${id}: deep but span at ${sp.start}/${d.text.length} in ${sp.doc_id}`);
  }
  out.push({ id, question: q.question, answers: q.answers, gold_doc_ids: gold, answer_spans: spans, type: q.type });
});

fs.mkdirSync(OUT, { recursive: true });
fs.writeFileSync(path.join(OUT, 'corpus.jsonl'), docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
fs.writeFileSync(path.join(OUT, 'qa.jsonl'), out.map((q) => JSON.stringify(q)).join('\n') + '\n');
fs.writeFileSync(path.join(ROOT, 'groups.json'), JSON.stringify(groups, null, 1));
console.log(`docs=${docs.length} questions=${out.length} groups=${groups.length}`);
const types = {};
out.forEach((q) => (types[q.type] = (types[q.type] || 0) + 1));
console.log(types);
if (problems.length) { console.log('PROBLEMS:\n' + problems.join('\n')); process.exitCode = 1; }
