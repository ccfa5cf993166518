/**
 * PostgreSQL connection URLs as the study store sees them: how `--db` / `TUNE_RAG_STORAGE` tells
 * a URL from a SQLite path, and the URL as it may be shown (messages, logs, the store's `location`):
 * never with its password.
 */

/** True for `postgres://...` and `postgresql://...` (any case), the two schemes libpq accepts. */
export function isPostgresUrl(storage: string): boolean {
  return /^postgres(ql)?:\/\//i.test(storage.trim());
}

/**
 * The URL with its password (in the userinfo or a `password=` query parameter) replaced by `***`.
 * A URL that does not parse is reduced to its scheme, since any part of it may be a secret.
 */
export function redactPostgresUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${url.split(':')[0]}://(unparsable URL)`;
  }
  if (parsed.password) parsed.password = '***';
  if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
  return parsed.toString();
}

/** The URL's password (decoded), so error text from the server can be scrubbed of it; '' when none. */
export function postgresPassword(url: string): string {
  try {
    const parsed = new URL(url);
    return decodeURIComponent(parsed.password) || parsed.searchParams.get('password') || '';
  } catch {
    return '';
  }
}
