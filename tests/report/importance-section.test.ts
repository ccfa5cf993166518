import { describe, expect, it } from 'vitest';
import { makeStudySettings } from '../../src/optimize/study-settings.js';
import { Study } from '../../src/optimize/study.js';
import { formatStudy } from '../../src/report/format-study.js';
import { buildReportData } from '../../src/report/html/report-data.js';
import { renderReport } from '../../src/report/html/render-report.js';
import { studyJson, summarizeStudy } from '../../src/optimize/study-summary.js';
import { MemoryStudyStore } from '../../src/store/memory-study-store.js';

const HOSTILE = '<script>window.__pwned = 1</script>';

/** A 4 x 4 grid over top_k and generator whose quality is additive: top_k carries 80% of the variance. */
function gridStudy(): Study {
  const store = new MemoryStudyStore();
  const study = Study.create({
    store,
    name: 'grid',
    settings: makeStudySettings({
      dataset: { name: 'synthetic', source: '/nonexistent', fingerprint: 'f', documents: 1 },
      questionCount: 4,
      space: {},
      spaceHash: 'h',
      objectives: [
        { name: 'quality', metric: 'f1', direction: 'max' },
        { name: 'cost', metric: 'cost_usd_per_query', direction: 'min' },
      ],
      weights: { quality: 1 },
      constraints: [],
      seed: 1,
      budget: 16,
      proposer: 'grid',
      rungs: [4],
      eta: 3,
      baseline: {},
      versions: {},
    }),
  });
  const generators = ['a', 'b', HOSTILE, 'd'];
  const proposals = [1, 2, 3, 4].flatMap((k) =>
    generators.map((generator) => ({ config: { top_k: k, generator }, rationale: `grid point ${HOSTILE}` })),
  );
  study.enqueue({ proposer: 'grid', proposals });
  for (const { config } of proposals) {
    const trial = study.ask('w')!;
    const quality =
      3 +
      [-2, -1, 1, 2][(config.top_k as number) - 1] +
      [-1, -0.5, 0.5, 1][generators.indexOf(config.generator as string)];
    const metrics = { f1: quality, cost_usd_per_query: 0, questions: 4 };
    study.tellRung({
      trialId: trial.id,
      rung: { rung: 0, questions: 4, metrics, objectives: { quality, cost: 0 } },
      questions: [],
    });
    study.finish({ trialId: trial.id, state: 'complete', objectives: null, metrics: null });
  }
  return study;
}

describe('parameter importance in the summary, --json, show and the report', () => {
  it('explains the best against its rivals and tables the shares everywhere', () => {
    const summary = summarizeStudy(gridStudy());
    expect(summary.best?.number).toBe(15); // top_k 4, generator d
    expect(summary.why).toBe(
      'won on quality (+0.500 vs runner-up #14, which differs in generator d→<script>window.__pwned = 1</script>); ' +
        'won on quality (+1.000 vs #11, which differs in top_k 4→3); top_k explains 50% of the score variance (16 trials)',
    );
    const json = studyJson(summary) as { importance: Record<string, unknown>; best: Record<string, unknown> };
    expect(json.importance).toEqual({
      score: [
        { parameter: 'top_k', importance: 0.8081, explained: 0.502 },
        { parameter: 'generator', importance: 0.1919, explained: 0.1192 },
      ],
      quality: [
        { parameter: 'top_k', importance: 0.8081, explained: 0.502 },
        { parameter: 'generator', importance: 0.1919, explained: 0.1192 },
      ],
      cost: [],
      trials: 16,
      // Beyond chance: the 4% residual noise, spread by shuffles over 4-level factors, is taken away.
      r_squared: { score: 0.9318, quality: 0.9318, cost: 0 },
    });
    expect(json.best.why).toBe(summary.why);
    expect(json.best.proposed_because).toBe(`grid point ${HOSTILE}`);

    const text = formatStudy(summary);
    expect(text).toContain(`Best: #15 (grid) — ${summary.why}`);
    expect(text).toContain(`  proposed because: grid point ${HOSTILE}`);
    expect(text).toMatch(/Parameter importance .*16 trials/);
    expect(text).toMatch(/│ top_k\s+│ 80\.8%\s+│ 80\.8%\s+│ —\s+│/);
    expect(text).toMatch(/│ generator\s+│ 19\.2%\s+│ 19\.2%\s+│ —\s+│/);

    const page = renderReport(buildReportData({ study: gridStudy(), datasetNote: 'gone' }));
    expect(page).not.toContain(HOSTILE);
    const section = page.split('<section id="importance">')[1].split('</section>')[0];
    expect(section).toContain(
      '<b>Why #15 won:</b> won on quality (+0.500 vs runner-up #14, which differs in generator d→&lt;script&gt;',
    );
    expect(section.match(/<tr data-parameter="([^"]+)">/g)).toEqual([
      '<tr data-parameter="top_k">',
      '<tr data-parameter="generator">',
    ]);
    expect(section.match(/data-target="score">([0-9.]+%)/g)).toEqual([
      'data-target="score">80.8%',
      'data-target="score">19.2%',
    ]);
  });
});
