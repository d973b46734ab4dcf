/**
 * @module cli/render/time-format
 * Timestamps in the two layouts the `argo` CLI prints:
 * - `argo get`'s `Mon Jan 02 15:04:05 -0700 (5 minutes ago)` (Argo's `humanize.Timestamp`);
 * - Go's `time.Time.String()`, `2026-01-02 03:04:05 +0000 UTC`, used by `argo wait`.
 *
 * Argo prints in the local zone of the machine running the CLI. Rendering here is pure, so the zone is a
 * parameter (an IANA name, default `UTC`); the CLI passes the user's zone. Offsets are exact (from Intl).
 * Go takes the zone abbreviation of `time.Time.String()` from tzdata; here it comes from ICU, which agrees
 * for the common zones (UTC, EST/EDT, CET/CEST, IST, JST, numeric `-03`) and may differ for a few others.
 */

import { ErrorCode, NuncioError } from '../../errors/index.ts';
import { timeAgo } from './duration.ts';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const formatters = new Map<string, Intl.DateTimeFormat>();

function offsetFormatter(timeZone: string): Intl.DateTimeFormat {
  const key = timeZone;
  let f = formatters.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    } catch (cause) {
      throw new NuncioError(ErrorCode.BadRequest, `unknown time zone '${timeZone}'`, {
        hint: 'use an IANA time zone name such as UTC or Europe/Paris',
        cause,
      });
    }
    formatters.set(key, f);
  }
  return f;
}

/** The zone's offset from UTC at that instant, in minutes east of UTC. */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  const name = offsetFormatter(timeZone)
    .formatToParts(ms)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = name?.match(/^GMT([+-])(\d{2}):(\d{2})/);
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Wall-clock fields of the instant in the zone. */
function wallClock(ms: number, timeZone: string) {
  const offset = zoneOffsetMinutes(ms, timeZone);
  const d = new Date(ms + offset * 60_000);
  return {
    offset,
    year: d.getUTCFullYear(),
    month: d.getUTCMonth(),
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** Go's `-0700` offset layout. */
function numericOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.trunc(abs / 60))}${pad(abs % 60)}`;
}

/** `Mon Jan 02 15:04:05 -0700 (5 minutes ago)`, as in `argo get`'s Created/Started/Finished lines. */
export function formatTimestamp(ms: number, now: number, timeZone = 'UTC'): string {
  const w = wallClock(ms, timeZone);
  const date = `${DAYS[w.weekday]} ${MONTHS[w.month]} ${pad(w.day)}`;
  const time = `${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
  return `${date} ${time} ${numericOffset(w.offset)} (${timeAgo(ms, now)})`;
}

/** Locales whose ICU data names the zones of their regions (EST, CET, IST, AEST, JST, ...). */
const ABBREVIATION_LOCALES = ['en-US', 'en-GB', 'en-IN', 'en-AU', 'ja-JP'];

/**
 * The zone's abbreviation, like Go's: a name such as `UTC`, `EST` or `CEST` where ICU knows one, else the
 * numeric form tzdata uses for unnamed zones (`-03`, `+0530`).
 */
function zoneAbbreviation(ms: number, timeZone: string, offset: number): string {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 'UTC';
  for (const locale of ABBREVIATION_LOCALES) {
    let f = formatters.get(`${locale}\0${timeZone}`);
    if (!f) {
      f = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' });
      formatters.set(`${locale}\0${timeZone}`, f);
    }
    const name = f.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? '';
    if (/^[A-Z]{2,5}$/.test(name)) return name;
  }
  const abs = Math.abs(offset);
  const minutes = abs % 60 ? pad(abs % 60) : '';
  return `${offset < 0 ? '-' : '+'}${pad(Math.trunc(abs / 60))}${minutes}`;
}

/**
 * Go's `time.Time.String()` at whole seconds: `2026-01-02 03:04:05 +0000 UTC`. Kubernetes timestamps carry
 * whole seconds, so Argo never prints a fraction here; sub-second parts are dropped to match.
 */
export function formatGoTime(ms: number, timeZone = 'UTC'): string {
  const whole = Math.floor(ms / 1000) * 1000;
  const w = wallClock(whole, timeZone);
  const date = `${pad(w.year, 4)}-${pad(w.month + 1)}-${pad(w.day)}`;
  const time = `${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
  return `${date} ${time} ${numericOffset(w.offset)} ${zoneAbbreviation(whole, timeZone, w.offset)}`;
}
