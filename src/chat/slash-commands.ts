import { parseConstraint } from '../optimize/objectives.js';
import { METRIC_DESCRIPTIONS } from '../metrics/summarize-metrics.js';
import { isTuneRagError, optionRef, renderErrorText } from '../errors.js';
import { didYouMean } from '../names/suggest-name.js';
import type { SteeringAction } from '../optimize/steering/steering-action.js';

/** A parsed slash command: actions to apply, help text, or what is wrong with it. */
export type SlashResult =
  | { kind: 'actions'; actions: SteeringAction[] }
  | { kind: 'help'; text: string }
  | { kind: 'error'; problem: string; hint?: string };

interface CommandSpec {
  usage: string;
  summary: string;
  parse(args: string): SteeringAction[] | string;
}

const assignments = (args: string): [string, string][] | string => {
  const parts = args.split(/\s+/).filter(Boolean);
  if (parts.length === 0) return 'expected name=value';
  const pairs: [string, string][] = [];
  for (const part of parts) {
    const at = part.indexOf('=');
    if (at <= 0 || at === part.length - 1) return `"${part}" is not name=value`;
    pairs.push([part.slice(0, at), part.slice(at + 1)]);
  }
  return pairs;
};

/** `NAME=V1,V2 ...` into one exclude / include action per parameter. */
const valueLists =
  (type: 'exclude' | 'include') =>
  (args: string): SteeringAction[] | string => {
    const pairs = assignments(args);
    return typeof pairs === 'string'
      ? pairs
      : pairs.map(([param, values]) => ({ type, param, values: values.split(',').filter(Boolean) }));
  };

const trialNumber = (text: string | undefined): number | null => {
  const match = /^#?(\d+)$/.exec(text ?? '');
  return match ? Number(match[1]) : null;
};

/** Every slash command, in the order /help lists them. */
export const SLASH_COMMANDS: Readonly<Record<string, CommandSpec>> = {
  pin: {
    usage: '/pin NAME=VALUE [NAME=VALUE ...]',
    summary: 'only propose this value from now on (e.g. /pin generator=extractive-span)',
    parse: (args) => {
      const pairs = assignments(args);
      return typeof pairs === 'string' ? pairs : pairs.map(([param, value]) => ({ type: 'pin', param, value }));
    },
  },
  unpin: {
    usage: '/unpin NAME',
    summary: 'let the search choose this parameter again',
    parse: (args) =>
      args.trim() && !/\s/.test(args.trim()) ? [{ type: 'unpin', param: args.trim() }] : 'expected one parameter name',
  },
  exclude: {
    usage: '/exclude NAME=VALUE[,VALUE ...]',
    summary: 'never propose these values again (e.g. /exclude reranker=mmr)',
    parse: valueLists('exclude'),
  },
  include: {
    usage: '/include NAME=VALUE[,VALUE ...]',
    summary: 'allow excluded values again',
    parse: valueLists('include'),
  },
  narrow: {
    usage: '/narrow NAME=LOW..HIGH',
    summary: 'search a numeric parameter only inside this range (e.g. /narrow chunk.size=128..512)',
    parse: (args) => {
      const match = /^\s*([^\s=]+)\s*(?:=|\s)\s*(-?[\d.]+(?:e-?\d+)?)\s*(?:\.\.|-|\s)\s*(-?[\d.]+(?:e-?\d+)?)\s*$/.exec(
        args,
      );
      if (!match || !Number.isFinite(Number(match[2])) || !Number.isFinite(Number(match[3])))
        return 'expected NAME=LOW..HIGH with numbers';
      return [{ type: 'narrow', param: match[1], low: Number(match[2]), high: Number(match[3]) }];
    },
  },
  widen: {
    usage: '/widen NAME',
    summary: 'undo /narrow: the full declared range again',
    parse: (args) => (args.trim() ? [{ type: 'widen', param: args.trim() }] : 'expected a parameter name'),
  },
  weights: {
    usage: '/weights OBJECTIVE=WEIGHT ...',
    summary: 'how much each objective counts (e.g. /weights quality=0.8 cost=0.2)',
    parse: (args) => {
      const pairs = assignments(args);
      if (typeof pairs === 'string') return pairs;
      const weights: Record<string, number> = {};
      for (const [name, value] of pairs) {
        const n = Number(value);
        if (!Number.isFinite(n) || n < 0) return `"${name}=${value}": a weight is a number >= 0`;
        weights[name] = n;
      }
      return [{ type: 'weights', weights }];
    },
  },
  constraint: {
    usage: '/constraint METRIC<VALUE  |  /constraint remove METRIC',
    summary: 'require a metric limit of the best configuration (e.g. /constraint latency_p95_ms<500)',
    parse: (args) => {
      const remove = /^\s*(?:remove|rm|-)\s*([a-z0-9_]+)\s*$/i.exec(args);
      if (remove) return [{ type: 'remove_constraint', metric: remove[1] }];
      try {
        return [
          {
            type: 'add_constraint',
            constraint: parseConstraint(args.replace(/\s+/g, ''), Object.keys(METRIC_DESCRIPTIONS)),
          },
        ];
      } catch (error) {
        if (isTuneRagError(error)) {
          // The user typed /constraint, not the option: drop its name from the front.
          const named = `${optionRef('constraint')} `;
          const text = error.template.message;
          return renderErrorText(text.startsWith(named) ? text.slice(named.length) : text);
        }
        throw error;
      }
    },
  },
  try: {
    usage: '/try NAME=VALUE [NAME=VALUE ...]',
    summary:
      'evaluate this configuration next; unnamed parameters come from the current best (e.g. /try chunk.size=256 retrieval=hybrid)',
    parse: (args) => {
      const pairs = assignments(args);
      return typeof pairs === 'string' ? pairs : [{ type: 'enqueue', config: Object.fromEntries(pairs) }];
    },
  },
  note: {
    usage: '/note TEXT',
    summary: 'a preference for the LLM proposer to keep in mind (with --llm)',
    parse: (args) => (args.trim() ? [{ type: 'note', text: args.trim() }] : 'expected some text'),
  },
  budget: {
    usage: '/budget N',
    summary: 'total trials for the study (raise it to keep searching)',
    parse: (args) =>
      /^\s*\d+\s*$/.test(args) && Number(args) > 0
        ? [{ type: 'budget', budget: Number(args) }]
        : 'expected a positive whole number of trials',
  },
  pause: { usage: '/pause', summary: 'finish the running trial, then wait', parse: () => [{ type: 'pause' }] },
  resume: { usage: '/resume', summary: 'continue after /pause', parse: () => [{ type: 'resume' }] },
  stop: {
    usage: '/stop',
    summary: 'finish the running trial, save everything and quit',
    parse: () => [{ type: 'stop' }],
  },
  status: {
    usage: '/status',
    summary: 'progress, best so far and the steering in force',
    parse: () => [{ type: 'status' }],
  },
  pareto: { usage: '/pareto', summary: 'the Pareto front of the complete trials', parse: () => [{ type: 'pareto' }] },
  why: {
    usage: '/why N',
    summary: 'why trial N was proposed, and how it did',
    parse: (args) => {
      const n = trialNumber(args.trim());
      return n === null ? 'expected a trial number, e.g. /why 12' : [{ type: 'explain', trial: n }];
    },
  },
  compare: {
    usage: '/compare A B',
    summary: 'two trials side by side, paired on the questions both answered',
    parse: (args) => {
      const [a, b, extra] = args.trim().split(/\s+/);
      const na = trialNumber(a);
      const nb = trialNumber(b);
      return na === null || nb === null || extra !== undefined
        ? 'expected two trial numbers, e.g. /compare 3 12'
        : [{ type: 'compare', a: na, b: nb }];
    },
  },
  export: {
    usage: '/export [--force] [FILE]',
    summary: 'write the best configuration to FILE in the study folder (default best.json); --force overwrites',
    parse: (args) => {
      const words = args.trim().split(/\s+/).filter(Boolean);
      const force = words.includes('--force');
      const rest = words.filter((w) => w !== '--force');
      if (rest.length > 1) return 'expected one file name';
      return [{ type: 'export', ...(rest.length ? { path: rest[0] } : {}), ...(force ? { force: true } : {}) }];
    },
  },
  help: { usage: '/help [COMMAND]', summary: 'this list', parse: () => [] },
};

