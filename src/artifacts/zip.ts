/**
 * @module artifacts/zip
 * Just enough of the zip format for Argo's `archive: {zip: {}}`: write a file or a directory tree (entries
 * `<base name>/<relative path>`, regular files only, as Argo's executor writes them) and read one back.
 * Entries are deflated while streaming (sizes and CRC go in a data descriptor), so large files never sit
 * in memory. No zip64: an entry or archive beyond 4 GiB is refused with an error.
 */

import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32, createDeflateRaw, createInflateRaw } from 'node:zlib';
import { ErrorCode, NuncioError } from '../errors/index.ts';

const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
const LIMIT = 0xffffffff;

interface Written {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
  mode: number;
  dosTime: number;
  dosDate: number;
}

function dosDateTime(d: Date): { dosTime: number; dosDate: number } {
  const year = Math.max(1980, d.getFullYear());
  return {
    dosTime: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    dosDate: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

async function filesOf(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  await walk(root);
  return out;
}

/** Zips `source` (a file, or a directory whose entries are prefixed with its base name) into `destFile`. */
export async function writeZip(source: string, destFile: string): Promise<void> {
  const info = await stat(source);
  const base = basename(source);
  const files = info.isDirectory() ? await filesOf(source) : [source];
  const out = createWriteStream(destFile);
  let offset = 0;
  const write = (b: Buffer): Promise<void> =>
    new Promise((ok, fail) => {
      offset += b.length;
      out.write(b, (e) => (e ? fail(e) : ok()));
    });
  const written: Written[] = [];
  try {
    for (const file of files) {
      const rel = info.isDirectory() ? `${base}/${relative(source, file).split(sep).join('/')}` : base;
      const name = Buffer.from(rel, 'utf8');
      const st = await stat(file);
      const { dosTime, dosDate } = dosDateTime(st.mtime);
      const start = offset;
      const header = Buffer.alloc(30);
      header.writeUInt32LE(LOCAL_HEADER, 0);
      header.writeUInt16LE(20, 4); // version needed
      header.writeUInt16LE(0x0808, 6); // data descriptor + UTF-8 names
      header.writeUInt16LE(8, 8); // deflate
      header.writeUInt16LE(dosTime, 10);
      header.writeUInt16LE(dosDate, 12);
      header.writeUInt16LE(name.length, 26);
      await write(Buffer.concat([header, name]));
      let crc = 0;
      let size = 0;
      let compressed = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          crc = crc32(chunk, crc);
          size += chunk.length;
          done(null, chunk);
        },
      });
      const sink = new Transform({
        transform(chunk: Buffer, _enc, done) {
          compressed += chunk.length;
          write(chunk).then(() => done(), done);
        },
      });
      await pipeline(createReadStream(file), counter, createDeflateRaw(), sink);
      if (size > LIMIT || compressed > LIMIT || offset > LIMIT) {
        throw new NuncioError(ErrorCode.Io, `zip: '${rel}' is too large for a zip without zip64`);
      }
      const desc = Buffer.alloc(16);
      desc.writeUInt32LE(DATA_DESCRIPTOR, 0);
      desc.writeUInt32LE(crc >>> 0, 4);
      desc.writeUInt32LE(compressed, 8);
      desc.writeUInt32LE(size, 12);
      await write(desc);
      written.push({ name, crc, compressed, size, offset: start, mode: st.mode, dosTime, dosDate });
    }
    const centralStart = offset;
    for (const w of written) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(CENTRAL_HEADER, 0);
      h.writeUInt16LE((3 << 8) | 20, 4); // made by unix
      h.writeUInt16LE(20, 6);
      h.writeUInt16LE(0x0808, 8);
      h.writeUInt16LE(8, 10);
      h.writeUInt16LE(w.dosTime, 12);
      h.writeUInt16LE(w.dosDate, 14);
      h.writeUInt32LE(w.crc >>> 0, 16);
      h.writeUInt32LE(w.compressed, 20);
      h.writeUInt32LE(w.size, 24);
      h.writeUInt16LE(w.name.length, 28);
      h.writeUInt32LE(((w.mode & 0xffff) << 16) >>> 0, 38);
      h.writeUInt32LE(w.offset, 42);
      await write(Buffer.concat([h, w.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END_OF_CENTRAL, 0);
    end.writeUInt16LE(written.length, 8);
    end.writeUInt16LE(written.length, 10);
    end.writeUInt32LE(offset - centralStart, 12);
    end.writeUInt32LE(centralStart, 16);
    await write(end);
  } finally {
    await new Promise<void>((ok) => out.end(ok));
  }
}

interface Entry {
  name: string;
  method: number;
  compressed: number;
  localOffset: number;
  mode: number;
}

function corrupt(file: string, why: string): NuncioError {
  return new NuncioError(ErrorCode.Io, `${file}: not a valid zip archive (${why})`);
}

/** Extracts the zip `file` into the directory `destDir`, refusing entries that would land outside it. */
export async function extractZip(file: string, destDir: string): Promise<void> {
  const fh = await open(file, 'r');
  const entries: Entry[] = [];
  try {
    const { size } = await fh.stat();
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(tailLength);
    await fh.read(tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === END_OF_CENTRAL) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw corrupt(file, 'no end of central directory');
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL_HEADER)
        throw corrupt(file, 'bad central header');
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      entries.push({
        method: cd.readUInt16LE(p + 10),
        compressed: cd.readUInt32LE(p + 20),
        mode: (cd.readUInt32LE(p + 38) >>> 16) & 0o777,
        localOffset: cd.readUInt32LE(p + 42),
        name: cd.subarray(p + 46, p + 46 + nameLength).toString('utf8'),
      });
      p += 46 + nameLength + extraLength + commentLength;
    }
    for (const e of entries) {
      const local = Buffer.alloc(30);
      await fh.read(local, 0, 30, e.localOffset);
      if (local.readUInt32LE(0) !== LOCAL_HEADER) throw corrupt(file, `bad local header for ${e.name}`);
      const dataStart = e.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      const root = resolve(destDir);
      const target = resolve(root, e.name.replace(/^\/+/, ''));
      if (!target.startsWith(root + sep)) throw corrupt(file, `illegal file path: ${e.name}`);
      if (e.name.endsWith('/')) {
        await mkdir(target, { recursive: true });
        continue;
      }
      await mkdir(dirname(target), { recursive: true });
      const input = createReadStream(file, { start: dataStart, end: dataStart + e.compressed - 1 });
      const output = createWriteStream(target, { mode: e.mode || 0o644 });
      if (e.compressed === 0) {
        input.destroy();
        await new Promise<void>((ok, fail) => output.end((err?: Error | null) => (err ? fail(err) : ok())));
      } else if (e.method === 0) await pipeline(input, output);
      else if (e.method === 8) await pipeline(input, createInflateRaw(), output);
      else throw corrupt(file, `unsupported compression method ${e.method} for ${e.name}`);
    }
  } finally {
    await fh.close();
  }
}
