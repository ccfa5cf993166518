// Prints the folder-level import graph of src/ from dependency-cruiser's JSON on stdin:
//   npm run --silent graph:folders
// One line per top-level folder: "folder -> target(number of module-to-module imports) ...";
// "(root)" is the src/*.ts files. The layer rules in .dependency-cruiser.cjs are derived from it.
import { readFileSync } from 'node:fs';

const cruise = JSON.parse(readFileSync(0, 'utf8'));

/** Top-level folder of a src/ path, "(root)" for src/*.ts, undefined outside src/. */
function folderOf(path) {
  const parts = path.split('/');
  if (parts[0] !== 'src') return undefined;
  return parts.length > 2 ? parts[1] : '(root)';
}

const edges = new Map();
for (const module of cruise.modules) {
  const from = folderOf(module.source);
  if (from === undefined) continue;
  if (!edges.has(from)) edges.set(from, new Map());
  for (const dependency of module.dependencies) {
    const to = folderOf(dependency.resolved);
    if (to === undefined || to === from) continue;
    const targets = edges.get(from);
    targets.set(to, (targets.get(to) ?? 0) + 1);
  }
}

for (const folder of [...edges.keys()].sort()) {
  const targets = [...edges.get(folder)].sort(([a], [b]) => a.localeCompare(b));
  console.log(`${folder} -> ${targets.map(([to, count]) => `${to}(${count})`).join(' ')}`.trimEnd());
}
const violations = cruise.summary.violations.length;
console.log(
  violations === 0 ? 'import rules: no violations' : `import rules: ${violations} violations (npm run check:imports)`,
);
