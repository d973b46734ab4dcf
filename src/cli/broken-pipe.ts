/**
 * @module cli/broken-pipe
 * Output to a pipe whose reader has gone (`nuncio get -o json | head`) is no error of the user's. Node
 * would throw EPIPE from the stream, with a stack trace. A read verb ends at once with status 141 (what a
 * shell reports for a command that SIGPIPE ended, as `argo` would end). `nuncio run` instead drops the
 * rest of its output and runs on: its workflow's steps live in its process, and a closed reader must not
 * end the workflow.
 */

/** Status of a command that SIGPIPE ended, as shells report it (128 + 13). */
export const brokenPipeExit = 141;

/** Makes EPIPE on stdout and stderr quiet (see the module comment). */
export function guardBrokenPipes(keepRunning: boolean): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      if (!keepRunning) process.exit(brokenPipeExit);
      // Whatever comes next goes nowhere, without another error.
      stream.write = ((_chunk: unknown, ...rest: unknown[]) => {
        const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
        done?.();
        return true;
      }) as typeof stream.write;
    });
  }
}
