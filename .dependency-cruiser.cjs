/**
 * Import rules for src/, checked in CI by `npm run check:imports`.
 *
 * 1. No module-level import cycles (error), type-only ones included: a cycle closed by
 *    `import type` cannot leave a module half-initialised, but it still ties modules together.
 * 2. No folder-level cycles between the top-level folders of src/. dependency-cruiser has no rule
 *    for that, so the folders are put in layers and a folder may import only folders in layers
 *    *below* its own (never a sibling in the same layer, never a layer above). Layers were derived
 *    from the folder graph of commit 095df67 (longest import path down to a folder that imports no
 *    other folder), so today's tree passes; `npm run graph:folders` prints the graph.
 *
 *    Layer order, bottom (imports no folder) to top:
 *       -  src/*.ts root files but index.ts (errors, package-root): import no folder
 *       0  accounting, sqlite (issue 14: shared SQLite opening), stats, text
 *       1  cache, json, names
 *       2  data, llm, space
 *       3  chunking
 *       4  metrics
 *       5  providers, store
 *       6  project (issue 15: project file, LangChain.js components), retrieval, workspace
 *       7  pipeline
 *       8  langchain-export, maintenance, optimize, qa-generation
 *       9  export, regression
 *      10  report
 *      11  chat
 *      12  api (the library's composition layer, issue 14)
 *      13  cli
 *      14  src/index.ts (the package surface: may import any folder but cli)
 *
 *    A new folder must be added to a layer here, or the `unlayered-folder` rule fails. To move a
 *    folder up or down, check the folders it imports and is imported by: the order must stay a
 *    strict ranking of the import graph.
 * 3. src/ never imports bench/ or tests/ (the package ships dist/src only).
 */

/** Each entry is one layer of top-level src/ folders, bottom first. */
const LAYERS = [
  ['accounting', 'sqlite', 'stats', 'text'],
  ['cache', 'json', 'names'],
  ['data', 'llm', 'space'],
  ['chunking'],
  ['metrics'],
  ['providers', 'store'],
  ['project', 'retrieval', 'workspace'],
  ['pipeline'],
  ['langchain-export', 'maintenance', 'optimize', 'qa-generation'],
  ['export', 'regression'],
  ['report'],
  ['chat'],
  ['api'],
  ['cli'],
];

const FOLDERS = LAYERS.flat();
const anyOf = (folders) => `^src/(${folders.join('|')})/`;
const ROOT_FILES = '^src/(?!index\\.ts$)[^/]+$';
const INDEX = '^src/index\\.ts$';

/**
 * One rule per layer: its modules may not import a module of the same or a higher layer, other
 * than one in their own folder ($1 is the importing folder, captured by `from.path`).
 */
const layerRules = LAYERS.map((layer, index) => ({
  name: `layer-${index}-imports-up`,
  comment: `${layer.join(', ')} (layer ${index}) may import only lower layers: see the list at the top of .dependency-cruiser.cjs.`,
  severity: 'error',
  from: { path: anyOf(layer) },
  to: { path: `${anyOf(LAYERS.slice(index).flat())}|${INDEX}`, pathNot: '^src/$1/' },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A module may not import itself through a chain of imports that exist at run time.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-circular-type-only',
      comment:
        'A cycle closed only by `import type` is erased at run time, but it still ties the modules together (none is left since issue 14, so it fails like the others).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'root-file-imports-folder',
      comment: 'src/*.ts root files (errors, package-root) are the bottom layer: they import no src/ folder.',
      severity: 'error',
      from: { path: ROOT_FILES },
      to: { path: `^src/[^/]+/|${INDEX}` },
    },
    ...layerRules,
    {
      name: 'index-imports-cli',
      comment: 'src/index.ts is the library surface: it sits above every folder except cli, which is the program.',
      severity: 'error',
      from: { path: INDEX },
      to: { path: '^src/cli/' },
    },
    {
      name: 'unlayered-folder',
      comment: 'Every top-level folder of src/ must be listed in a layer of .dependency-cruiser.cjs.',
      severity: 'error',
      from: { path: '^src/[^/]+/', pathNot: anyOf(FOLDERS) },
      to: {},
    },
    {
      name: 'src-imports-bench-or-tests',
      comment: 'The package ships dist/src only: src/ may not import bench/ or tests/.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(bench|tests)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    // Type-only imports are part of the graph: they tie folders together as much as value imports.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
