import { createHash } from 'node:crypto';

/**
 * A value that proves it is whole: `key|writer|seq|` followed by padding derived from that
 * header. A torn or mixed read (half of one write, half of another) fails {@link checkValue}.
 */
export function makeValue(options: { key: string; writer: string; seq: number; bytes: number }): Buffer {
  const header = `${options.key}|${options.writer}|${options.seq}|`;
  return Buffer.from(header + padding(header, options.bytes - header.length));
}

/** True when `value` is a whole value made by {@link makeValue} for `key`. */
export function checkValue(value: Buffer, key: string): boolean {
  const text = value.toString('utf8');
  const parts = text.split('|');
  if (parts.length !== 4 || parts[0] !== key) return false;
  const header = `${parts[0]}|${parts[1]}|${parts[2]}|`;
  return parts[3] === padding(header, text.length - header.length);
}

function padding(header: string, length: number): string {
  const block = createHash('sha256').update(header).digest('hex');
  return block.repeat(Math.ceil(Math.max(length, 0) / block.length)).slice(0, Math.max(length, 0));
}
