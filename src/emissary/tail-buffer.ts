/**
 * @module emissary/tail-buffer
 * Keeps the last `limit` bytes of a stream, for `outputs.result`: Argo keeps the last 256 KiB of stdout
 * after dropping one trailing newline, so the buffer holds one byte more than the limit.
 */

export class TailBuffer {
  readonly #limit: number;
  #chunks: Buffer[] = [];
  #length = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  push(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#length += chunk.length;
    while (this.#chunks.length > 1 && this.#length - this.#chunks[0]!.length >= this.#limit) {
      this.#length -= this.#chunks.shift()!.length;
    }
  }

  /** The kept bytes (at most `limit`). */
  bytes(): Buffer {
    const all = Buffer.concat(this.#chunks);
    return all.length > this.#limit ? all.subarray(all.length - this.#limit) : all;
  }
}

/** Maximum size of `outputs.result`, as in Argo's executor. */
export const resultLimit = 256 * 1024;

/** Argo's result: one trailing newline dropped, then at most the last 256 KiB. */
export function resultOf(stdoutTail: Buffer): string {
  let b = stdoutTail;
  if (b.length > 0 && b[b.length - 1] === 0x0a) b = b.subarray(0, b.length - 1);
  if (b.length > resultLimit) b = b.subarray(b.length - resultLimit);
  return b.toString('utf8');
}
