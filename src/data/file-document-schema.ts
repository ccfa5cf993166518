import { z } from 'zod';
import { DocTextSchema, DocTitleSchema } from './dataset-schema.js';

/** What a document record in a .json/.jsonl document file must look like, for messages. */
export const FILE_DOCUMENT_SHAPE = '{"text", "id"?, "title"?}';

/**
 * A document record inside a .json or .jsonl document file of a folder dataset: `text`
 * required; `id` optional (a number is taken as its decimal string), `title` optional. Other
 * keys are tolerated and dropped, since exports carry metadata the pipeline does not read.
 */
export const FileDocumentSchema = z.object(
  {
    id: z
      .union([z.string().min(1), z.number()], 'expected a non-empty string or a number')
      .transform(String)
      .optional(),
    title: DocTitleSchema,
    text: DocTextSchema,
  },
  `expected an object ${FILE_DOCUMENT_SHAPE}`,
);
export type FileDocument = z.infer<typeof FileDocumentSchema>;
