import { standardNormal } from '../src/stats/gaussian-random.js';
import { mulberry32 } from '../src/stats/seeded-random.js';

/**
 * A results table of the same kind as published RAG grids (five parameters, 162 configurations,
 * a Dev and a Test task), generated so `npm run bench` can compare proposers without any external
 * file. The score has the structure such grids show: one text-valued "model" parameter with large
 * effects, a second text parameter with medium ones, smaller numeric effects, a few pairwise
 * interactions and per-task noise; Dev and Test share the structure, not the noise.
 *
 * It is a stand-in for the machinery, not evidence of real-world ranking: that comes from real
 * tables passed with --table.
 */
export function syntheticGridCsv(seed: number): string {
  const random = mulberry32(seed);
  const gaussian = () => standardNormal(random);
  const levels = {
    Model: ['model-a', 'model-b', 'model-c'],
    Embedder: ['emb-x', 'emb-y', 'emb-z'],
    'Chunk Size': ['256', '384', '512'],
    Overlap: ['0', '0.25'],
    'Top K': ['3', '5', '10'],
  };
  const effect = (scale: number, n: number) => Array.from({ length: n }, () => scale * gaussian());
  const main = {
    Model: effect(0.12, 3),
    Embedder: effect(0.05, 3),
    'Chunk Size': effect(0.02, 3),
    Overlap: effect(0.01, 2),
    'Top K': effect(0.02, 3),
  };
  const modelByEmbedder = Array.from({ length: 3 }, () => effect(0.03, 3));
  const chunkByTopK = Array.from({ length: 3 }, () => effect(0.015, 3));
  const lines = ['Task,Model,Embedder,Chunk Size,Overlap,Top K,Score'];
  for (const task of ['Dev', 'Test']) {
    for (let m = 0; m < 3; m++)
      for (let e = 0; e < 3; e++)
        for (let c = 0; c < 3; c++)
          for (let o = 0; o < 2; o++)
            for (let k = 0; k < 3; k++) {
              const score =
                0.5 +
                main.Model[m] +
                main.Embedder[e] +
                main['Chunk Size'][c] +
                main.Overlap[o] +
                main['Top K'][k] +
                modelByEmbedder[m][e] +
                chunkByTopK[c][k] +
                0.02 * gaussian();
              lines.push(
                [
                  task,
                  levels.Model[m],
                  levels.Embedder[e],
                  levels['Chunk Size'][c],
                  levels.Overlap[o],
                  levels['Top K'][k],
                  score.toFixed(4),
                ].join(','),
              );
            }
  }
  return lines.join('\n') + '\n';
}
