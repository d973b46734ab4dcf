/**
 * @module artifacts/drivers/http/http-driver.test
 * The HTTP driver against the contract, talking to a real HTTP server (node:http) that stores objects in
 * a temporary directory and answers GET/PUT/HEAD/DELETE like a plain object store.
 */

import assert from 'node:assert/strict';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { describe, it } from 'node:test';
import { NotFoundError } from '../../../errors/index.ts';
import { runDriverContract } from '../../driver.contract.ts';
import { HttpDriver } from './http-driver.ts';

async function objectStore(): Promise<{ server: Server; base: string; dir: string; seen: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'nuncio-http-store-'));
  const seen: string[] = [];
  const server = createServer((req, res) => {
    const file = join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    seen.push(`${req.method} ${req.headers['x-token'] ?? ''}`);
    const fail = (code: number): void => {
      res.statusCode = code;
      res.end();
    };
    (async () => {
      if (req.method === 'PUT') {
        await mkdir(dirname(file), { recursive: true });
        await pipeline(req, createWriteStream(file));
        return fail(201);
      }
      const info = await stat(file).catch(() => undefined);
      if (!info?.isFile()) return fail(404);
      if (req.method === 'DELETE') {
        await rm(file);
        return fail(204);
      }
      res.setHeader('content-length', String(info.size));
      if (req.method === 'HEAD') return fail(200);
      await pipeline(createReadStream(file), res);
    })().catch(() => fail(500));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return { server, base: `http://127.0.0.1:${port}`, dir, seen };
}

runDriverContract('http', async () => {
  const store = await objectStore();
  return {
    driver: new HttpDriver(),
    location: (key) => ({ http: { url: `${store.base}/${key}` } }),
    cleanup: async () => {
      await new Promise((ok) => store.server.close(ok));
      await rm(store.dir, { recursive: true, force: true });
    },
  };
});

describe('http driver', () => {
  it('sends the location headers', async () => {
    const store = await objectStore();
    try {
      const loc = { http: { url: `${store.base}/x`, headers: [{ name: 'x-token', value: 'secret-1' }] } };
      assert.equal(await new HttpDriver().exists(loc), false);
      assert.deepEqual(store.seen, ['HEAD secret-1']);
    } finally {
      await new Promise((ok) => store.server.close(ok));
      await rm(store.dir, { recursive: true, force: true });
    }
  });

  it('reports an unreachable server as an error naming the URL', async () => {
    const store = await objectStore();
    await new Promise((ok) => store.server.close(ok));
    await rm(store.dir, { recursive: true, force: true });
    await assert.rejects(
      new HttpDriver().load({ http: { url: `${store.base}/gone` } }, '/tmp/never'),
      (e: Error) => {
        assert.ok(!(e instanceof NotFoundError));
        assert.match(e.message, new RegExp(`GET ${store.base}/gone failed`));
        return true;
      },
    );
  });
});