const ALIASES: Readonly<Record<string, string>> = {
  quit: 'stop',
  exit: 'stop',
  explain: 'why',
  enqueue: 'try',
  unconstraint: 'constraint remove',
  '?': 'help',
};

/** The command list, one line each. */
export function slashHelp(): string {
  const width = Math.max(...Object.values(SLASH_COMMANDS).map((c) => c.usage.length));
  return Object.values(SLASH_COMMANDS)
    .map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`)
    .join('\n');
}

/** Parses one line starting with "/". Unknown commands get a suggestion; bad arguments get the usage. */
export function parseSlashCommand(line: string): SlashResult {
  const match = /^\/(\S+)\s*(.*)$/s.exec(line.trim());
  if (!match) return { kind: 'error', problem: 'an empty command', hint: 'Type /help for the list of commands.' };
  let [, name, args] = match;
  name = name.toLowerCase();
  const alias = ALIASES[name];
  if (alias) {
    const [target, ...rest] = alias.split(' ');
    name = target;
    args = [...rest, args].filter(Boolean).join(' ');
  }
  const spec = SLASH_COMMANDS[name];
  if (!spec) {
    return {
      kind: 'error',
      problem: `unknown command /${name}.${didYouMean(name, Object.keys(SLASH_COMMANDS)).replace(/"(\w+)"/, '"/$1"')}`,
      hint: 'Type /help for the list of commands.',
    };
  }
  if (name === 'help') {
    const about = SLASH_COMMANDS[args.trim().replace(/^\//, '')];
    return { kind: 'help', text: about ? `${about.usage}\n  ${about.summary}` : `Commands:\n${slashHelp()}` };
  }
  const parsed = spec.parse(args);
  if (typeof parsed === 'string')
    return { kind: 'error', problem: `/${name}: ${parsed}`, hint: `Usage: ${spec.usage}` };
  return { kind: 'actions', actions: parsed };
}
