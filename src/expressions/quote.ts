/**
 * @module expressions/quote
 * Go's text renderings that Argo's substitution depends on, reproduced byte for byte:
 * `strconv.Quote` (how a simple tag's value is escaped before it is spliced into the JSON text),
 * `encoding/json.Marshal` / `MarshalIndent` (how expression results and `toJson`/`toJSON` render: HTML
 * characters escaped, map keys sorted, floats in Go's shortest form), and `fmt`'s `%v` (expr-lang's
 * `string()` and error texts).
 */
import { ExpressionError } from '../errors/index.ts';
import { GoDuration, GoFunc, GoTime, isAnyKeyedMap, isMap, type Value } from './expr/values.ts';

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** Go `strconv.Quote(s)` without the surrounding quotes. */
export function goQuoteInner(s: string): string {
  let out = '';
  for (const ch of s) {
    let cp = ch.codePointAt(0)!;
    // A lone surrogate cannot be encoded as UTF-8; Go would see U+FFFD.
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    switch (cp) {
      case 0x22:
        out += '\\"';
        continue;
      case 0x5c:
        out += '\\\\';
        continue;
      case 0x07:
        out += '\\a';
        continue;
      case 0x08:
        out += '\\b';
        continue;
      case 0x0c:
        out += '\\f';
        continue;
      case 0x0a:
        out += '\\n';
        continue;
      case 0x0d:
        out += '\\r';
        continue;
      case 0x09:
        out += '\\t';
        continue;
      case 0x0b:
        out += '\\v';
        continue;
    }
    if (cp === 0x20 || (cp > 0x7f && printable.test(String.fromCodePoint(cp))) || (cp > 0x20 && cp < 0x7f)) {
      out += String.fromCodePoint(cp);
    } else if (cp < 0x20 || cp === 0x7f) {
      out += `\\x${hex(cp, 2)}`;
    } else if (cp < 0x10000) {
      out += `\\u${hex(cp, 4)}`;
    } else {
      out += `\\U${hex(cp, 8)}`;
    }
  }
  return out;
}

/** Go `encoding/json` string encoding (with HTML escaping, as `json.Marshal` does). */
export function goJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += s[i]! + s[i + 1]!;
        i++;
      } else out += '\\ufffd';
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) {
      out += '\\ufffd';
      continue;
    }
    switch (c) {
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += '\\\\';
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0d:
        out += '\\r';
        break;
      case 0x09:
        out += '\\t';
        break;
      case 0x3c:
      case 0x3e:
      case 0x26:
      case 0x2028:
      case 0x2029:
        out += `\\u${hex(c, 4)}`;
        break;
      default:
        out += c < 0x20 ? `\\u${hex(c, 4)}` : s[i]!;
    }
  }
  return `${out}"`;
}

/** Go's `encoding/json` float64 text: shortest digits, exponent form below 1e-6 and from 1e21. */
export function goJsonFloat(f: number): string {
  if (!Number.isFinite(f)) throw new ExpressionError(`json: unsupported value: ${goFormatFloat(f)}`);
  if (Object.is(f, -0)) return '-0';
  return String(f);
}

