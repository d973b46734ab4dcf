/**
 * @module emissary/runtimes/process/launcher/shell-line
 * The shell code of the step launcher (`launcher.ts`). Pure: what goes in is a step's command, environment
 * and the launcher's own paths; what comes out is bash.
 *
 * The launcher's bash (the guard) runs `prelude`: it reads frames from the engine and either runs one
 * itself (to start a lane) or passes it to a lane. A lane is a bash forked by the guard that runs one step
 * at a time, as long as the launcher lives: the engine hands a step only to an idle lane, and starts a new
 * lane when none is idle, so there are as many lanes as steps ever ran at once. A lane runs a step's code
 * (`stepCode`), which forks the step and reports on the launcher's event pipe (the guard's stdout, which
 * lanes share; each event is one write, shorter than a pipe's atomic size):
 *
 * - `S <id> <pid>` once the step's process is forked (its pid, and its process group's);
 * - `E <id> <status>` once it exited (`$?` of `wait`: the exit code, or 128+N for signal N), after what
 *   was left of a plain step's process group (background jobs) was killed, as a pod's containers would be
 *   torn down (a sandbox's processes end with its PID namespace);
 * - `L <lane> <pid>` from the guard once it started a lane;
 * - `X <lane>` from the guard when a lane is gone and could not take its step.
 *
 * One fork per step: the lane is the step's parent, and waits for it. (A shell cannot wait for a child and
 * read its input at once, so without lanes each step needed a wrapper forked for it.)
 *
 * The step's stdin is /dev/null, its stdout and stderr are files (read by the launcher), and, under
 * bubblewrap, its fd 3 (bwrap's JSON status) is a third file; the lane opens them before it forks the
 * step and reports `S` only after, so the files are the step's own by the time the launcher reads (or
 * reuses) them.
 *
 * The lane forks the step with bash's job control on (`set -m`, off again at once), which is what bash
 * is here for: the step leads a process group of its own (bash sets it in parent and child before `$!` is
 * known, so a signal to the group never misses), and it starts with the signal dispositions a container
 * gets. A POSIX shell without job control starts a background command with SIGINT and SIGQUIT ignored,
 * which `exec` keeps; with it, a plain step would also need `setsid`, one more exec per step. bwrap makes
 * its sandbox's session itself (`--new-session`).
 *
 * When the guard's input ends (the engine closed it or died) it sends SIGHUP to its process group, which
 * holds the lanes (steps lead groups of their own): a busy lane kills its step (and a plain step's group)
 * and exits; an idle one finds its own input ended. Every name the code carries is quoted (`shellQuote`);
 * nothing in it is evaluated twice.
 */

import type { ChildOptions } from '../child.ts';

/** One argument for `sh`, quoted so that the shell passes it through unchanged (newlines included). */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/** Names `export` accepts; anything else goes to the step through `env`. */
const shellName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The launcher's own helpers, absolute paths found once. */
export interface LauncherTools {
  /** The bash the launcher runs. */
  bash: string;
  /** `env`, for environment names the shell cannot export. */
  env: string;
  /** util-linux `fallocate`, to free what was read of a step's output file; without it, nothing is freed. */
  fallocate?: string;
}

/** A step as the launcher was given it (`bwrapStatus`: the step is bwrap with `--json-status-fd 3`). */
export interface LaneStep extends Readonly<ChildOptions> {
  id: number;
  /** Where the step's stdout, stderr and (sandboxed) bwrap status go: `<prefix>.o`, `.e`, `.s`. */
  filePrefix: string;
  /**
   * The step's `argv[0]` when `file` is where its command was found (`sh` for `/usr/bin/sh`): a program
   * sees its name as given, as it would in a container or from `spawn`.
   */
  argv0?: string;
}

/**
 * The guard's code that frees the first `length` bytes of output file `path` (already read) by punching a
 * hole: the file keeps its size and the step writes on after it, while memory (the files live on a tmpfs
 * when there is one) or disk holds only what is not read yet. The guard runs its frames in order, so this
 * ends before a later step's frame can truncate a reused file; a file removed meanwhile is no error.
 */
export function freeReadCode(fallocate: string, path: string, length: number): string {
  return `${shellQuote(fallocate)} -p -o 0 -l ${length} -- ${shellQuote(path)} 2>/dev/null\n`;
}

/** Exit code of a step whose working directory cannot be entered (the command never ran). */
export const noWorkingDirExit = 127;

