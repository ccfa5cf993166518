import type { ChatAgent } from './chat-agent.js';
import { describeAction } from '../optimize/steering/steering-action.js';
import { parseSlashCommand, slashHelp } from './slash-commands.js';
import type { SteeringSession } from './steering-session.js';

/** What to show for one message, line by line; `ok` is false when nothing could be applied. */
export interface MessageOutcome {
  ok: boolean;
  lines: string[];
}

/**
 * One chat message, typed or scripted: a slash command is parsed and applied without any LLM;
 * free text goes to the LLM chat agent when one is configured, and otherwise gets an explanation
 * of how to enable it plus the command list. Several actions in one command (/pin a=1 b=2) are
 * applied in order; one refusal does not undo the others, and each says what happened.
 * `confirm` (typed messages on a terminal only) lets the agent ask y/N before a free-text stop.
 */
export async function handleMessage(options: {
  text: string;
  session: SteeringSession;
  agent: ChatAgent | null;
  confirm?: (question: string) => Promise<boolean>;
}): Promise<MessageOutcome> {
  const text = options.text.trim();
  if (!text) return { ok: true, lines: [] };
  if (text.startsWith('/')) {
    const parsed = parseSlashCommand(text);
    if (parsed.kind === 'help')
      return { ok: true, lines: [parsed.text, 'Without a slash, messages go to the LLM agent (with --llm).'] };
    if (parsed.kind === 'error')
      return { ok: false, lines: [`✗ ${parsed.problem}`, ...(parsed.hint ? [`  ${parsed.hint}`] : [])] };
    const lines: string[] = [];
    let ok = true;
    for (const action of parsed.actions) {
      const reply = options.session.apply(action, text);
      ok &&= reply.ok;
      lines.push(reply.ok ? reply.text : `✗ ${reply.text}`);
      if (!reply.ok && reply.hint) lines.push(`  ${reply.hint}`);
    }
    return { ok, lines };
  }
  if (!options.agent) {
    return {
      ok: false,
      lines: [
        'Free-text messages need an LLM to interpret them: start the chat with --llm openai:gpt-4o-mini (OPENAI_API_KEY set), or point OPENAI_BASE_URL at any OpenAI-compatible server (Ollama, vLLM, llama.cpp).',
        `Without one, use the commands:\n${slashHelp()}`,
      ],
    };
  }
  const turn = await options.agent.handle(text, { confirm: options.confirm });
  const lines = [turn.text];
  if (turn.applied.length) lines.push(`  (applied: ${turn.applied.map(describeAction).join('; ')})`);
  return { ok: !turn.error, lines };
}
