import type { TrivialAnswers } from '../metrics/trivial-answers.js';

/**
 * Terminal lines for the trivial answers: one line of scores and, when a trivial answer reaches
 * a pipeline's quality, a WARNING line nobody can miss. Used by the end-of-run summary, `show`
 * and `run`.
 */
export function formatTrivialAnswers(options: {
  trivial: TrivialAnswers;
  warning: string | null;
  scope: string;
  pipelines?: readonly { label: string; value: number | null }[];
}): string[] {
  const { trivial, warning } = options;
  const { empty, echo, stopwords } = trivial.scores;
  const pipelines = (options.pipelines ?? [])
    .filter((p) => p.value !== null)
    .map((p) => `; ${p.label} ${(p.value as number).toFixed(3)}`)
    .join('');
  const lines = [
    `Trivial answers (${trivial.metric} on ${trivial.questions} ${options.scope}, no pipeline): ` +
      `empty ${empty.toFixed(3)}, question echoed ${echo.toFixed(3)}, stop-words ${stopwords.toFixed(3)}${pipelines}`,
  ];
  if (warning) lines.push(`WARNING: ${warning}`);
  return lines;
}
