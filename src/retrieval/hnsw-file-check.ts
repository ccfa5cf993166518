import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** hnswlib's saveIndex header: 11 size_t/int fields and a double, 96 bytes (hnswalg.h). */
const HEADER_BYTES = 96;

/**
 * The length an hnswlib index file must have, walked from its own header (element count and
 * per-element size) and per-element link-list lengths, compared with its real length. hnswlib's
 * writer ignores stream errors, so a disk that fills mid-write leaves a short file that looks
 * written: this is how the write is checked. Returns null when the file is complete, else why not.
 */
export function hnswFileProblem(path: string): string | null {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size < HEADER_BYTES) return `${size} bytes, shorter than the ${HEADER_BYTES}-byte header`;
    const header = Buffer.alloc(HEADER_BYTES);
    readSync(fd, header, 0, HEADER_BYTES, 0);
    const count = Number(header.readBigUInt64LE(16));
    const perElement = Number(header.readBigUInt64LE(24));
    let position = HEADER_BYTES + count * perElement;
    const word = Buffer.alloc(4);
    for (let i = 0; i < count; i++) {
      if (position + 4 > size) return `${size} bytes, truncated at element ${i} of ${count}`;
      readSync(fd, word, 0, 4, position);
      position += 4 + word.readUInt32LE(0);
    }
    return position === size ? null : `${size} bytes, expected ${position}`;
  } finally {
    closeSync(fd);
  }
}
