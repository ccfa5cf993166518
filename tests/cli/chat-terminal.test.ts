import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStudyStore } from '../../src/store/sqlite-study-store.js';

const BIN = join(__dirname, '../../dist/src/cli/bin.js');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const SESSION = `tune-rag-chat-${process.pid}`;

const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', SESSION, ...args], { encoding: 'utf8' });
/** The whole pane including scrollback, as a user would see it. */
const screen = (): string => tmux('capture-pane', '-p', '-J', '-S', '-2000', '-t', SESSION);
const type = (text: string): void => void tmux('send-keys', '-t', SESSION, '-l', text);
const enter = (): void => void tmux('send-keys', '-t', SESSION, 'Enter');

async function waitFor(test: (text: string) => boolean, what: string, timeoutMs = 60_000): Promise<string> {
  const started = Date.now();
  for (;;) {
    const text = screen();
    if (test(text)) return text;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}; screen:\n${text}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

const trialLines = (text: string): number => text.split('\n').filter((l) => /^#\d+ +(complete|pruned|failed)/.test(l)).length;

// A real chat session in a real terminal (tmux), driven by keystrokes like a user.
describe.skipIf(!hasTmux)('tune-rag chat in a terminal', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-chat-tty-'));
  afterAll(() => {
    spawnSync('tmux', ['-L', SESSION, 'kill-server']);
  });

  it('streams trials above a prompt that keeps what the user types; /pin, /exclude, /why and /stop work', async () => {
    const command = `cd ${cwd} && TUNE_RAG_DEBUG= ${process.execPath} ${BIN} chat --dataset demo --budget 40 --seed 2; echo "EXIT=$?"; sleep 60`;
    tmux('new-session', '-d', '-s', SESSION, '-x', '220', '-y', '50', command);
    await waitFor((t) => t.includes('Steer with /commands'), 'the chat to start');
    type('/pin generator=extractive-sentence');
    enter();
    type('/exclude retrieval=dense,hybrid');
    enter();
    await waitFor((t) => t.includes('Steering now: pinned generator=extractive-sentence; excluded retrieval=dense|hybrid'), 'the exclusion to be applied');

    // Type without Enter while trials keep finishing: the prompt line must keep the text intact.
    type('/why 1');
    const before = trialLines(screen());
    const during = await waitFor((t) => trialLines(t) >= before + 2 && trialLines(t) >= 4, 'two more trials while typing');
    const lines = during.split('\n').filter((l) => l.trim() !== '');
    const last = lines[lines.length - 1];
    expect(last).toMatch(/^\[\d+\/40 · .*\] › \/why 1$/);
    expect(lines.filter((l) => l.includes('› /why 1'))).toHaveLength(1);
    // Progress lives in the prompt: done/total, elapsed, ETA, best so far.
    expect(last).toMatch(/^\[\d+\/40 · \d+s · ETA [\dms]+ · best #\d+ quality 0\.\d{3}/);
    for (const line of lines.filter((l) => /^#\d+ /.test(l))) expect(line).toMatch(/^#\d+ +(complete|pruned|failed)( at rung \d\/\d)? \(\w+\) quality /);

    enter();
    const why = await waitFor((t) => /#1: proposed by auto\n {2}why: \S.+\n {2}config: /.test(t), 'the /why answer');
    expect(why).toMatch(/#1: proposed by auto\n {2}why: auto\/\S+/);

    type('/stop');
    enter();
    const end = await waitFor((t) => t.includes('EXIT='), 'the chat to end', 120_000);
    expect(end).toMatch(/stopping: the running trial finishes, then everything is saved/);
    expect(end).toMatch(/Steering log \(\d+ action\(s\)\):/);
    expect(end).toMatch(/EXIT=0/);
    expect(end).toMatch(/wrote .*best\.json/);

    // Everything is in the store: each action with its trial count, and every trial proposed after
    // the pin and the exclusion honours them.
    const store = new SqliteStudyStore({ path: join(cwd, '.tune-rag/tune-rag.db') });
    try {
      const [study] = store.listStudies();
      const steering = store.listSteering(study.id);
      expect(steering.map((s) => s.action.type)).toEqual(['pin', 'exclude', 'explain', 'stop']);
      const exclusionAt = steering[1].createdAt;
      const trials = store.listTrials({ studyId: study.id });
      const after = trials.filter((t) => t.createdAt > exclusionAt);
      expect(after.length).toBeGreaterThan(2);
      for (const trial of after) {
        expect(trial.config.generator).toBe('extractive-sentence');
        expect(trial.config.retrieval).toBe('bm25');
      }
      expect(trials.filter((t) => t.state === 'running' || t.state === 'waiting')).toEqual([]);
      expect(trials.length).toBeLessThan(40); // /stop ended it early
    } finally {
      store.close();
    }
  }, 180_000);
});
