import { join } from 'node:path';
import { fenceData } from '../../llm/fence-data.js';
import type { QaItem } from '../../data/dataset-schema.js';
import type { ChatClient } from '../../llm/chat-client.js';
import { generateObject } from '../../llm/structured-output.js';
import { packageRoot } from '../../package-root.js';
import type { PromptTemplate } from '../pipeline-components.js';
import type { QuestionOutcome } from '../../metrics/question-outcome.js';
import { loadPromptTemplates, renderPrompt, requiredPromptTemplate } from '../prompt-templates.js';
import { addUsage, ZERO_USAGE, type Usage } from '../../accounting/usage.js';
import type { AnswerJudge, Judgement } from './answer-judge.js';
import { JudgeVerdictSchema, verdictScore } from './judge-verdict.js';

/**
 * LLM-as-judge metrics: answer correctness against the references and faithfulness to the
 * retrieved context, each one structured-output call (prompts in prompts/judge/) whose score is
 * derived from its verdict (correct 1, partially_correct 0.5, incorrect 0).
 *
 * Calls run at temperature 0 through the client's request cache, so re-judging the same answer
 * (a resumed run, a repeated configuration) is free. A verdict that stays malformed after the
 * structured-output repair round leaves that score null and is reported in `errors`; its usage
 * still counts.
 */
export class LlmJudge implements AnswerJudge {
  readonly #client: ChatClient;
  readonly #correctness: PromptTemplate;
  readonly #faithfulness: PromptTemplate;
  readonly #maxContextChars: number;

  constructor(options: {
    client: ChatClient;
    /** Folder with correctness.md and faithfulness.md; default prompts/judge in the package. */
    promptsDir?: string;
    /** The context shown to the faithfulness judge is cut to this length. Default 12000. */
    maxContextChars?: number;
  }) {
    this.#client = options.client;
    const dir = options.promptsDir ?? join(packageRoot(), 'prompts', 'judge');
    const templates = loadPromptTemplates(dir);
    this.#correctness = required(templates, 'correctness', dir);
    this.#faithfulness = required(templates, 'faithfulness', dir);
    this.#maxContextChars = options.maxContextChars ?? 12_000;
  }

  async judge(options: { item: QaItem; outcome: QuestionOutcome }): Promise<Judgement> {
    const { item, outcome } = options;
    const base: Judgement = {
      questionId: item.id,
      correctness: null,
      faithfulness: null,
      usage: { ...ZERO_USAGE },
      errors: [],
    };
    // A failed question has no answer: it is wrong and unsupported by definition (as the offline
    // metrics score it), so no call is spent on it.
    if (outcome.error !== undefined) return { ...base, correctness: item.answers.length ? 0 : null, faithfulness: 0 };
    if (outcome.answer === null) return { ...base, correctness: item.answers.length ? 0 : null };
    const answer = outcome.answer;
    const [correctness, faithfulness] = await Promise.all([
      item.answers.length === 0
        ? null
        : this.#ask(this.#correctness, {
            question: item.question,
            references: item.answers.map((a) => `- ${a}`).join('\n'),
            answer,
          }),
      this.#ask(this.#faithfulness, {
        question: item.question,
        context: outcome.context.slice(0, this.#maxContextChars) || '(no context)',
        answer,
      }),
    ]);
    let usage: Usage = base.usage;
    const errors: string[] = [];
    for (const [label, result] of [
      ['correctness', correctness],
      ['faithfulness', faithfulness],
    ] as const) {
      if (!result) continue;
      usage = addUsage(usage, result.usage);
      if (result.error) errors.push(`${label}: ${result.error}`);
    }
    return {
      ...base,
      correctness: correctness?.score ?? null,
      faithfulness: faithfulness?.score ?? null,
      usage,
      errors,
    };
  }

  async #ask(
    template: PromptTemplate,
    values: Record<string, string>,
  ): Promise<{ score: number | null; usage: Usage; error?: string }> {
    const reply = await generateObject({
      client: this.#client,
      schema: JudgeVerdictSchema,
      schemaName: 'verdict',
      strict: true,
      // Every value is data (the question, references, the answer and context under judgement): fenced.
      messages: [
        {
          role: 'user',
          content: renderPrompt(
            template,
            Object.fromEntries(Object.entries(values).map(([kind, text]) => [kind, fenceData({ kind, text })])),
          ),
        },
      ],
      temperature: 0,
      maxTokens: 200,
    });
    if (!reply.ok) return { score: null, usage: reply.error.usage, error: reply.error.message };
    return { score: verdictScore(reply.object.verdict), usage: reply.usage };
  }
}

function required(templates: Map<string, PromptTemplate>, name: string, dir: string): PromptTemplate {
  return requiredPromptTemplate({ templates, name, dir, what: 'judge' });
}
