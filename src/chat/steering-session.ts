import { stableHash } from '../json/canonical-json.js';
import { completeConfig } from '../optimize/proposers/sampling/complete-config.js';
import { countsTowardBudget, INTERRUPTED, type Study } from '../optimize/study.js';
import type { LoopControl } from '../optimize/tuning-loop.js';
import { checkValue } from '../space/check-value.js';
import type { Config, Param, ParamValue, SearchSpace } from '../space/parameter-schema.js';
import { describeAction, QUESTION_ACTIONS, type SteeringAction } from '../optimize/steering/steering-action.js';
import { compareText, describeSteering, explainText, exportBest, paretoText, statusText } from './steering-answers.js';
import { steerSpace, steeringViolations } from '../optimize/steering/steered-space.js';
import { applySteering, steeredBudget, type SteeringState } from '../optimize/steering/steering-state.js';
import { resolveExportTarget } from './export-target.js';
import { checkSteeringAction, type ActionOrigin } from './steering-validation.js';

/** The outcome of one action: what to tell the user, and whether it was applied and stored. */
export interface SteeringReply {
  ok: boolean;
  text: string;
  hint?: string;
}

export interface SteeringSessionOptions {
  study: Study;
  /** The study's own space (unsteered). */
  space: SearchSpace;
  /** The run's budget before any steering. */
  budget: number;
  /** True when `budget` was given on the command line (`--budget`): it then beats a stored `/budget`. */
  budgetExplicit?: boolean;
  /** Fills parameters a /try leaves out when no trial is complete yet. */
  baseline: Config;
  /** Where /export writes by default (the study folder's best.json); every export lands in its folder. */
  exportPath: string;
}

/**
 * The steering of one study: validates actions, stores each with the trial count at which it
 * happened, keeps the state they add up to, and applies their side effects (cancelling waiting
 * trials that break a new pin or exclusion, enqueueing /try configurations). It is the only
 * place steering is applied; slash commands, steer files and the LLM agent all come through
 * `apply`. The tuning loop reads it through `control()`.
 */
export class SteeringSession {
  #state: SteeringState;
  #waiters: (() => void)[] = [];
  /** Set by the runner while the tuning loop runs (status wording only). */
  running = false;
  /** Counts applied change actions (not questions), so an idle runner knows when to search again. */
  revision = 0;

  /** How many stored steering records #state was replayed from (see `live`). */
  #seen: number;

  constructor(private readonly options: SteeringSessionOptions) {
    const { study } = options;
    this.#seen = study.steeringRecords().length;
    this.#state = study.steeringState({ budget: options.budget, budgetExplicit: options.budgetExplicit });
  }

  /**
   * The state in force, first replayed again from the store when another process (a chat, a
   * `tune-rag worker` or `tune --workers` sibling) added steering since: pins, exclusions,
   * weights and budget reach every worker of the study before its next proposal or trial.
   */
  live(): SteeringState {
    const { study } = this.options;
    const records = study.steeringRecords();
    if (records.length !== this.#seen) {
      this.#seen = records.length;
      this.#state = study.steeringState({ budget: this.options.budget, budgetExplicit: this.options.budgetExplicit });
    }
    return this.#state;
  }

