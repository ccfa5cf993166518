import type { LlmClient } from '../../llm/llm-client.js';
import { generateObject } from '../../llm/structured-output.js';
import { checkSingleDocumentItem, checkTwoDocumentItem } from './check-llm-item.js';
import type { GenerationUnit } from './generation-units.js';
import type { LlmCandidate, TextRejection } from './llm-candidate.js';
import { questionPrompt, twoDocumentPrompt } from './llm-prompts.js';
import { LlmQuestionReplySchema, TwoDocumentReplySchema } from './llm-question-reply.js';

/**
 * One unit's request, its items each checked against the text: a candidate or why it was
 * rejected, in reply order; `malformed` when the reply did not match the schema after the
 * client's repair round, or the model refused (both are the model's answer about this unit).
 * Any other LLM failure (spend cap, server down, timeout) is thrown: it is not the model's
 * answer, and the unit stays to be asked again on resume.
 */
export async function askAndCheckUnit(options: {
  client: LlmClient;
  unit: GenerationUnit;
}): Promise<(LlmCandidate | TextRejection)[] | 'malformed'> {
  const { client, unit } = options;
  if (unit.kind === 'document') {
    const reply = await generateObject({
      client,
      schema: LlmQuestionReplySchema,
      schemaName: 'questions',
      temperature: 0,
      messages: questionPrompt({ title: unit.doc.title, text: unit.doc.text, count: unit.count, types: unit.types }),
    });
    if (!reply.ok) return malformedOrThrow(reply.error);
    return reply.object.items.map((item) => checkSingleDocumentItem({ item, doc: unit.doc }));
  }
  const reply = await generateObject({
    client,
    schema: TwoDocumentReplySchema,
    schemaName: 'two_document_questions',
    temperature: 0,
    messages: twoDocumentPrompt({ first: unit.pair.first, second: unit.pair.second, count: unit.count }),
  });
  if (!reply.ok) return malformedOrThrow(reply.error);
  return reply.object.items.map((item) => checkTwoDocumentItem({ item, pair: unit.pair }));
}

function malformedOrThrow(error: { code: string }): 'malformed' {
  if (error.code !== 'invalid_output' && error.code !== 'refusal') throw error;
  return 'malformed';
}
