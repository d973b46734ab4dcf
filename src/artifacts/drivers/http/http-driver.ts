/**
 * @module artifacts/drivers/http/http-driver
 * `http: {url, headers}` artifacts through node's fetch: GET to load (404 → NotFoundError), PUT to save,
 * HEAD for `exists`, DELETE to delete, as Argo's HTTP driver does. Bodies stream in both directions.
 * `auth` (basic/OAuth2/client certificates from secrets) is not supported yet: the controller would have to
 * resolve the secrets first.
 */

import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ErrorCode, NotFoundError, NuncioError } from '../../../errors/index.ts';
import type { ArtifactLocation } from '../../../spec/types.ts';
import type { ArtifactDriver } from '../../driver.ts';

function target(location: ArtifactLocation): { url: string; headers: Record<string, string> } {
  const http = location.http;
  if (!http?.url) throw new NuncioError(ErrorCode.BadRequest, 'http artifact location has no url');
  const headers: Record<string, string> = {};
  for (const h of http.headers ?? []) headers[h.name] = h.value;
  return { url: http.url, headers };
}

function failed(method: string, url: string, res: Response): NuncioError {
  const text = `${method} ${url} failed with reason: ${res.status} ${res.statusText}`;
  return res.status === 404 ? new NotFoundError(text) : new NuncioError(ErrorCode.Io, text);
}

async function request(
  method: string,
  location: ArtifactLocation,
  init: RequestInit = {},
): Promise<Response> {
  const { url, headers } = target(location);
  try {
    return await fetch(url, { ...init, method, headers: { ...headers, ...(init.headers as object) } });
  } catch (e) {
    throw new NuncioError(ErrorCode.Io, `${method} ${url} failed: ${(e as Error).message}`, { cause: e });
  }
}

export class HttpDriver implements ArtifactDriver {
  readonly kind = 'http' as const;

  async load(location: ArtifactLocation, destFile: string): Promise<void> {
    const res = await request('GET', location);
    if (!res.ok || !res.body) throw failed('GET', target(location).url, res);
    await mkdir(dirname(destFile), { recursive: true });
    const tmp = `${destFile}.${randomBytes(6).toString('hex')}.part`;
    try {
      await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), createWriteStream(tmp));
      await rename(tmp, destFile);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }

  async save(srcFile: string, location: ArtifactLocation): Promise<void> {
    const { size } = await stat(srcFile);
    const res = await request('PUT', location, {
      body: Readable.toWeb(createReadStream(srcFile)) as ReadableStream<Uint8Array>,
      headers: { 'content-length': String(size) },
      // node's fetch needs this to stream a request body
      duplex: 'half',
    } as RequestInit);
    if (!res.ok) throw failed('PUT', target(location).url, res);
    await res.body?.cancel();
  }

  async exists(location: ArtifactLocation): Promise<boolean> {
    const res = await request('HEAD', location);
    if (res.status === 404) return false;
    if (!res.ok) throw failed('HEAD', target(location).url, res);
    return true;
  }

  async delete(location: ArtifactLocation): Promise<void> {
    const res = await request('DELETE', location);
    await res.body?.cancel();
    if (!res.ok && res.status !== 404) throw failed('DELETE', target(location).url, res);
  }

  async openRead(location: ArtifactLocation): Promise<NodeJS.ReadableStream> {
    const res = await request('GET', location);
    if (!res.ok || !res.body) throw failed('GET', target(location).url, res);
    return Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
  }
}
