import { configText } from './config-text.js';
import { escapeAttr, escapeHtml } from './escape.js';
import type { ReportChunk, ReportData, ReportDrilldown, ReportQuestion } from './report-data.js';
import { formatNumber, formatUsd } from './svg-chart.js';

const MAX_CHUNK_CHARS = 1200;

function chunkHtml(chunk: ReportChunk, i: number): string {
  const text =
    chunk.text === undefined
      ? '<span class="muted">(text unavailable)</span>'
      : escapeHtml(chunk.text.length > MAX_CHUNK_CHARS ? chunk.text.slice(0, MAX_CHUNK_CHARS) + ' …' : chunk.text);
  const gold = chunk.gold === true ? ' <span class="tag good">gold doc</span>' : '';
  return `<li class="chunk"><div class="chunk-head">${i + 1}. <code>${escapeHtml(chunk.ref)}</code>${chunk.title ? ` — ${escapeHtml(chunk.title)}` : ''}${gold}</div><pre class="chunk-text">${text}</pre></li>`;
}

function scoresHtml(scores: Record<string, number | null>): string {
  return Object.entries(scores)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `<span class="score">${escapeHtml(k)} <b>${escapeHtml(formatNumber(v, 2))}</b></span>`)
    .join(' ');
}

function questionHtml(q: ReportQuestion): string {
  const f1 = q.scores.f1;
  const summaryLine =
    `<code>${escapeHtml(q.questionId)}</code> ${q.question !== undefined ? `<span class="question">${escapeHtml(q.question)}</span>` : ''}` +
    `${f1 !== null && f1 !== undefined ? ` <span class="score-pill">f1 ${escapeHtml(formatNumber(f1, 2))}</span>` : ''}${q.error ? ' <span class="tag bad">error</span>' : ''}`;
  const refs = q.references.length
    ? `<ul class="refs">${q.references.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>`
    : '<p class="muted">(no reference answers)</p>';
  return (
    `<details class="question-detail" data-question="${escapeAttr(q.questionId)}"><summary>${summaryLine}</summary>` +
    `<div class="qa"><h5>Answer</h5><pre class="answer">${q.answer === null ? '<span class="muted">(no answer generated)</span>' : escapeHtml(q.answer)}</pre>` +
    `<h5>References</h5>${refs}<h5>Scores</h5><p>${scoresHtml(q.scores)} <span class="score">latency <b>${escapeHtml(formatNumber(q.latencyMs))} ms</b></span> <span class="score">cost <b>${escapeHtml(formatUsd(q.costUsd))}</b></span></p>` +
    `${q.error ? `<p class="bad">${escapeHtml(q.error)}</p>` : ''}<h5>Retrieved chunks (${q.retrieved.length})</h5><ol class="chunks">${q.retrieved.map(chunkHtml).join('')}</ol></div></details>`
  );
}

function drilldownHtml(d: ReportDrilldown, data: ReportData): string {
  const q = data.quality;
  const failed = d.questions.filter((x) => x.error).length;
  return (
    `<details class="config-detail" data-trial="${d.trial.number}"${d.rank === 1 ? ' open' : ''}><summary>#${d.rank}: trial #${d.trial.number} — ${escapeHtml(q.name)} ${escapeHtml(formatNumber(d.trial.objectives?.[q.name] ?? null))}, ${d.questions.length} question(s)${failed ? `, <span class="bad">${failed} failed</span>` : ''}${d.rung !== null ? ` (rung ${d.rung})` : ''}</summary>` +
    `<p class="config">${escapeHtml(configText(d.trial.config))}</p>${d.questions.length ? d.questions.map(questionHtml).join('') : '<p class="muted">No per-question results stored for this trial.</p>'}</details>`
  );
}

/** Per-question results of the top configurations: question, retrieved chunks, answer, references, scores. */
export function renderDrilldown(data: ReportData): string {
  if (data.drilldowns.length === 0) return '<p class="note">No complete trials to drill into.</p>';
  const note = data.datasetNote ? `<p class="note warn">${escapeHtml(data.datasetNote)}</p>` : '';
  return note + data.drilldowns.map((d) => drilldownHtml(d, data)).join('');
}
