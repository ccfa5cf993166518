/**
 * Resolves after one turn of the event loop (a macrotask, not a microtask). Synchronous work
 * chained by promises never lets the loop run: awaiting this in such a loop lets signal
 * handlers (Ctrl-C, SIGTERM), timers and worker-thread messages through.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