/** Go's `strconv.FormatFloat(f, 'g', -1, 64)`, which is also what `%v` prints for a float64. */
export function goFormatFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Number.POSITIVE_INFINITY) return '+Inf';
  if (f === Number.NEGATIVE_INFINITY) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mant, expText] = f.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  // Shortest formatting decides on precision 6: exponent form below 1e-4 and from 1e6 (`1e+06`).
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    return `${mant}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  // Fixed notation with exactly the shortest digits.
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  let text: string;
  if (exp >= 0) {
    const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
    const frac = digits.slice(exp + 1);
    text = frac ? `${intPart}.${frac}` : intPart;
  } else {
    text = `0.${'0'.repeat(-exp - 1)}${digits}`;
  }
  return neg ? `-${text}` : text;
}

/** Go's `time.Duration.String()`. */
export function goDurationString(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  let out: string;
  if (u < 1000000000n) {
    // Sub-second: ns, µs or ms with a fraction.
    let unit: string;
    let div: bigint;
    if (u < 1000n) return `${neg ? '-' : ''}${u}ns`;
    if (u < 1000000n) {
      unit = 'µs';
      div = 1000n;
    } else {
      unit = 'ms';
      div = 1000000n;
    }
    out = fraction(u, div) + unit;
  } else {
    const h = u / 3600000000000n;
    u -= h * 3600000000000n;
    const m = u / 60000000000n;
    u -= m * 60000000000n;
    out = `${fraction(u, 1000000000n)}s`;
    if (h > 0n) out = `${h}h${m}m${out}`;
    else if (m > 0n) out = `${m}m${out}`;
  }
  return (neg ? '-' : '') + out;
}

function fraction(v: bigint, div: bigint): string {
  const whole = v / div;
  let frac = (v % div).toString().padStart(div.toString().length - 1, '0');
  frac = frac.replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
}

/** RFC 3339 with nanoseconds trimmed, as Go's `time.Time` marshals to JSON. */
export function goTimeRfc3339(t: GoTime): string {
  const local = new Date(t.ms + t.offsetMinutes * 60000);
  const iso = local.toISOString().replace(/\.000Z$|Z$/, '');
  const trimmed = iso.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  if (t.offsetMinutes === 0) return `${trimmed}Z`;
  const sign = t.offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(t.offsetMinutes);
  return `${trimmed}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Go `json.Marshal(v)` (indent '' ) or `json.MarshalIndent(v, "", indent)`. Throws ExpressionError like Go errors. */
export function goJsonMarshal(v: Value, indent = ''): string {
  return marshal(v, indent, '');
}

function marshal(v: Value, indent: string, prefix: string): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return goJsonString(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return goJsonFloat(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof GoFunc) throw new ExpressionError(`json: unsupported type: func`);
  if (v instanceof GoTime) return `"${goTimeRfc3339(v)}"`;
  if (v instanceof GoDuration) return v.ns.toString();
  const inner = prefix + indent;
  const nl = indent ? '\n' : '';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    const parts = v.map((x) => inner + marshal(x, indent, inner));
    return `[${nl}${parts.join(`,${nl}`)}${nl}${indent ? prefix : ''}]`;
  }
  if (isMap(v)) {
    if (isAnyKeyedMap(v)) throw new ExpressionError('json: unsupported type: map[interface {}]interface {}');
    const keys = Object.keys(v).sort(compareUtf8);
    if (keys.length === 0) return '{}';
    const sep = indent ? ': ' : ':';
    const parts = keys.map((k) => `${inner}${goJsonString(k)}${sep}${marshal(v[k] as Value, indent, inner)}`);
    return `{${nl}${parts.join(`,${nl}`)}${nl}${indent ? prefix : ''}}`;
  }
  return 'null';
}

/** Go sorts strings by their UTF-8 bytes; for UTF-16 that is code-point order. */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

/** Go's `fmt.Sprintf("%v", v)` for the value model. */
export function goFormatV(v: Value | undefined): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return goFormatFloat(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof GoFunc) return '0x0';
  if (v instanceof GoDuration) return goDurationString(v.ns);
  if (v instanceof GoTime) return goTimeString(v);
  if (Array.isArray(v)) return `[${v.map(goFormatV).join(' ')}]`;
  const keys = Object.keys(v).sort(compareUtf8);
  return `map[${keys.map((k) => `${k}:${goFormatV(v[k])}`).join(' ')}]`;
}

/** Go's `time.Time.String()` for a UTC or fixed-offset time. */
export function goTimeString(t: GoTime): string {
  const local = new Date(t.ms + t.offsetMinutes * 60000);
  const iso = local.toISOString();
  const date = iso.slice(0, 10);
  let clock = iso.slice(11, 23).replace(/\.?0+$/, '');
  if (!clock.includes(':')) clock = iso.slice(11, 19);
  if (clock.length < 8) clock = iso.slice(11, 19);
  const sign = t.offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(t.offsetMinutes);
  const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
  return `${date} ${clock} ${zone} ${t.offsetMinutes === 0 ? 'UTC' : zone}`;
}