  /**
   * On a resumed study whose log set a budget: which budget holds and why, so neither the stored
   * nor the typed one wins silently. Null when the log set no budget or it equals the one in force.
   */
  budgetNotice(): string | null {
    const stored = steeredBudget(this.options.study.steeringRecords());
    if (!stored || (stored.budget === this.#state.budget && stored.budget === this.options.budget)) return null;
    const set = `the budget of ${stored.budget} trials set in chat after ${stored.atTrial} trials`;
    if (this.options.budgetExplicit) return `--budget ${this.options.budget} replaces ${set}`;
    // Without --budget the stored budget holds unless the default is larger (a plain resume never shrinks the study).
    return this.#state.budget === stored.budget
      ? `budget ${stored.budget}: ${set} holds (give --budget N to change it)`
      : `the default budget of ${this.#state.budget} is above ${set}; give --budget N to choose`;
  }

  get state(): SteeringState {
    return this.#state;
  }

  get study(): Study {
    return this.options.study;
  }

  /** The space proposers see now. */
  steeredSpace(): SearchSpace {
    return steerSpace(this.options.space, this.#state);
  }

  /** Trials that used budget so far. */
  done(): number {
    return this.options.study.trials().filter(countsTowardBudget).length;
  }

  /**
   * Validates, stores and applies one action; never throws for bad input (the reply says what is
   * wrong). `origin` is `agent` for LLM tool calls, which get tighter limits (budget, export).
   */
  apply(action: SteeringAction, message?: string, origin: ActionOrigin = 'command'): SteeringReply {
    const { study } = this.options;
    const trials = study.trials();
    const checked = checkSteeringAction(action, {
      space: this.options.space,
      state: this.#state,
      objectiveNames: study.settings.objectives.map((o) => o.name),
      trialNumbers: new Set(trials.map((t) => t.number)),
      done: trials.filter(countsTowardBudget).length,
      origin,
      exportPath: this.options.exportPath,
    });
    if (!checked.ok) return { ok: false, text: checked.problem, hint: checked.hint };
    const valid = checked.action;
    let text: string;
    if (valid.type === 'enqueue') {
      const enqueued = this.#enqueue(
        valid.config,
        valid.rationale ?? (message ? `requested in chat: "${message}"` : 'requested in chat'),
      );
      if (!enqueued.ok) return enqueued;
      this.revision += 1;
      text = enqueued.text;
    } else if (QUESTION_ACTIONS.has(valid.type)) {
      text = this.#answer(valid);
    } else {
      this.#state = applySteering(this.#state, valid);
      this.revision += 1;
      text = this.#confirm(valid) + this.#cancelViolatingWaiting();
    }
    const inSync = study.steeringRecords().length === this.#seen;
    study.recordSteering({ atTrial: this.done(), action: valid as unknown as Record<string, unknown>, message });
    // Our own record is already in #state; when another process's came in between, `live` replays all.
    if (inSync) this.#seen += 1;
    this.#notify();
    return { ok: true, text };
  }

  /** Resolves at the next applied action (the runner waits here while paused or idle). */
  waitForChange(): Promise<void> {
    return new Promise((resolveWait) => this.#waiters.push(resolveWait));
  }

  /**
   * The loop's view of the steering. `beforeTrial` first runs `due` (e.g. steer-file messages
   * whose trial count has come), then waits while paused. `canResume` says whether anything could
   * still lift a pause (an open terminal); if not, a pause is lifted at once with a notice, so a
   * script cannot hang a run.
   */
  control(
    options: { due?: () => Promise<void>; canResume?: () => boolean; notice?: (text: string) => void } = {},
  ): LoopControl {
    return {
      beforeTrial: async () => {
        this.live();
        await options.due?.();
        while (this.#state.paused && !this.#state.stopped) {
          if (options.canResume && !options.canResume()) {
            options.notice?.('paused, but there is no terminal to /resume from: resuming');
            this.apply({ type: 'resume' }, '(automatic: no input left)');
            break;
          }
          await this.waitForChange();
          await options.due?.();
        }
        return !this.#state.stopped;
      },
      budget: () => this.#state.budget,
      weights: () => this.#state.weights,
    };
  }

  /** Steering in force and past actions as lines for the LLM proposer's prompt. */
  notes(): string[] {
    const log = this.options.study.steeringRecords();
    const lines = log
      .filter((r) => !QUESTION_ACTIONS.has(r.action.type as SteeringAction['type']))
      .map(
        (r) =>
          `after ${r.atTrial} trials: ${describeAction(r.action as SteeringAction)}${r.message && !r.message.startsWith('/') ? ` (user said: "${r.message}")` : ''}`,
      );
    return lines.length ? [...lines, `in force now: ${describeSteering(this.#state)}`] : [];
  }

  #answer(action: SteeringAction): string {
    const { study } = this.options;
    switch (action.type) {
      case 'status':
        return statusText({ study, state: this.#state, running: this.running });
      case 'pareto':
        return paretoText(study);
      case 'explain':
        return explainText(study, action.trial);
      case 'compare':
        return compareText(study, action.a, action.b);
      case 'export': {
        const target = resolveExportTarget({
          path: action.path,
          defaultPath: this.options.exportPath,
          force: action.force,
        });
        // Checked before it was applied; re-checked here only because the file may appear in between.
        return target.ok ? exportBest(study, target.path) : `not exported: ${target.problem}`;
      }
      default:
        return '';
    }
  }

  #confirm(action: SteeringAction): string {
    const done = this.done();
    switch (action.type) {
      case 'pin':
      case 'unpin':
      case 'exclude':
      case 'include':
      case 'narrow':
      case 'widen':
        return `${describeAction(action)}: applies from the next proposal (after ${done} trials). Steering now: ${describeSteering(this.#state)}`;
      case 'weights': {
        const best = this.options.study.best();
        return `weights now ${Object.entries(this.#state.weights)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}; best under them: ${best ? `#${best.number}` : 'none yet'}`;
      }
      case 'add_constraint':
      case 'remove_constraint': {
        const best = this.options.study.best();
        return `constraints now: ${this.#state.constraints.map((c) => `${c.metric}${c.op}${c.value}`).join(', ') || 'none'}; best under them: ${best ? `#${best.number}` : 'none yet'}`;
      }
      case 'budget':
        return `budget now ${action.budget} trials (${done} done)`;
      case 'note':
        return `noted; the LLM proposer sees it from its next proposal${this.options.study.settings.proposer === 'llm' ? '' : ' (built-in proposers ignore notes: use /pin, /exclude, /narrow or /weights)'}`;
      case 'pause':
        return 'pausing: the running trial finishes, then the search waits for /resume';
      case 'resume':
        return 'resuming the search';
      case 'stop':
        return 'stopping: the running trial finishes, then everything is saved';
      default:
        return describeAction(action);
    }
  }

  /** Waiting trials that break the steering are cancelled so they never run. */
  #cancelViolatingWaiting(): string {
    const { study } = this.options;
    const cancelled: string[] = [];
    for (const trial of study.trials({ states: ['waiting'] })) {
      const reasons = steeringViolations({ config: trial.config, space: this.options.space, state: this.#state });
      if (reasons.length > 0 && study.cancelWaiting(trial.id)) cancelled.push(`#${trial.number} (${reasons[0]})`);
    }
    return cancelled.length ? `\ncancelled waiting trial(s) ${cancelled.join(', ')}` : '';
  }

  #enqueue(given: Config, rationale: string): SteeringReply {
    const { study } = this.options;
    const draft = { ...this.#activeDraft(), ...given };
    for (const [name, value] of Object.entries(given)) {
      const reasons = steeringViolations({ config: draft, space: this.options.space, state: this.#state }).filter((r) =>
        r.startsWith(`${name}=`),
      );
      if (reasons.length > 0)
        return {
          ok: false,
          text: `cannot try it: ${reasons[0]}`,
          hint: `Lift that first (/unpin ${name}, /include ${name}=${value} or /widen ${name}).`,
        };
    }
    const config = completeConfig({ space: this.steeredSpace(), draft, fill: (param) => this.#fill(param) });
    const inactive = Object.keys(given).filter((name) => config[name] === undefined);
    const configHash = stableHash(config);
    const existing = study
      .trials()
      .find((t) => t.configHash === configHash && !(t.state === 'failed' && t.error === INTERRUPTED));
    if (existing)
      return {
        ok: true,
        text: `that configuration was already tried as #${existing.number}:\n${explainText(study, existing.number)}`,
      };
    const [trial] = study.enqueue({ proposals: [{ config, rationale }], proposer: 'user' });
    return {
      ok: true,
      text: `queued as #${trial.number}, evaluated next: ${Object.entries(config)
        .map(([k, v]) => `${k}=${v}`)
        .join(
          ' ',
        )}${inactive.length ? `\n(${inactive.join(', ')} ${inactive.length === 1 ? 'has' : 'have'} no effect in this configuration and ${inactive.length === 1 ? 'was' : 'were'} left out)` : ''}`,
    };
  }

  /** What a /try starts from: the best configuration so far, else the baseline, with the pins on top. */
  #activeDraft(): Config {
    const best = this.options.study.best();
    return { ...(best?.config ?? this.options.baseline), ...this.#state.pins };
  }

  #fill(param: Param): ParamValue {
    const base = this.options.baseline[param.name];
    if (base !== undefined && checkValue(param, base) === null) return base;
    if (param.type === 'categorical') return param.values[0];
    return param.type === 'int' ? Math.round((param.low + param.high) / 2) : (param.low + param.high) / 2;
  }

  #notify(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}
