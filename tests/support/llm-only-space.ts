/**
 * A search space whose only generator is the loopback LLM (`llm:gpt-4o-mini`), with top_k free:
 * every trial but the local baseline calls the test server, which is where the LLM tests inject
 * their replies and faults.
 */
export const LLM_ONLY_SPACE = {
  parameters: [
    { name: 'generator', type: 'categorical', group: 'generator', values: ['llm:gpt-4o-mini'] },
    { name: 'top_k', type: 'int', group: 'retrieval', low: 1, high: 12 },
  ],
};
