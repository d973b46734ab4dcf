/**
 * @module emissary/runtimes/process/shims/argosay
 * A stand-in for `argoproj/argosay:v2`'s `/argosay`, which Argo's examples and e2e fixtures use. Same
 * commands, arguments, output and exit codes as the real one (test/e2e/images/argosay/v2/main):
 *
 *   argosay                            prints "hello argo"
 *   argosay echo [text [file]]         prints text (default "hello argo"), or writes it to file (no newline)
 *   argosay cat [file...]              copies the files to stdout
 *   argosay sleep duration             sleeps for a Go duration (10s, 1m30s, 500ms, ...)
 *   argosay exit [code]                exits with code (default 0)
 *   argosay assert_contains file text  fails unless file contains text
 *
 * Errors exit with code 2 and the message on stderr, as a Go panic would. This file runs as its own process
 * (`node argosay.js ...`): it imports nothing from the rest of nuncio.
 */

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

class ExitError extends Error {
  readonly code: number;
  constructor(code: number) {
    super(`exit code ${code}`);
    this.code = code;
  }
}

const units: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Milliseconds of a Go duration string; throws on anything Go's time.ParseDuration would refuse. */
function parseGoDuration(text: string): number {
  const m = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(text);
  if (text === '0') return 0;
  if (!m) throw new Error(`time: invalid duration "${text}"`);
  let total = 0;
  for (const part of text.replace(/^[-+]/, '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(part[1]) * (units[part[2]!] ?? 0);
  }
  return m[1] === '-' ? -total : total;
}

async function argosay(args: string[]): Promise<void> {
  const [cmd = 'echo', ...rest] = args;
  switch (cmd) {
    case 'assert_contains': {
      if (rest.length !== 2) throw new Error('usage: assert_contains data string');
      const [file, text] = rest as [string, string];
      const data = readFileSync(file, 'utf8');
      if (!data.includes(text)) throw new Error(`expected "${file}" to contain "${text}", but was "${data}"`);
      return;
    }
    case 'cat':
      for (const file of rest) process.stdout.write(readFileSync(file));
      return;
    case 'echo':
      if (rest.length === 0) process.stderr.write('hello argo\n');
      else if (rest.length === 1) process.stderr.write(`${rest[0]}\n`);
      else if (rest.length === 2) {
        mkdirSync(dirname(rest[1]!), { recursive: true, mode: 0o777 });
        writeFileSync(rest[1]!, rest[0]!, { mode: 0o666 });
      } else throw new Error('usage: argosay echo [string] [file]');
      return;
    case 'exit': {
      if (rest.length !== 1) return;
      const code = Number.parseInt(rest[0]!, 10);
      if (!/^[-+]?\d+$/.test(rest[0]!)) throw new Error(`strconv.Atoi: parsing "${rest[0]}": invalid syntax`);
      if (code !== 0) throw new ExitError(code);
      return;
    }
    case 'sleep': {
      if (rest.length !== 1) throw new Error('usage: argosay sleep duration');
      const ms = parseGoDuration(rest[0]!);
      await new Promise((ok) => setTimeout(ok, Math.max(0, ms)));
      return;
    }
    default:
      throw new Error(
        'usage: argosay [assert_contains file string|cat [file...]|echo [string] [file]|sleep duration|exit [code]]',
      );
  }
}

argosay(process.argv.slice(2)).then(
  () => process.exit(0),
  (e: unknown) => {
    if (e instanceof ExitError) process.exit(e.code & 0xff);
    process.stderr.write(`panic: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  },
);
