import { z } from 'zod';
import type { Usage } from '../../accounting/usage.js';
import { formatZodIssues } from '../../json/format-zod-issues.js';

const Metadata = z.record(z.string(), z.unknown());

// Strings, tune-rag's {text, id?, doc_id?} objects, or LangChain Documents ({pageContent, metadata, id?}).
const ContextSchema = z.union(
  [
    z.string(),
    z.object({ pageContent: z.string(), metadata: Metadata.optional(), id: z.string().optional() }),
    z.object({
      text: z.string(),
      id: z.string().optional(),
      doc_id: z.string().optional(),
      metadata: Metadata.optional(),
    }),
  ],
  'expected a string, { text, id?, doc_id? } or a LangChain Document { pageContent, metadata }',
);

const OutputSchema = z.object(
  {
    answer: z
      .union(
        [z.string(), z.null(), z.object({ content: z.string() })],
        'expected a string, null or a message { content }',
      )
      .optional(),
    contexts: z.array(ContextSchema, 'expected an array of contexts'),
    usage: z
      .object({
        promptTokens: z.number().nonnegative().optional(),
        completionTokens: z.number().nonnegative().optional(),
        costUsd: z.number().nonnegative().nullable().optional(),
      })
      .optional(),
  },
  'expected an object { answer, contexts }',
);

/** One returned context: its text and the document ids it names, most explicit first. */
export const ReturnedContextSchema = z.object({ text: z.string(), docIds: z.array(z.string()) });
export type ReturnedContext = z.infer<typeof ReturnedContextSchema>;

/** What a user pipeline returned for one question, normalised: the value cached per question. */
export const ReturnedOutputSchema = z.object({
  answer: z.string().nullable(),
  contexts: z.array(ReturnedContextSchema),
});
export type ReturnedOutput = z.infer<typeof ReturnedOutputSchema>;

/**
 * Checks and normalises what a user pipeline returned. Each context keeps every id it carries
 * (`doc_id`, `metadata.doc_id`, `id`, `metadata.id`, in that order): which one names a corpus
 * document is decided when it is scored. Usage left out counts 0 tokens at an unknown cost.
 *
 * @throws Error naming the pipeline and the bad key (the question then fails; nothing is cached).
 */
export function readPipelineOutput(options: { value: unknown; pipeline: string }): {
  output: ReturnedOutput;
  usage: Usage;
} {
  const parsed = OutputSchema.safeParse(options.value);
  if (!parsed.success)
    throw new Error(
      `pipeline "${options.pipeline}" returned an invalid result: ${formatZodIssues(parsed.error).join('; ')}`,
    );
  const { answer, contexts, usage } = parsed.data;
  return {
    output: {
      answer: answer === undefined ? null : typeof answer === 'object' && answer !== null ? answer.content : answer,
      contexts: contexts.map(readContext),
    },
    usage: {
      promptTokens: usage?.promptTokens ?? 0,
      completionTokens: usage?.completionTokens ?? 0,
      costUsd: usage?.costUsd ?? null,
    },
  };
}

function readContext(context: z.infer<typeof ContextSchema>): ReturnedContext {
  if (typeof context === 'string') return { text: context, docIds: [] };
  const metadata = context.metadata ?? {};
  const ids = ['doc_id' in context ? context.doc_id : undefined, metadata.doc_id, context.id, metadata.id].filter(
    (id): id is string => typeof id === 'string' && id !== '',
  );
  return { text: 'text' in context ? context.text : context.pageContent, docIds: [...new Set(ids)] };
}
