/**
 * @module main/home
 * Where nuncio keeps its state on this machine: `$NUNCIO_HOME`, else `~/.nuncio`. The database, the
 * artifact repository, task scratch directories and volume directories live under it.
 */

import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface HomeLayout {
  root: string;
  /** SQLite database directory. */
  db: string;
  /** The local-directory artifact repository. */
  artifacts: string;
  /** Per-task scratch directories (removed when tasks end). */
  work: string;
  /** Per-workflow and per-namespace volume directories. */
  data: string;
  /** Memoization caches. */
  memo: string;
}

export function nuncioHome(env: NodeJS.ProcessEnv = process.env): string {
  const h = env.NUNCIO_HOME;
  return h ? resolve(h) : join(homedir(), '.nuncio');
}

export function homeLayout(root: string = nuncioHome()): HomeLayout {
  return {
    root,
    db: root,
    artifacts: join(root, 'artifacts'),
    work: join(root, 'work'),
    data: join(root, 'data'),
    memo: join(root, 'memo'),
  };
}
