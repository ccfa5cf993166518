import { describe, expect, it } from 'vitest';
import { makeStudySettings } from '../../src/optimize/study-settings.js';
import { Study } from '../../src/optimize/study.js';
import { bestSoFarSteps } from '../../src/report/html/best-so-far-chart.js';
import { parameterEffects } from '../../src/report/html/parameter-effects-chart.js';
import { buildReportData, parseChunkRef } from '../../src/report/html/report-data.js';
import { renderReport } from '../../src/report/html/render-report.js';
import { MemoryStudyStore } from '../../src/store/memory-study-store.js';

const HOSTILE = '<script>window.__pwned = 1</script>';

/** A study with four complete trials that spent money, one pruned trial and a steering action. */
function paidStudy(): Study {
  const store = new MemoryStudyStore();
  const study = Study.create({
    store,
    name: 'paid',
    settings: makeStudySettings({
      dataset: { name: 'gone', source: '/nonexistent/dataset', fingerprint: 'abc', documents: 3 },
      questionCount: 2,
      space: {},
      spaceHash: 'h',
      objectives: [
        { name: 'quality', metric: 'f1', direction: 'max' },
        { name: 'latency', metric: 'latency_p95_ms', direction: 'min' },
        { name: 'cost', metric: 'cost_usd_per_query', direction: 'min' },
      ],
      weights: { quality: 0.8, latency: 0.1, cost: 0.1 },
      constraints: [],
      seed: 1,
      budget: 5,
      proposer: 'llm',
      rungs: [2],
      eta: 3,
      baseline: {},
      versions: {},
    }),
  });
  const rows = [
    { k: 3, gen: 'gpt-a', q: 0.4, lat: 300, cost: 0.002 },
    { k: 5, gen: 'gpt-a', q: 0.6, lat: 500, cost: 0.003 },
    { k: 5, gen: 'gpt-b', q: 0.5, lat: 200, cost: 0.001 },
    { k: 8, gen: 'gpt-b', q: 0.7, lat: 900, cost: 0.004 },
    { k: 8, gen: 'gpt-a', q: 0.1, lat: 900, cost: 0.004, pruned: true },
  ];
  study.enqueue({
    proposer: 'llm',
    proposals: rows.map((r) => ({ config: { top_k: r.k, generator: r.gen }, rationale: `try k=${r.k} ${HOSTILE}` })),
  });
  for (const r of rows) {
    const trial = study.ask('w')!;
    const metrics = { f1: r.q, latency_p95_ms: r.lat, cost_usd_per_query: r.cost, questions: 2 };
    study.tellRung({
      trialId: trial.id,
      rung: { rung: 0, questions: 2, metrics, objectives: { quality: r.q, latency: r.lat, cost: r.cost } },
      questions: ['q1', 'q2'].map((id) => ({
        questionId: id,
        answer: `answer ${HOSTILE}`,
        retrieved: ['doc:a:0-10', 'doc-b:3-9'],
        latencyMs: r.lat,
        usage: { promptTokens: 10, completionTokens: 2, costUsd: r.cost },
        scores: {
          exact_match: 0,
          f1: r.q,
          containment: null,
          rouge_l: null,
          recall_at_k: 1,
          precision_at_k: 0.5,
          mrr: 1,
          ndcg_at_k: 1,
          hit_rate: 1,
          faithfulness: null,
        },
      })),
    });
    study.finish({ trialId: trial.id, state: r.pruned ? 'pruned' : 'complete', objectives: null, metrics: null });
  }
  store.addSteering({
    studyId: study.id,
    atTrial: 2,
    action: { exclude: { generator: [HOSTILE] } },
    message: `user said ${HOSTILE}`,
  });
  return study;
}

