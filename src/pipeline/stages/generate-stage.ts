import { settingsParam } from '../../providers/component-parameter.js';
import { CONTEXT_SEPARATOR, packContext } from '../context-packing.js';
import { packPassages } from '../pack-passages.js';
import type { GeneratedAnswer, QuestionStage, SeenPassage } from '../question-stage.js';

/**
 * Packs the top k chunks (or the passages a context stage made of them) into the context budget
 * and has the configured generator answer.
 */
export const generateStage: QuestionStage<GeneratedAnswer> = {
  name: 'generate',
  version: '2',
  reads: ['generator', 'prompt', 'temperature', 'top_k', 'context.max_tokens'],
  keyMaterial: ({ componentVersions }) => ({
    generatorVersion: componentVersions.generator,
    promptHash: componentVersions.prompt,
  }),
  async run(state, { config, values, keys, artifacts, components }) {
    const { chunks, tokenCounts } = await artifacts.chunks(config, keys);
    let contexts: { text: string; docId: string; title?: string }[];
    let contextChunks: number[];
    let seen: SeenPassage[] | undefined;
    if (state.passages) {
      // A context stage reshaped the hits: pack the passages, and keep where each one lies.
      seen = packPassages(state.passages, config['context.max_tokens']);
      contexts = seen.map((p) => ({ text: p.text, docId: p.docId, title: p.title }));
      contextChunks = seen.map((p) => p.index);
    } else {
      const topK = state.ranked.slice(0, config.top_k).map((s) => s.chunkIndex);
      const packed = packContext({ ranked: topK, chunks, tokenCounts, maxTokens: config['context.max_tokens'] });
      contexts = packed.indices.map((index, i) => ({
        text: packed.texts[i],
        docId: chunks[index].docId,
        title: chunks[index].title,
      }));
      contextChunks = packed.indices;
    }
    const generator = components.generator(config.generator);
    const prompt = config.prompt === undefined ? undefined : components.prompt(config.prompt).text;
    const params = {
      ...(config.temperature === undefined ? {} : { temperature: config.temperature }),
      ...settingsParam(generator, values),
    };
    const { answer, usage, timing } = await generator.generate({
      question: state.item.question,
      contexts,
      prompt,
      params,
    });
    return {
      value: {
        answer,
        contextChunks,
        context: contexts.map((c) => c.text).join(CONTEXT_SEPARATOR),
        ...(seen ? { seen } : {}),
      },
      usage,
      timing,
    };
  },
  apply: (state, generated) => ({ ...state, generated }),
  priceUsage({ config, components }) {
    const generator = components.generator(config.generator);
    return generator.priceUsage?.bind(generator);
  },
};
