import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from './dataset-schema.js';
import { GenerationReportSchema } from './generation-report.js';

/**
 * What `datasets inspect` says about a generated QA set: the type mix and document coverage
 * from the qa lines' `provenance`, and the per-filter drop counts from the `generation.json`
 * beside them (null when that file is absent or not a generation report). Null for a dataset
 * none of whose questions has a generator provenance.
 */
export interface GenerationSummary {
  generators: string[];
  generatedQuestions: number;
  types: Record<string, number>;
  documentsCovered: number;
  documents: number;
  filters: { name: string; dropped: number; reason: string }[] | null;
}

export function generationSummary(options: { dataset: Dataset }): GenerationSummary | null {
  const { dataset } = options;
  const generated = dataset.questions.flatMap((q) => {
    const p = q.provenance as { generator?: unknown; type?: unknown; source?: { doc_id?: unknown } } | undefined;
    return p && typeof p.generator === 'string'
      ? [
          {
            generator: p.generator,
            type: String(p.type ?? q.type ?? 'unknown'),
            // A two-document question covers both of its documents, as the generation report counts them.
            docIds: [String(p.source?.doc_id ?? ''), ...(q.gold_doc_ids ?? [])].filter((id) => id !== ''),
          },
        ]
      : [];
  });
  if (generated.length === 0) return null;
  const types: Record<string, number> = {};
  for (const g of generated) types[g.type] = (types[g.type] ?? 0) + 1;
  return {
    generators: [...new Set(generated.map((g) => g.generator))].sort(),
    generatedQuestions: generated.length,
    types,
    documentsCovered: new Set(generated.flatMap((g) => g.docIds)).size,
    documents: dataset.docs.length,
    filters: readFilters(dataset.source),
  };
}

function readFilters(dir: string): GenerationSummary['filters'] {
  const path = join(dir, 'generation.json');
  if (!existsSync(path)) return null;
  try {
    const parsed = GenerationReportSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data.filters : null;
  } catch {
    return null;
  }
}
