/**
 * @module expressions/expr/methods
 * The Go methods expressions can call on times and durations (`(now() - t).Seconds()`, `t.Unix()`),
 * which Argo's cron `when` and its docs use. Each resolves to a bound GoFunc with the method's Go
 * signature and a static return type for the checker.
 */
import { goDurationString, goTimeString } from '../quote.ts';
import { T, type Type } from './types.ts';
import { GoDuration, GoFunc, GoTime, type Value } from './values.ts';

const ns = (d: GoDuration): number => Number(d.ns);

const durationMethods: Record<string, { type: Type; call: (d: GoDuration, args: Value[]) => Value }> = {
  Seconds: { type: T.float, call: (d) => ns(d) / 1e9 },
  Minutes: { type: T.float, call: (d) => ns(d) / 6e10 },
  Hours: { type: T.float, call: (d) => ns(d) / 3.6e12 },
  Milliseconds: { type: T.int, call: (d) => d.ns / 1000000n },
  Microseconds: { type: T.int, call: (d) => d.ns / 1000n },
  Nanoseconds: { type: T.int, call: (d) => d.ns },
  String: { type: T.string, call: (d) => goDurationString(d.ns) },
};

const timeMethods: Record<string, { type: Type; params: number; call: (t: GoTime, args: Value[]) => Value }> =
  {
    Unix: { type: T.int, params: 0, call: (t) => BigInt(Math.floor(t.ms / 1000)) },
    UnixMilli: { type: T.int, params: 0, call: (t) => BigInt(t.ms) },
    Year: {
      type: T.int,
      params: 0,
      call: (t) => BigInt(new Date(t.ms + t.offsetMinutes * 60000).getUTCFullYear()),
    },
    Day: {
      type: T.int,
      params: 0,
      call: (t) => BigInt(new Date(t.ms + t.offsetMinutes * 60000).getUTCDate()),
    },
    Hour: {
      type: T.int,
      params: 0,
      call: (t) => BigInt(new Date(t.ms + t.offsetMinutes * 60000).getUTCHours()),
    },
    Minute: {
      type: T.int,
      params: 0,
      call: (t) => BigInt(new Date(t.ms + t.offsetMinutes * 60000).getUTCMinutes()),
    },
    Second: {
      type: T.int,
      params: 0,
      call: (t) => BigInt(new Date(t.ms + t.offsetMinutes * 60000).getUTCSeconds()),
    },
    String: { type: T.string, params: 0, call: (t) => goTimeString(t) },
    Before: { type: T.bool, params: 1, call: (t, [u]) => u instanceof GoTime && t.ms < u.ms },
    After: { type: T.bool, params: 1, call: (t, [u]) => u instanceof GoTime && t.ms > u.ms },
    Equal: { type: T.bool, params: 1, call: (t, [u]) => u instanceof GoTime && t.ms === u.ms },
    Sub: {
      type: T.duration,
      params: 1,
      call: (t, [u]) => new GoDuration(BigInt((t.ms - (u instanceof GoTime ? u.ms : 0)) * 1e6)),
    },
  };

/** The static type of `base.name` when base is a time or duration, or null when there is no such method. */
export function methodType(kind: string, name: string): Type | null {
  const m = kind === 'duration' ? durationMethods[name] : kind === 'time' ? timeMethods[name] : undefined;
  return m ? T.func(m.type) : null;
}

/** `value.name` as a bound method, or undefined. */
export function boundMethod(value: Value, name: string): GoFunc | undefined {
  if (value instanceof GoDuration) {
    const m = durationMethods[name];
    return m && new GoFunc(name, [], null, () => m.call(value, []));
  }
  if (value instanceof GoTime) {
    const m = timeMethods[name];
    return m && new GoFunc(name, m.params === 1 ? ['any'] : [], null, (...args) => m.call(value, args));
  }
  return undefined;
}
