import { join } from 'node:path';
import { TuneRagError } from '../errors.js';
import type { ChatMessage } from '../llm/chat-types.js';
import { fenceData } from '../llm/fence-data.js';
import type { LlmClient } from '../llm/llm-client.js';
import { isSpendCapReached } from '../llm/llm-error.js';
import { describeObjectives, renderSpace, shorten } from '../optimize/proposers/agent/llm-agent-prompt.js';
import { packageRoot } from '../package-root.js';
import { loadPromptTemplates, renderPrompt } from '../providers/prompt-templates.js';
import { describeAction, QUESTION_ACTIONS, type SteeringAction } from '../optimize/steering/steering-action.js';
import { statusText } from './steering-answers.js';
import type { SteeringSession } from './steering-session.js';
import { parseToolCall, steeringTools } from './steering-tools.js';

/** What the agent did with one message: its answer and the actions it applied. */
export interface AgentTurn {
  text: string;
  applied: SteeringAction[];
  /** Set when the LLM could not be used; the text then says how to go on without it. */
  error?: string;
}

/** Tool rounds per message: enough to fix a refused call, bounded so a looping model stops. */
const MAX_ROUNDS = 4;
/** Earlier exchanges kept as context ("do the same for top_k"), in user/assistant pairs. */
const MEMORY_TURNS = 4;

/**
 * Interprets free text with an LLM through tool calls (prompts/steering/chat.md). Each tool is a
 * steering action; every call goes through the session's `apply`, so the agent can do nothing a
 * slash command could not, and what it does is validated and stored the same way. Invalid tool
 * arguments and refused actions are sent back as tool results for the model to fix. LLM errors
 * (refusal, bad JSON, server errors after retries, the spend cap) become a reply that says so
 * and points at the slash commands, which keep working.
 */
export class ChatAgent {
  readonly #template;
  #memory: ChatMessage[] = [];

  constructor(
    private readonly options: { client: LlmClient; session: SteeringSession; promptDir?: string; temperature?: number },
  ) {
    const dir = options.promptDir ?? join(packageRoot(), 'prompts', 'steering');
    const template = loadPromptTemplates(dir).get('chat');
    if (!template)
      throw new TuneRagError('config', `the chat prompt template chat.md is missing in ${dir}`, {
        hint: 'Restore prompts/steering/chat.md.',
      });
    this.#template = template;
  }

  /**
   * Interprets one free-text message. `confirm`, given for messages typed in a terminal, is asked
   * before a `stop` tool call is applied (a y/N prompt): stopping cannot be undone within the
   * chat, and free text (or a document the model read) may not mean it. Without `confirm`
   * (steer files and other scripts, where nobody could answer) a stop applies at once.
   */
  async handle(
    message: string,
    options: { confirm?: (question: string) => Promise<boolean> } = {},
  ): Promise<AgentTurn> {
    const { session, client } = this.options;
    const study = session.study;
    const system = renderPrompt(this.#template, {
      space: renderSpace(session.steeredSpace()),
      objectives: describeObjectives({ objectives: study.settings.objectives, weights: session.state.weights }),
      // Status and question answers quote stored text (rationales, notes, questions): data, fenced.
      status: fenceData({
        kind: 'status',
        text: statusText({ study, state: session.state, running: session.running }),
      }),
    });
    const messages: ChatMessage[] = [
      { role: 'system', content: system },
      ...this.#memory,
      { role: 'user', content: message },
    ];
    const applied: SteeringAction[] = [];
    const results: string[] = [];
    const tools = steeringTools();
    for (let round = 0; round < MAX_ROUNDS; round++) {
      let reply;
      try {
        reply = await client.chat({
          messages,
          tools,
          temperature: this.options.temperature ?? 0,
          maxTokens: 600,
          cache: false,
        });
      } catch (error) {
        if (!isSpendCapReached(error)) throw error;
        return this.#unavailable(applied, 'the LLM spend cap is reached');
      }
      if (!reply.ok) return this.#unavailable(applied, `${reply.error.code}: ${shorten(reply.error.message, 200)}`);
      if (reply.toolCalls.length === 0) {
        const text = reply.text.trim() || (results.length ? results.join('\n') : '(the model gave no answer)');
        this.#remember(message, text);
        return { text, applied };
      }
      messages.push({ role: 'assistant', content: reply.text || null, tool_calls: reply.toolCalls });
      for (const call of reply.toolCalls) {
        const parsed = parseToolCall(call.function.name, call.function.arguments);
        let content: string;
        if (!parsed.ok) content = `error: ${parsed.problem}`;
        else if (
          parsed.action.type === 'stop' &&
          !session.state.stopped &&
          options.confirm &&
          !(await options.confirm('Stop the search and save everything? [y/N]'))
        ) {
          content = 'not applied: the user answered no when asked to confirm stopping';
        } else {
          const outcome = session.apply(parsed.action, message, 'agent');
          if (outcome.ok) {
            applied.push(parsed.action);
            results.push(outcome.text);
            content = QUESTION_ACTIONS.has(parsed.action.type)
              ? fenceData({ kind: parsed.action.type, text: outcome.text })
              : outcome.text;
          } else content = `refused: ${outcome.text}${outcome.hint ? ` (${outcome.hint})` : ''}`;
        }
        messages.push({ role: 'tool', tool_call_id: call.id, content });
      }
    }
    const text = applied.length
      ? `Applied: ${applied.map(describeAction).join('; ')}.`
      : 'The model kept calling tools without finishing; nothing was changed.';
    this.#remember(message, text);
    return { text, applied };
  }

  #unavailable(applied: SteeringAction[], problem: string): AgentTurn {
    const done = applied.length ? ` Already applied: ${applied.map(describeAction).join('; ')}.` : '';
    return {
      text: `The LLM could not interpret that (${problem}).${done} Slash commands work without it: /help lists them.`,
      applied,
      error: problem,
    };
  }

  #remember(user: string, assistant: string): void {
    this.#memory = [
      ...this.#memory,
      { role: 'user' as const, content: user },
      { role: 'assistant' as const, content: assistant },
    ].slice(-2 * MEMORY_TURNS);
  }
}
