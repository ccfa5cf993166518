import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Starts another process of this executable (bin.js) with `args`, as tune starts its local
 * workers: stdout dropped (tune's own bar shows the study's progress), stderr piped for tune to
 * prefix and pass on, and an IPC channel, which is how the child learns that tune died (see
 * watchParent) and how a standby gets its study. The channel does not keep tune alive.
 */
export function spawnSelf(args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string }): ChildProcess {
  const bin = process.argv[1] ?? fileURLToPath(new URL('./bin.js', import.meta.url));
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  child.channel?.unref();
  return child;
}
