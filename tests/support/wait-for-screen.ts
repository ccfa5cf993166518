/**
 * Polls a terminal screen (a tmux capture-pane reader) until `test` accepts it, and returns that
 * screen; after `timeoutMs` it throws with what it waited for and the last screen, so a failing
 * terminal test shows what the user would have seen.
 */
export async function waitForScreen(options: {
  read: () => string;
  test: (text: string) => boolean;
  what: string;
  timeoutMs?: number;
  intervalMs?: number;
}): Promise<string> {
  const { read, test, what, timeoutMs = 60_000, intervalMs = 150 } = options;
  const started = Date.now();
  for (;;) {
    const text = read();
    if (test(text)) return text;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}; screen:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
