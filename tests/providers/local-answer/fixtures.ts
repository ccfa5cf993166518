import type { GenerationContext } from '../../../src/providers/generator.js';

/** Product-docs-like contexts shared by the answerer tests. */
export const SERVER_DOC: GenerationContext = {
  docId: 'server',
  title: 'Server configuration',
  text: `# Server settings

The default port is 7420. You can change it with the \`--port\` flag.
Retention defaults to 14 days. After that, old snapshots are deleted.

| Setting | Default | Description |
| --- | --- | --- |
| max_upload | 512 MB | Largest file accepted |
| timeout | 30 seconds | Request timeout |
`,
};

export const CLI_DOC: GenerationContext = {
  docId: 'cli',
  title: 'Lark CLI',
  text: `## Syncing

Run \`lark sync --dry-run\` to preview changes. Lark does not support Windows.

Supported platforms:
- Linux
- macOS

The Lark CLI is maintained by the Platform Tools team. Lark stores metadata in SQLite by default.
Version 2.3.1 was released on March 3, 2024.`,
};

export const BILLING_DOC: GenerationContext = {
  docId: 'billing',
  title: 'Billing',
  text:
    'Invoices are sent on the first day of each month. The billing contact can be changed in the account settings. ' +
    'Refunds are processed within 10 business days.',
};

export const CONTEXTS: GenerationContext[] = [SERVER_DOC, CLI_DOC];
