/**
 * @module emissary/progress-watch
 * A step's self-reported progress, as Argo's executor watches it (workflow/executor/executor.go,
 * `monitorProgress`): while the main container runs, the file named by `ARGO_PROGRESS_FILE` is read every
 * tick (Argo's `ARGO_PROGRESS_FILE_TICK_DURATION`, 3 s by default); its last line, trimmed, is the step's
 * progress when it is a valid `N/M`. A missing file, a line that is not `N/M` or one seen before changes
 * nothing.
 *
 * Argo's executor sends what it read to the controller once a minute; the watch reports a new value at
 * the tick that reads it. Nothing is read after the step ends, as in Argo: a step that is done within a
 * tick reports nothing, and its node completes as any other.
 */

import { readFile } from 'node:fs/promises';
import { parseProgress } from '../spec/progress.ts';

/** How often the progress file is read while the step runs, ms (Argo's default file tick). */
export const progressTickMs = 3000;

/** A file's last line, trimmed (after trailing blank lines). */
function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1]!.trim();
}

export class ProgressWatch {
  readonly #file: string;
  readonly #report: (progress: string) => void;
  readonly #timer: NodeJS.Timeout;
  #lastLine = '';
  #reading = false;
  #stopped = false;

  constructor(file: string, tickMs: number, report: (progress: string) => void) {
    this.#file = file;
    this.#report = report;
    this.#timer = setInterval(() => void this.#tick(), tickMs);
    // A running step holds the event loop already; the watch never does.
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    if (this.#reading) return;
    this.#reading = true;
    try {
      const text = await readFile(this.#file, 'utf8').catch(() => undefined);
      if (text === undefined || this.#stopped) return;
      const last = lastLine(text);
      if (last === this.#lastLine) return;
      this.#lastLine = last;
      if (parseProgress(last)) this.#report(last);
    } finally {
      this.#reading = false;
    }
  }

  stop(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
  }
}
