import { sentenceChunkSpans, sentenceSpans } from '../../chunking/sentence-chunker.js';
import { enclosingBlock, sentenceWindow } from '../../chunking/sentence-window.js';
import type { TextSpan } from '../../chunking/text-span.js';
import type { CorpusDoc } from '../../data/dataset-schema.js';
import { ZERO_USAGE } from '../../accounting/usage.js';
import type { PipelineConfig } from '../pipeline-config.js';
import type { Passage, QuestionStage } from '../question-stage.js';
import { currentPassages } from './current-passages.js';
import { switchOff } from './switch-off.js';

/**
 * Widens each of the top-k hits from its source document (`context.expand`): `window` adds
 * `context.window` sentences on each side; `parent` returns the parent block (the document cut
 * by the sentence chunker at `parent.size` tokens) the hit lies in. Passages keep real document
 * offsets, so gold spans are judged on what the generator sees; a passage whose span an earlier
 * (better) hit already returned is dropped, so hits sharing a parent appear once.
 */
export const expandStage: QuestionStage<Passage[]> = {
  name: 'expand',
  version: '1',
  reads: ['context.expand', 'context.window', 'parent.size', 'top_k'],
  passesThrough: switchOff('context.expand'),
  async run(state, { config, keys, artifacts }) {
    const { chunks } = await artifacts.chunks(config, keys);
    const hits = currentPassages(state, chunks, config.top_k);
    const passages = await expandPassages({ passages: hits, documentOf: (id) => artifacts.document(id), config });
    return { value: passages, usage: ZERO_USAGE };
  },
  apply: (state, passages) => ({ ...state, passages }),
};

/** The settings context expansion reads. */
export type ExpandSettings = Pick<PipelineConfig, 'context.expand' | 'context.window' | 'parent.size'>;

/**
 * The passages widened from their source documents as `context.expand` says (window or parent),
 * a passage whose span a better one already returned dropped. Shared by the expand stage and
 * the LangChain context expander. `documentOf` must return the same object for a document each
 * time: its sentence and parent splits are cached on it.
 */
export async function expandPassages(options: {
  passages: readonly Passage[];
  documentOf: (docId: string) => CorpusDoc;
  config: ExpandSettings;
}): Promise<Passage[]> {
  const passages: Passage[] = [];
  const spans = new Set<string>();
  for (const passage of options.passages) {
    const doc = options.documentOf(passage.docId);
    const span = await expandedSpan(doc, passage, options.config);
    const id = `${passage.docId}:${span.start}-${span.end}`;
    if (spans.has(id)) continue;
    spans.add(id);
    passages.push({ ...passage, start: span.start, end: span.end, text: doc.text.slice(span.start, span.end) });
  }
  return passages;
}

// A document's sentences (key "sentences") and parent blocks (key: the size), split once per
// process: every question that hits the document needs the same cut.
const splits = new WeakMap<CorpusDoc, Map<string, Promise<TextSpan[]>>>();

function split(doc: CorpusDoc, key: string, make: () => TextSpan[] | Promise<TextSpan[]>): Promise<TextSpan[]> {
  let byKey = splits.get(doc);
  if (!byKey) splits.set(doc, (byKey = new Map()));
  let spans = byKey.get(key);
  if (!spans) byKey.set(key, (spans = Promise.resolve(make())));
  return spans;
}

async function expandedSpan(doc: CorpusDoc, hit: TextSpan, config: ExpandSettings): Promise<TextSpan> {
  if (config['context.expand'] === 'window') {
    const range = { start: 0, end: doc.text.length };
    const sentences = await split(doc, 'sentences', () => sentenceSpans({ text: doc.text, range }));
    return sentenceWindow({ sentences, hit, window: required(config['context.window'], 'context.window') });
  }
  const size = required(config['parent.size'], 'parent.size');
  const blocks = await split(doc, String(size), () => sentenceChunkSpans({ text: doc.text, size, overlap: 0 }));
  return enclosingBlock({ blocks, hit });
}

function required(value: number | undefined, key: string): number {
  if (value === undefined) throw new Error(`context.expand needs "${key}"`);
  return value;
}
