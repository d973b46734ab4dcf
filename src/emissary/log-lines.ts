/**
 * @module emissary/log-lines
 * Cuts a stream of chunks into log lines. A line ends at `\n` (which is not part of it); a multi-byte
 * character split across chunks is kept whole; a line longer than `maxLine` bytes is emitted in pieces (as
 * the container runtime's log driver does) so a flood without newlines cannot grow without bound; `end`
 * emits what is left.
 */

import { StringDecoder } from 'node:string_decoder';

export class LineSplitter {
  readonly #decoder = new StringDecoder('utf8');
  readonly #emit: (line: string) => void;
  readonly #maxLine: number;
  #pending = '';

  constructor(emit: (line: string) => void, maxLine = 64 * 1024) {
    this.#emit = emit;
    this.#maxLine = maxLine;
  }

  push(chunk: Buffer): void {
    this.#take(this.#decoder.write(chunk));
  }

  end(): void {
    this.#take(this.#decoder.end());
    if (this.#pending !== '') this.#emit(this.#pending);
    this.#pending = '';
  }

  #take(text: string): void {
    if (text === '') return;
    let rest = this.#pending + text;
    for (let nl = rest.indexOf('\n'); nl >= 0; nl = rest.indexOf('\n')) {
      this.#emit(rest.slice(0, nl));
      rest = rest.slice(nl + 1);
    }
    while (rest.length > this.#maxLine) {
      this.#emit(rest.slice(0, this.#maxLine));
      rest = rest.slice(this.#maxLine);
    }
    this.#pending = rest;
  }
}
