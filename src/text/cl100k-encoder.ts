import cl100k from 'js-tiktoken/ranks/cl100k_base';

/**
 * cl100k_base byte-pair encoding of one pre-tokenizer piece, token for token what js-tiktoken's
 * `Tiktoken.encode(piece, [], [])` returns, with a cheaper start-up.
 *
 * Why not `new Tiktoken(cl100k)`: its constructor turns each of the 100k ranks into an object
 * key, a byte array and a `"104,101,108"` string key, which costs about a second of CPU and as
 * much again in garbage collection on this project's 2-core machines. Every `tune`, `run` and
 * `worker` process counts tokens, so every process paid it before its first trial (a local
 * worker started that much later). Here a token's key is its bytes as a binary string (one char
 * per byte, what `atob` returns), so building the table is one native decode and one Map insert
 * per rank, and ASCII pieces (most of natural text) are their own key with no conversion.
 */
export class Cl100kEncoder {
  /** Binary string of a token's bytes → its rank (token id). */
  private readonly ranks = new Map<string, number>();
  /** Rank → binary string of its bytes (ordinary tokens only). */
  private readonly tokenBytes: string[] = [];
  private readonly specialBytes = new Map<number, Uint8Array>();
  private readonly textEncoder = new TextEncoder();
  private readonly textDecoder = new TextDecoder('utf-8');

  constructor() {
    for (const line of cl100k.bpe_ranks.split('\n')) {
      if (line === '') continue;
      // "<name> <first rank> <base64 of token bytes>...": consecutive ranks from the first.
      const fields = line.split(' ');
      const first = Number.parseInt(fields[1] ?? '0', 10);
      for (let i = 2; i < fields.length; i++) {
        const bytes = atob(fields[i] as string);
        this.ranks.set(bytes, first + i - 2);
        this.tokenBytes[first + i - 2] = bytes;
      }
    }
    for (const [text, rank] of Object.entries(cl100k.special_tokens)) {
      this.specialBytes.set(rank, this.textEncoder.encode(text));
    }
  }

  /** The cl100k pre-tokenizer pattern (split text into pieces with it, then encode each piece). */
  static piecePattern(): RegExp {
    return new RegExp(cl100k.pat_str, 'gu');
  }

  /** Token ids of one piece (special-token text is ordinary text here). */
  encodePiece(piece: string): number[] {
    const key = asciiOnly(piece) ? piece : this.binaryUtf8(piece);
    const whole = this.ranks.get(key);
    if (whole !== undefined) return [whole];
    return this.mergePairs(key);
  }

  /** UTF-8 length in bytes of token `rank` (0 for an unknown rank). */
  byteLength(rank: number): number {
    return this.tokenBytes[rank]?.length ?? this.specialBytes.get(rank)?.length ?? 0;
  }

  /** Text of token ids; a multi-byte character cut at either edge decodes to U+FFFD. */
  decode(tokens: readonly number[]): string {
    const parts: Uint8Array[] = [];
    let length = 0;
    for (const token of tokens) {
      const binary = this.tokenBytes[token];
      const bytes = binary === undefined ? this.specialBytes.get(token) : binaryToBytes(binary);
      if (bytes === undefined) continue;
      parts.push(bytes);
      length += bytes.length;
    }
    const merged = new Uint8Array(length);
    let offset = 0;
    for (const bytes of parts) {
      merged.set(bytes, offset);
      offset += bytes.length;
    }
    return this.textDecoder.decode(merged);
  }

  /**
   * The BPE merge loop of tiktoken: start from single bytes and repeatedly merge the adjacent
   * pair with the lowest rank (the leftmost on a tie) until no adjacent pair is a token.
   */
  private mergePairs(key: string): number[] {
    // starts[i] is where part i begins; part i ends where part i + 1 begins (or at the end).
    const starts = Array.from({ length: key.length + 1 }, (_, i) => i);
    while (starts.length > 2) {
      let best = -1;
      let bestRank = Infinity;
      for (let i = 0; i < starts.length - 2; i++) {
        const rank = this.ranks.get(key.slice(starts[i], starts[i + 2]));
        if (rank !== undefined && rank < bestRank) {
          bestRank = rank;
          best = i;
        }
      }
      if (best < 0) break;
      starts.splice(best + 1, 1);
    }
    const tokens: number[] = [];
    for (let i = 0; i < starts.length - 1; i++) {
      // Every single byte is a token, so a part always has a rank.
      const rank = this.ranks.get(key.slice(starts[i], starts[i + 1]));
      if (rank !== undefined) tokens.push(rank);
    }
    return tokens;
  }

  /** The UTF-8 bytes of `text` as a binary string (lone surrogates become U+FFFD's bytes, as TextEncoder does). */
  private binaryUtf8(text: string): string {
    const bytes = this.textEncoder.encode(text);
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return binary;
  }
}

function asciiOnly(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

function binaryToBytes(binary: string): Uint8Array {
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
