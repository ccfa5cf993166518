// Independent verification of datasets/demo (reads only the output files).
const fs = require('fs');
const DIR = process.argv[2] || require('path').join(__dirname, '..');
const errors = [];
const warn = [];

function readJsonl(file) {
  const lines = fs.readFileSync(`${DIR}/${file}`, 'utf8').split('\n');
  const out = [];
  lines.forEach((l, i) => {
    if (!l.trim()) { if (i !== lines.length - 1) errors.push(`${file}:${i + 1} blank line`); return; }
    try { out.push(JSON.parse(l)); } catch (e) { errors.push(`${file}:${i + 1} invalid JSON: ${e.message}`); }
  });
  return out;
}

const docs = readJsonl('corpus.jsonl');
const qa = readJsonl('qa.jsonl');

// --- docs
const byId = new Map();
for (const d of docs) {
  if (typeof d.id !== 'string' || !d.id) errors.push('doc without id');
  if (typeof d.title !== 'string' || !d.title) errors.push(`doc ${d.id}: missing title`);
  if (typeof d.text !== 'string' || !d.text) errors.push(`doc ${d.id}: missing text`);
  const extra = Object.keys(d).filter((k) => !['id', 'title', 'text'].includes(k));
  if (extra.length) errors.push(`doc ${d.id}: extra keys ${extra}`);
  if (byId.has(d.id)) errors.push(`duplicate doc id ${d.id}`);
  byId.set(d.id, d);
}

// --- questions
const TYPES = ['factoid', 'howto', 'numeric', 'multi_doc', 'deep'];
const qids = new Set();
const typeCount = {};
const ambiguous = [];
let spanCount = 0;
for (const q of qa) {
  const keys = ['id', 'question', 'answers', 'gold_doc_ids', 'answer_spans', 'type'];
  const extra = Object.keys(q).filter((k) => !keys.includes(k));
  if (extra.length) errors.push(`${q.id}: extra keys ${extra}`);
  if (!/^q\d{3}$/.test(q.id)) errors.push(`bad question id ${q.id}`);
  if (qids.has(q.id)) errors.push(`duplicate question id ${q.id}`);
  qids.add(q.id);
  if (typeof q.question !== 'string' || !q.question.trim()) errors.push(`${q.id}: empty question`);
  if (!TYPES.includes(q.type)) errors.push(`${q.id}: bad type ${q.type}`);
  typeCount[q.type] = (typeCount[q.type] || 0) + 1;
  if (!Array.isArray(q.answers) || !q.answers.length || q.answers.some((a) => typeof a !== 'string' || !a.trim()))
    errors.push(`${q.id}: answers must be non-empty strings`);
  if (!Array.isArray(q.gold_doc_ids) || !q.gold_doc_ids.length) errors.push(`${q.id}: no gold docs`);
  if (new Set(q.gold_doc_ids).size !== q.gold_doc_ids.length) errors.push(`${q.id}: duplicate gold ids`);
  for (const g of q.gold_doc_ids) if (!byId.has(g)) errors.push(`${q.id}: unknown gold doc ${g}`);
  const a0 = q.answers[0];
  if (!q.gold_doc_ids.some((g) => byId.get(g)?.text.includes(a0)))
    errors.push(`${q.id}: first answer "${a0}" not verbatim in any gold doc`);
  // spans
  const spanDocs = new Set();
  let a0InSpan = false;
  for (const s of q.answer_spans || []) {
    spanCount++;
    const d = byId.get(s.doc_id);
    if (!d) { errors.push(`${q.id}: span on unknown doc ${s.doc_id}`); continue; }
    if (!q.gold_doc_ids.includes(s.doc_id)) errors.push(`${q.id}: span doc ${s.doc_id} not in gold_doc_ids`);
    if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < 0 || s.end > d.text.length || s.end <= s.start)
      errors.push(`${q.id}: bad span ${JSON.stringify(s)} (len ${d.text.length})`);
    const slice = d.text.slice(s.start, s.end);
    if (!slice.trim()) errors.push(`${q.id}: blank span`);
    if (slice.includes(a0)) a0InSpan = true;
    spanDocs.add(s.doc_id);
  }
  for (const g of q.gold_doc_ids) if (!spanDocs.has(g)) errors.push(`${q.id}: gold doc ${g} has no span`);
  if (!a0InSpan) errors.push(`${q.id}: first answer not inside any evidence span`);
  if (q.type === 'multi_doc' && q.gold_doc_ids.length < 2) errors.push(`${q.id}: multi_doc with one gold doc`);
  if (q.type === 'deep') {
    const s = q.answer_spans[0];
    const d = byId.get(s.doc_id);
    if (d.text.length < 6000 || s.start < d.text.length / 2)
      errors.push(`${q.id}: deep span not in second half of a long doc (${s.start}/${d.text.length})`);
  }
  // ambiguity: in how many docs does the first answer occur verbatim?
  const n = docs.filter((d) => d.text.includes(a0)).length;
  if (n > 5) ambiguous.push(`${q.id} [${q.type}] "${a0}" occurs in ${n} docs`);
}