/** The code (newline included) that a lane runs for one step. */
export function stepCode(step: LaneStep, tools: LauncherTools): string {
  const q = shellQuote;
  const inner: string[] = [];
  if (step.cwd) inner.push(`cd -- ${q(step.cwd)} || exit ${noWorkingDirExit}`);
  // `cd` sets PWD and OLDPWD in the shell, bash exports SHLVL and `_`, and the launcher's shell starts
  // with an empty environment: the step gets exactly the environment it asked for.
  inner.push('unset PWD OLDPWD SHLVL _');
  const odd: string[] = [];
  for (const [name, value] of Object.entries(step.env)) {
    if (shellName.test(name)) inner.push(`export ${name}=${q(value)}`);
    else odd.push(q(`${name}=${value}`));
  }
  const command = [step.file, ...step.args].map(q);
  // `env` gets the path (its own lookup could differ); bash's `exec -a` gives the name.
  if (odd.length > 0) inner.push(`exec ${[q(tools.env), ...odd, ...command].join(' ')}`);
  else if (step.argv0 !== undefined && step.argv0 !== step.file)
    inner.push(`exec -a ${q(step.argv0)} ${command.join(' ')}`);
  else inner.push(`exec ${command.join(' ')}`);
  // Opened (and truncated) before the fork: `S` never comes before the step's files are its own.
  let open = `exec 5>${q(`${step.filePrefix}.o`)} 6>${q(`${step.filePrefix}.e`)}`;
  let give = '</dev/null >&5 2>&6';
  let close = 'exec 5>&- 6>&-';
  if (step.bwrapStatus) {
    open += ` 7>${q(`${step.filePrefix}.s`)}`;
    give += ' 3>&7 7>&-';
    close += ' 7>&-';
  }
  give += ' 5>&- 6>&-';
  // `g` is what the lane's SIGHUP trap kills: a plain step's process group, bwrap itself (its sandbox ends
  // with it). A plain step's group is killed again once the step exited: its background jobs.
  const group = step.bwrapStatus ? '$p' : '-$p';
  const leftovers = step.bwrapStatus ? '' : ' kill -KILL -$p 2>/dev/null;';
  const id = step.id;
  return (
    `${open}; set -m; ( ${inner.join('; ')} ) ${give} & p=$!; g=${group}; set +m; ${close}; ` +
    `echo "S ${id} $p"; wait $p; s=$?;${leftovers} g=; echo "E ${id} $s"\n`
  );
}

/**
 * What the launcher's shell (the guard) runs first: on its exit, its whole process group (itself and the
 * lanes) gets SIGHUP and the launcher's directory `dir` is removed, even when the engine died without a
 * word. Then it runs what comes in frames (`frame`) until its input ends: a frame for `-` is the guard's
 * own (`newLane`), any other goes to that lane. bash reads a script from a pipe one byte at a time (so as
 * not to read past what it runs); `read -N` reads a frame's code in one go. A lane closes the other lanes'
 * pipes it inherited, so that its steps get none of them and its input ends with the guard.
 */
export function prelude(dir: string): string {
  const rm = `rm -rf -- ${shellQuote(dir)}`;
  return [versionCheck, `trap ${shellQuote(`trap "" HUP; kill -HUP 0; ${rm}`)} EXIT`, ...guard, ''].join(
    '\n',
  );
}

/** `read -N` and `{f}>` came with bash 4.1, `$!` of a process substitution with 4.4. */
const versionCheck = `[ "\${BASH_VERSINFO[0]}" -gt 4 ] || { [ "\${BASH_VERSINFO[0]}" -eq 4 ] && [ "\${BASH_VERSINFO[1]}" -ge 4 ]; } || { echo "the step launcher needs bash 4.4 or later, not $BASH_VERSION" >&2; exit 3; }`;

/** The lanes' function and the guard's loop (see `prelude`). */
const guard = [
  // A handler, not `trap ''`: an ignored signal would stay ignored in every step.
  'trap : PIPE',
  `lane() { for f in "\${l[@]}"; do exec {f}>&-; done; g=; trap '[ -z "$g" ] || kill -KILL $g 2>/dev/null; exit 129' HUP; while read -r n && read -r -N "$n" c; do eval "$c"; done; }`,
  `while read -r k n && read -r -N "$n" c; do if [ "$k" = - ]; then eval "$c"; else printf '%s\\n%s' "$n" "$c" >&"\${l[k]}" 2>/dev/null || echo "X $k"; fi; done`,
];

/** The guard's code that starts lane `k` and reports its pid (`L <lane> <pid>`). */
export function newLane(k: number): string {
  return `f=; exec {f}> >(lane) && l[${k}]=$f && echo "L ${k} $!"\n`;
}

/**
 * A frame for the guard's loop (see `prelude`): to whom (`-` the guard, else a lane's number), the code's
 * length, a newline, the code. The shell runs in the C locale (an empty environment), where `read -N`
 * counts bytes.
 */
export function frame(to: number | '-', code: string): string {
  return `${to} ${Buffer.byteLength(code, 'utf8')}\n${code}`;
}

export type LauncherEvent =
  | { kind: 'S'; id: number; pid: number }
  | { kind: 'E'; id: number; status: number }
  | { kind: 'L'; lane: number; pid: number }
  | { kind: 'X'; lane: number };

/** One event line (without its newline); undefined for anything else. */
export function parseEvent(line: string): LauncherEvent | undefined {
  const x = /^X (\d+)$/.exec(line);
  if (x) return { kind: 'X', lane: Number(x[1]) };
  const m = /^([SEL]) (\d+) (\d+)$/.exec(line);
  if (!m) return undefined;
  const id = Number(m[2]);
  const n = Number(m[3]);
  if (m[1] === 'L') return { kind: 'L', lane: id, pid: n };
  return m[1] === 'E' ? { kind: 'E', id, status: n } : { kind: 'S', id, pid: n };
}
