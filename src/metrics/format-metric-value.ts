/** A metric value as the tables print it: `n/a` (or `unknown` for cost) when missing, ms, bytes, dollars. */
export function formatMetricValue(key: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return key.startsWith('cost') ? 'unknown' : 'n/a';
  if (key.endsWith('_ms')) return value < 10 ? value.toFixed(2) : value.toFixed(0);
  if (key === 'index_bytes') return formatBytes(value);
  if (key.startsWith('cost')) return `$${value.toFixed(value === 0 ? 0 : 6)}`;
  if (Number.isInteger(value)) return String(value);
  return value.toFixed(3);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}
