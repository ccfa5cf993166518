import { z } from 'zod';

// Only the fields tune-rag reads; everything else in a SQuAD file is tolerated.

const SquadId = z.union([z.string('expected a string id'), z.number()], 'expected a string id').transform(String);

export const SquadAnswerSchema = z.looseObject({
  text: z.string('expected the answer text (string)'),
  answer_start: z.number('expected a character offset (integer ≥ 0)').int().nonnegative(),
});

export const SquadQuestionSchema = z.looseObject({
  id: SquadId,
  question: z.string('expected the question (string)'),
  answers: z.array(SquadAnswerSchema, 'expected an array of {"text", "answer_start"}').default([]),
  is_impossible: z.boolean('expected true or false').optional(),
});

export const SquadParagraphSchema = z.looseObject({
  context: z.string('expected the paragraph text (string)'),
  qas: z.array(SquadQuestionSchema, 'expected an array of questions'),
});

/** A SQuAD v1.1 / v2.0 file: `{"version", "data": [{"title", "paragraphs": [...]}]}`. */
export const SquadFileSchema = z.looseObject({
  version: z.string().optional(),
  data: z.array(
    z.looseObject({
      title: z.string('expected the article title (string)'),
      paragraphs: z.array(SquadParagraphSchema, 'expected an array of paragraphs'),
    }),
    'expected an array of articles',
  ),
});
export type SquadFile = z.infer<typeof SquadFileSchema>;
