/**
 * @module emissary/runtimes/process/launcher/shell-line
 * The shell code that the step launcher (`launcher.ts`) hands its bash for one step. Pure: what goes in is
 * a step's command, environment and the launcher's own paths; what comes out is one line of shell that
 * starts the step in the background and reports on the launcher's event pipe:
 *
 * - `S <id> <pid>` once the step's process is forked (its pid, and its process group's for a plain step);
 * - `E <id> <status>` once it exited (`$?` of `wait`: the exit code, or 128+N for signal N), after what
 *   was left of a plain step's process group (background jobs) was killed, as a pod's containers would be
 *   torn down (a sandbox's processes end with its PID namespace).
 *
 * Each line first runs `jobs`, which reaps the wrappers that have ended since the last line: a long run
 * piles up no zombies, and the shell's job table stays small.
 *
 * The step's stdin is /dev/null, its stdout and stderr are files (read by the launcher), and, under
 * bubblewrap, its fd 3 (bwrap's JSON status) is a third file; its wrapper opens them, and reports `S` only
 * after, so the files are the step's own by the time the launcher reads (or reuses) them.
 *
 * The wrapper forks the step with bash's job control on (`set -m`, off again at once), which is what bash
 * is here for: the step leads a process group of its own (bash sets it in parent and child before `$!` is
 * known, so a signal to the group never misses), and it starts with the signal dispositions a container
 * gets. A POSIX shell without job control starts a background command with SIGINT and SIGQUIT ignored,
 * which `exec` keeps; with it, a plain step would also need `setsid`, one more exec per step. bwrap makes
 * its sandbox's session itself (`--new-session`).
 *
 * The wrapper traps SIGHUP, which the launcher's shell sends its whole process group when its input ends
 * (the engine closed it or died): it then kills its step (and a plain step's group) before it goes.
 * Every name the line carries is quoted (`shellQuote`); nothing in it is evaluated twice.
 */

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
}

export interface StepLine {
  id: number;
  file: string;
  args: readonly string[];
  env: Readonly<Record<string, string>>;
  cwd?: string;
  /** Where the step's stdout, stderr and (sandboxed) bwrap status go: `<prefix>.o`, `.e`, `.s`. */
  filePrefix: string;
  /** The step is bwrap with `--json-status-fd 3`. */
  bwrapStatus?: boolean;
}

/** Exit code of a step whose working directory cannot be entered (the command never ran). */
export const noWorkingDirExit = 127;

/** The line (newline included) that starts one step. */
export function stepLine(step: StepLine, tools: LauncherTools): string {
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
  const argv = odd.length > 0 ? [q(tools.env), ...odd, ...command] : command;
  // The wrapper opens (and truncates) the step's files before it forks the step, so `S` never comes
  // before them: the launcher may read them, or reuse them, as soon as it has `S`. Its events go out on
  // fd 9, a copy of the shell's stdout that the step does not get.
  let redirects = `9>&1 </dev/null >${q(`${step.filePrefix}.o`)} 2>${q(`${step.filePrefix}.e`)}`;
  inner.push(`exec ${argv.join(' ')}`);
  let kill: string;
  let after: string;
  if (step.bwrapStatus) {
    redirects += ` 3>${q(`${step.filePrefix}.s`)}`;
    kill = 'kill -KILL $p';
    after = '';
  } else {
    kill = 'kill -KILL -$p';
    after = ` ${kill} 2>/dev/null;`;
  }
  const id = step.id;
  const trap = `trap '${kill} 2>/dev/null; exit 129' HUP`;
  const fork = `set -m; ( ${inner.join('; ')} ) 9>&- & p=$!; set +m`;
  const body = `${fork}; echo "S ${id} $p" >&9; wait $p; s=$?;${after} echo "E ${id} $s" >&9`;
  return `jobs >/dev/null; { ${trap}; ${body}; } ${redirects} &\n`;
}

/**
 * What the launcher's shell runs first: on its exit, its whole process group gets SIGHUP (see above) and
 * the launcher's directory `dir` is removed, even when the engine died without a word. Then it runs what
 * comes in `frame`s until its input ends. bash reads a script from a pipe one byte at a time (so as not to
 * read past what it runs); `read -N` reads a frame's code in one go.
 */
export function prelude(dir: string): string {
  const rm = `rm -rf -- ${shellQuote(dir)}`;
  return `trap ${shellQuote(`trap "" HUP; kill -HUP 0; ${rm}`)} EXIT\nwhile read -r n && read -r -N "$n" c; do eval "$c"; done\n`;
}

/**
 * Code for the shell's loop (see `prelude`): its length, a newline, the code. The shell runs in the C
 * locale (an empty environment), where `read -N` counts bytes.
 */
export function frame(code: string): string {
  return `${Buffer.byteLength(code, 'utf8')}\n${code}`;
}

export type LauncherEvent =
  | { kind: 'S'; id: number; pid: number }
  | { kind: 'E'; id: number; status: number };

/** One event line (without its newline); undefined for anything else. */
export function parseEvent(line: string): LauncherEvent | undefined {
  const m = /^([SE]) (\d+) (\d+)$/.exec(line);
  if (!m) return undefined;
  const id = Number(m[2]);
  const n = Number(m[3]);
  return m[1] === 'E' ? { kind: 'E', id, status: n } : { kind: 'S', id, pid: n };
}
