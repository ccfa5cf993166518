import { basename, extname, resolve } from 'node:path';
import { buildDataset } from './build-dataset.js';
import { DatasetIssues } from './dataset-issues.js';
import type { DatasetRecords } from './dataset-records.js';
import type { AnswerSpan, Dataset } from './dataset-schema.js';
import { describeZodIssue } from './describe-zod-issue.js';
import { parseJsonText } from '../json/parse-json-text.js';
import { readTextFile } from './read-text-file.js';
import { SquadFileSchema, type SquadFile } from './squad-schema.js';

/**
 * Loads a SQuAD v1.1 or v2.0 JSON file. Each paragraph becomes a document with id
 * `${title}#${index}` (index within its article, as in the SQuAD explorer); each question a QA
 * item with its distinct answers, gold_doc_ids = [its paragraph] and answer_spans from
 * answer_start. v2 unanswerable questions (is_impossible) are skipped and counted in warnings.
 */
export async function loadSquadDataset(options: { file: string; name?: string }): Promise<Dataset> {
  const file = resolve(options.file);
  const label = basename(file);
  const issues = new DatasetIssues();
  const text = await readTextFile({
    path: file,
    label,
    what: 'a SQuAD JSON file: {"version", "data": [{"title", "paragraphs": [...]}]}',
  });
  const json = parseJsonText({ text, label });
  const parsed = SquadFileSchema.safeParse(json);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      issues.add(`${label}: ${describeZodIssue({ issue, input: json })} — fix the file`);
    issues.throwIfAny({ dataset: file });
  }
  const records = squadRecords({ squad: parsed.data as SquadFile, label });
  return buildDataset({ records, issues, name: options.name ?? basename(file, extname(file)), source: file });
}

function squadRecords(options: { squad: SquadFile; label: string }): DatasetRecords {
  const { squad, label } = options;
  const records: DatasetRecords = {
    format: 'squad',
    docs: [],
    questions: [],
    docSources: [],
    questionSources: [],
    warnings: [],
    corpusLabel: label,
    questionsLabel: label,
  };
  let impossible = 0;
  let unplaced = 0;
  squad.data.forEach((article, a) => {
    article.paragraphs.forEach((paragraph, p) => {
      const docId = `${article.title}#${p}`;
      const where = `${label} data[${a}].paragraphs[${p}]`;
      // SQuAD titles use underscores for spaces (Super_Bowl_50); ids keep them, titles read better without.
      records.docs.push({ id: docId, title: article.title.replace(/_/g, ' '), text: paragraph.context });
      records.docSources.push(where);
      paragraph.qas.forEach((qa, k) => {
        if (qa.is_impossible) {
          impossible++;
          return;
        }
        const answers = [...new Set(qa.answers.map((ans) => ans.text))];
        const spans = new Map<string, AnswerSpan>();
        for (const ans of qa.answers) {
          const start = locate({ context: paragraph.context, text: ans.text, near: ans.answer_start });
          if (start === undefined) unplaced++;
          else spans.set(`${start}:${ans.text.length}`, { doc_id: docId, start, end: start + ans.text.length });
        }
        records.questions.push({
          id: qa.id,
          question: qa.question,
          answers,
          gold_doc_ids: [docId],
          answer_spans: [...spans.values()],
        });
        records.questionSources.push(`${where}.qas[${k}]`);
      });
    });
  });
  if (impossible > 0)
    records.warnings.push(`${label}: ${impossible} unanswerable question(s) (is_impossible) were skipped`);
  if (unplaced > 0)
    records.warnings.push(
      `${label}: ${unplaced} answer(s) do not occur in their paragraph; kept as answers without a span`,
    );
  return records;
}

/** `near` when the answer is there (the normal case); else its closest occurrence, if any. */
function locate(options: { context: string; text: string; near: number }): number | undefined {
  const { context, text, near } = options;
  if (text === '') return undefined;
  if (context.startsWith(text, near)) return near;
  let best: number | undefined;
  for (let i = context.indexOf(text); i !== -1; i = context.indexOf(text, i + 1)) {
    if (best === undefined || Math.abs(i - near) < Math.abs(best - near)) best = i;
  }
  return best;
}
