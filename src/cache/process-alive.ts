/**
 * Whether a process with this id runs on this machine: a temp file it owns may be a write in
 * progress, a lease it holds may still be computing. Only meaningful for pids of this host.
 */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