describe('report data and rendering', () => {
  it('parses chunk references whose document ids contain colons', () => {
    expect(parseChunkRef('doc:a:0-10')).toEqual({ docId: 'doc:a', start: 0, end: 10 });
    expect(parseChunkRef('plain')).toEqual({ docId: 'plain' });
  });

  it('tracks best-so-far against cumulative money spent, including pruned trials in the spend', () => {
    const data = buildReportData({ study: paidStudy(), datasetNote: 'dataset gone' });
    const { steps, unknownCost } = bestSoFarSteps(data);
    expect(unknownCost).toBe(0);
    expect(steps.map((s) => s.best)).toEqual([0.4, 0.6, 0.6, 0.7]);
    expect(steps.map((s) => Number(s.spent.toFixed(4)))).toEqual([0.004, 0.01, 0.012, 0.02]);
    const effects = parameterEffects(data);
    expect(effects.find((e) => e.parameter === 'top_k')?.values).toEqual([
      { value: '3', n: 1, mean: 0.4, max: 0.4 },
      { value: '5', n: 2, mean: 0.55, max: 0.6 },
      { value: '8', n: 1, mean: 0.7, max: 0.7 },
    ]);
  });

  it('shows failed questions: study totals by error, the failed trial with its reason, per-trial counts', () => {
    const study = paidStudy();
    const [trial] = study.enqueue({
      proposer: 'llm',
      proposals: [{ config: { top_k: 2, generator: 'gpt-c' }, rationale: 'flaky' }],
    });
    study.ask('w');
    const failedScores = {
      exact_match: 0,
      f1: 0,
      containment: 0,
      rouge_l: 0,
      recall_at_k: 0,
      precision_at_k: 0,
      mrr: 0,
      ndcg_at_k: 0,
      hit_rate: 0,
      faithfulness: 0,
    };
    study.tellRung({
      trialId: trial.id,
      rung: {
        rung: 0,
        questions: 2,
        metrics: { f1: 0, questions: 2, failed_questions: 2 },
        objectives: { quality: 0, latency: null, cost: 0.001 },
      },
      questions: ['q1', 'q2'].map((id) => ({
        questionId: id,
        answer: null,
        retrieved: [],
        latencyMs: 0,
        usage: { promptTokens: 5, completionTokens: 1, costUsd: 0.0005 },
        scores: failedScores,
        error: `HTTP 500 ${HOSTILE}`,
      })),
    });
    study.finish({
      trialId: trial.id,
      state: 'failed',
      objectives: null,
      metrics: null,
      error: `2 of 2 questions failed (100%, limit 20%): HTTP 500 ${HOSTILE} (x2)`,
    });
    const page = renderReport(buildReportData({ study }));
    expect(page).not.toContain(HOSTILE);
    expect(page).toContain('failed questions <b>2</b>');
    const section = page.split('id="failures"')[1].split('</section>')[0];
    expect(section).toContain('2 failed question(s) in 1 trial(s); 1 trial(s) failed.');
    expect(section).toContain('<tr><td class="num">2</td><td>HTTP 500 &lt;script&gt;');
    expect(section).toContain(
      `<tr data-trial="${trial.number}"><td>#${trial.number}</td><td>failed</td><td class="num">2 of 2</td><td>2 of 2 questions failed (100%, limit 20%)`,
    );
    // The failed trial is not on the leaderboard, whose rows carry each trial's failed-question count.
    const leaderboard = page.split('class="leaderboard"')[1].split('</table>')[0];
    expect(leaderboard).toContain('<th>failed q.</th>');
    expect(leaderboard).not.toContain(`data-trial="${trial.number}"`);
  });

  it('draws every chart and escapes rationales, steering messages and answers', () => {
    const page = renderReport(
      buildReportData({ study: paidStudy(), datasetNote: `dataset gone ${HOSTILE}`, evalNote: 'none' }),
    );
    expect(page).not.toContain(HOSTILE);
    expect(page).not.toContain('<script>window');
    expect(page.match(/<script/g)).toHaveLength(2);
    const points = (id: string, cls: string) =>
      (
        page
          .split(`id="${id}"`)[1]
          .split('</svg>')[0]
          .match(new RegExp(`<circle class="point[^"]*${cls}`, 'g')) ?? []
      ).length;
    expect(points('pareto-chart', '')).toBe(4);
    expect(points('best-by-trial', 'best-point')).toBe(4);
    expect(points('best-by-cost', 'best-point')).toBe(4);
    expect(page).toContain('money spent, cumulative (USD)');
    expect(page).toContain('(text unavailable)');
    expect(page).toContain('user said &lt;script&gt;');
  });
});