// --- length distribution
const lens = docs.map((d) => d.text.length).sort((a, b) => a - b);
const median = lens.length % 2 ? lens[(lens.length - 1) / 2] : (lens[lens.length / 2 - 1] + lens[lens.length / 2]) / 2;
const bucket = { 'short (<500)': 0, 'medium (500-3000)': 0, '3000-6000': 0, 'long (>6000)': 0 };
for (const l of lens) {
  if (l < 500) bucket['short (<500)']++;
  else if (l <= 3000) bucket['medium (500-3000)']++;
  else if (l <= 6000) bucket['3000-6000']++;
  else bucket['long (>6000)']++;
}

// --- near-duplicate groups (word 5-gram shingle Jaccard >= 0.5), union-find
function shingles(t) {
  const w = t.toLowerCase().split(/\s+/).filter(Boolean);
  const s = new Set();
  for (let i = 0; i + 5 <= w.length; i++) s.add(w.slice(i, i + 5).join(' '));
  return s;
}
const sh = docs.map((d) => shingles(d.text));
const parent = docs.map((_, i) => i);
const find = (i) => (parent[i] === i ? i : (parent[i] = find(parent[i])));
const pairs = [];
for (let i = 0; i < docs.length; i++)
  for (let j = i + 1; j < docs.length; j++) {
    let inter = 0;
    for (const x of sh[i]) if (sh[j].has(x)) inter++;
    const jac = inter / (sh[i].size + sh[j].size - inter || 1);
    if (jac >= 0.5) { parent[find(i)] = find(j); pairs.push([docs[i].id, docs[j].id, jac.toFixed(2)]); }
  }
const groups = {};
docs.forEach((d, i) => { (groups[find(i)] = groups[find(i)] || []).push(d.id); });
const ndGroups = Object.values(groups).filter((g) => g.length > 1);

// --- version-named questions pointing into near-duplicate groups
const inGroup = new Set(ndGroups.flat());
const versionQs = qa.filter((q) => q.gold_doc_ids.some((g) => inGroup.has(g)));
const unnamed = versionQs.filter((q) => !/\b(2\.x|3\.x|v2|v3|API v[23]|3\.[0-2]|2\.[0-9])\b/.test(q.question)
  && !q.gold_doc_ids.filter((g) => inGroup.has(g)).every((g) => ndGroups.find((G) => G.includes(g)).every((x) => q.gold_doc_ids.includes(x))));

// --- report
console.log(`corpus.jsonl: ${docs.length} docs; qa.jsonl: ${qa.length} questions; ${spanCount} answer spans`);
console.log('questions by type:', JSON.stringify(typeCount));
console.log(`doc length chars: min ${lens[0]}, median ${median}, max ${lens[lens.length - 1]}; total ${lens.reduce((a, b) => a + b, 0)}`);
console.log('length buckets:', JSON.stringify(bucket));
console.log(`near-duplicate groups (5-gram Jaccard >= 0.5): ${ndGroups.length}`);
for (const g of ndGroups) console.log('  - ' + g.join(', '));
console.log(`questions whose gold docs are in a near-duplicate group: ${versionQs.length}; of these without a version in the question (and not listing every variant as gold): ${unnamed.length}`);
for (const q of unnamed) console.log(`  ! ${q.id}: ${q.question}`);
console.log(`ambiguity check (first answer verbatim in > 5 docs): ${ambiguous.length}`);
for (const a of ambiguous) console.log('  ~ ' + a);
console.log(`ERRORS: ${errors.length}`);
for (const e of errors) console.log('  x ' + e);
process.exitCode = errors.length ? 1 : 0;
