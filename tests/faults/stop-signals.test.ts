import { afterEach, describe, expect, it } from 'vitest';
import { listenForStop, signalExitCode, type StopListener } from '../../src/cli/stop-signals.js';

describe('listenForStop (the one stop helper of tune, chat, eval and run)', () => {
  let listener: StopListener | null = null;
  afterEach(() => listener?.dispose());

  it('gives the first signal to the command and exits 128 + n on the one it calls quit', () => {
    const seen: string[] = [];
    const exits: number[] = [];
    listener = listenForStop({
      onStop: ({ signal, count }) => (seen.push(`${signal}:${count}`), count > 1 ? 'quit' : 'stopping'),
      exit: (code) => exits.push(code),
    });
    expect(listener.exitCode()).toBeNull();
    process.emit('SIGTERM');
    expect(listener.signal).toBe('SIGTERM');
    expect(listener.exitCode()).toBe(143);
    expect(exits).toEqual([]);
    process.emit('SIGHUP');
    expect(seen).toEqual(['SIGTERM:1', 'SIGHUP:2']);
    expect(exits).toEqual([129]); // the second signal quits at once, with its own number
    expect(listener.exitCode()).toBe(143); // the command's own stop still reports the first
  });

  it('maps each stop signal to the shell convention and removes its handlers on dispose', () => {
    expect([signalExitCode('SIGINT'), signalExitCode('SIGTERM'), signalExitCode('SIGHUP')]).toEqual([130, 143, 129]);
    const before = process.listenerCount('SIGHUP');
    listener = listenForStop({ onStop: () => 'stopping', exit: () => undefined });
    expect(process.listenerCount('SIGHUP')).toBe(before + 1);
    listener.dispose();
    expect(process.listenerCount('SIGHUP')).toBe(before);
  });
});
