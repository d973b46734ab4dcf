/**
 * @module main/memo-cache
 * The memoization caches (`memoize.cache.configMap.name`) of embedded mode: one JSON file per namespace and
 * cache under `$NUNCIO_HOME/memo`, holding what Argo keeps in that ConfigMap (key → node ID, outputs,
 * creation time). Writes go to a temporary file renamed over the old one, so a crash never leaves half a
 * cache.
 */

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MemoCache, MemoEntry } from '../controller/options.ts';

type CacheFile = Record<string, MemoEntry>;

export class FileMemoCache implements MemoCache {
  readonly #dir: string;
  readonly #loaded = new Map<string, CacheFile>();

  constructor(dir: string) {
    this.#dir = dir;
  }

  #file(namespace: string, cacheName: string): string {
    return join(this.#dir, encodeURIComponent(namespace), `${encodeURIComponent(cacheName)}.json`);
  }

  #load(namespace: string, cacheName: string): CacheFile {
    const file = this.#file(namespace, cacheName);
    let data = this.#loaded.get(file);
    if (!data) {
      try {
        data = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
      } catch {
        data = {};
      }
      this.#loaded.set(file, data);
    }
    return data;
  }

  get(namespace: string, cacheName: string, key: string): MemoEntry | undefined {
    return this.#load(namespace, cacheName)[key];
  }

  save(namespace: string, cacheName: string, key: string, entry: MemoEntry): void {
    const data = this.#load(namespace, cacheName);
    data[key] = entry;
    const file = this.#file(namespace, cacheName);
    mkdirSync(join(this.#dir, encodeURIComponent(namespace)), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(data));
    renameSync(tmp, file);
  }
}
