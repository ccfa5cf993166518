import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/stats/seeded-random.js';
import { agentReplyJsonSchema, AgentReplySchema } from '../../src/optimize/proposers/agent/agent-reply-schema.js';
import { repairConfig } from '../../src/optimize/proposers/agent/llm-agent-repair.js';
import { resolveConfig } from '../../src/space/validate-config.js';
import { SearchSpaceSchema } from '../../src/space/parameter-schema.js';
import { randomSchemaInstance } from '../support/random-schema-instance.js';
import { loadDefaultSpace, TOY_SPACE } from './fixtures.js';

describe('agent reply schema built from the space', () => {
  it('states every parameter with its enum, type and range; conditional ones nullable with their condition; n proposals; strict-ready', () => {
    expect(agentReplyJsonSchema({ space: TOY_SPACE, n: 3 })).toEqual({
      type: 'object',
      properties: {
        proposals: {
          type: 'array',
          minItems: 3,
          maxItems: 3,
          items: {
            type: 'object',
            properties: {
              config: {
                type: 'object',
                properties: {
                  model: { type: 'string', enum: ['small', 'large'] },
                  mode: { type: 'string', enum: ['a', 'b', 'c'] },
                  width: { type: 'integer', minimum: 1, maximum: 100 },
                  ratio: {
                    anyOf: [{ type: 'number', minimum: 0, maximum: 1 }, { type: 'null' }],
                    description: 'Active only when "mode" is one of ["a","b"]; null otherwise.',
                  },
                  depth: {
                    anyOf: [{ type: 'integer', minimum: 2, maximum: 10, multipleOf: 2 }, { type: 'null' }],
                    description: 'Active only when "mode" is one of ["c"]; null otherwise.',
                  },
                },
                required: ['model', 'mode', 'width', 'ratio', 'depth'],
                additionalProperties: false,
              },
              rationale: {
                type: 'string',
                description: 'Why this configuration, in one or two sentences, citing the trials it builds on.',
              },
              expected_effect: { type: 'string', description: 'What it should change in the objectives.' },
              changes: {
                type: 'string',
                description:
                  'What differs from the current best trial (the incumbent), e.g. "top_k 5→8, reranker none→local".',
              },
            },
            required: ['config', 'rationale', 'expected_effect', 'changes'],
            additionalProperties: false,
          },
        },
        memo: {
          type: 'string',
          description:
            'A short note to yourself for the next round (at most 600 characters): what you learnt and what to try next.',
        },
      },
      required: ['proposals', 'memo'],
      additionalProperties: false,
    });
  });

  it('uses a one-value enum for a fixed value, drops never-active parameters, leaves mixed-type enums untyped and off-grid steps unstated', () => {
    const space = SearchSpaceSchema.parse({
      parameters: [
        { name: 'gen', type: 'categorical', group: 'generator', values: ['extractive'], description: 'The reader.' },
        { name: 'temperature', type: 'float', group: 'generator', low: 0, high: 1, when: { gen: [] } },
        { name: 'mixed', type: 'categorical', group: 'retrieval', values: [true, 3, 'x'] },
        { name: 'size', type: 'int', group: 'chunking', low: 3, high: 19, step: 4 },
      ],
    });
    const config = (
      agentReplyJsonSchema({ space, n: 1 }) as {
        properties: { proposals: { items: { properties: { config: Record<string, unknown> } } } };
      }
    ).properties.proposals.items.properties.config;
    expect(config.properties).toEqual({
      gen: { type: 'string', enum: ['extractive'], description: 'The reader.' },
      mixed: { enum: [true, 3, 'x'] },
      size: { type: 'integer', minimum: 3, maximum: 19 },
    });
    expect(config.required).toEqual(['gen', 'mixed', 'size']);
  });

  it('any reply valid against it parses and repairs into a valid configuration of the default space', () => {
    const space = loadDefaultSpace();
    const schema = agentReplyJsonSchema({ space, n: 2 });
    const random = mulberry32(11);
    for (let i = 0; i < 200; i++) {
      const reply = AgentReplySchema.parse(randomSchemaInstance(schema, random));
      expect(reply.proposals).toHaveLength(2);
      for (const proposal of reply.proposals) {
        const repaired = repairConfig({ space, draft: proposal.config });
        if (!repaired.ok) throw new Error(repaired.reason);
        const resolved = resolveConfig({ config: repaired.config, space, source: 'proposal' });
        expect(resolved.ignored).toEqual([]);
        expect(resolved.config).toEqual(repaired.config);
        // Only nulls are filled or dropped: no value the schema allowed was changed.
        expect(repaired.notes.filter((n) => !/^(filled|dropped inactive) /.test(n))).toEqual([]);
      }
    }
  });
});
