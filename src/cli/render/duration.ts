/**
 * @module cli/render/duration
 * Durations as the `argo` CLI words them. Argo humanises with go-humanize's `CustomRelTime` and a table of
 * magnitudes: the first magnitude whose bound exceeds the difference picks the wording, and the count is
 * the difference divided (integer division) by that magnitude's unit. Three wordings exist:
 * - short (`relativeDurationShort`): one unit, `0s`, `1s`, `45s`, `1m`, `59m`, `1h`, `23h`, `1d`, `12d`; the
 *   node DURATION column and `argo list`'s AGE and DURATION;
 * - long (`humanDuration`): up to two units, `45 seconds`, `1 minute 5 seconds`, `2 hours 0 minutes`; the
 *   `Duration:` line of `argo get`;
 * - relative (`timeAgo`): `5 minutes ago`, `now`, `2 days from now`; in `Created:`/`Started:`/`Finished:`.
 *
 * Times are epoch milliseconds. A missing timestamp is Go's zero time (year 1), and differences saturate at
 * Go's largest `time.Duration` (about 292 years) exactly as `time.Time.Sub` does, so a node with a finish
 * time but no start time shows `106751d` like Argo does rather than a made-up value.
 */

/** Go's zero `time.Time` (0001-01-01T00:00:00Z) in epoch milliseconds. */
export const ZERO_TIME = -62135596800000;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;
const YEAR = 12 * MONTH;
const LONG_TIME = 37 * YEAR;
/** `math.MaxInt64` nanoseconds in milliseconds (to the microsecond): the bound `time.Time.Sub` saturates at. */
const MAX_DURATION = 9223372036854.775;

/** Parses an RFC 3339 timestamp; absent, empty or unparsable values are Go's zero time. */
export function parseTime(value: string | null | undefined): number {
  if (!value) return ZERO_TIME;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? ZERO_TIME : ms;
}

export function isZeroTime(ms: number): boolean {
  return ms === ZERO_TIME;
}

/** `b - a`, saturated like Go's `Time.Sub`. */
export function sub(b: number, a: number): number {
  return Math.max(-MAX_DURATION, Math.min(MAX_DURATION, b - a));
}

interface Magnitude {
  /** Upper bound (exclusive) of the differences this entry words. */
  bound: number;
  /** `%d` is replaced by `diff / unit` (truncated), `%s` by the label. */
  format: string;
  unit: number;
}

function customRelTime(a: number, b: number, aLabel: string, bLabel: string, table: Magnitude[]): string {
  let label = aLabel;
  let diff = sub(b, a);
  if (a > b) {
    label = bLabel;
    diff = sub(a, b);
  }
  const found = table.findIndex((m) => m.bound > diff);
  const m = table[found < 0 ? table.length - 1 : found]!;
  return m.format
    .replace('%d', String(Math.trunc(diff / m.unit)))
    .replace('%s', label)
    .trim();
}

const relativeMagnitudes: Magnitude[] = [
  { bound: SECOND, format: '0 seconds', unit: SECOND },
  { bound: 2 * SECOND, format: '1 second %s', unit: 1 },
  { bound: MINUTE, format: '%d seconds %s', unit: SECOND },
  { bound: 2 * MINUTE, format: '1 minute %s', unit: 1 },
  { bound: HOUR, format: '%d minutes %s', unit: MINUTE },
  { bound: 2 * HOUR, format: '1 hour %s', unit: 1 },
  { bound: DAY, format: '%d hours %s', unit: HOUR },
  { bound: 2 * DAY, format: '1 day %s', unit: 1 },
  { bound: WEEK, format: '%d days %s', unit: DAY },
  { bound: 2 * WEEK, format: '1 week %s', unit: 1 },
  { bound: MONTH, format: '%d weeks %s', unit: WEEK },
  { bound: 2 * MONTH, format: '1 month %s', unit: 1 },
  { bound: YEAR, format: '%d months %s', unit: MONTH },
  { bound: 18 * MONTH, format: '1 year %s', unit: 1 },
  { bound: 2 * YEAR, format: '2 years %s', unit: 1 },
  { bound: LONG_TIME, format: '%d years %s', unit: YEAR },
  { bound: Number.POSITIVE_INFINITY, format: 'a long while %s', unit: 1 },
];

/** go-humanize's default table (`humanize.Time`): the same as above except that under a second is `now`. */
const agoMagnitudes: Magnitude[] = [
  { bound: SECOND, format: 'now', unit: SECOND },
  ...relativeMagnitudes.slice(1),
];

const shortMagnitudes: Magnitude[] = [
  { bound: SECOND, format: '0s', unit: SECOND },
  { bound: 2 * SECOND, format: '1s %s', unit: 1 },
  { bound: MINUTE, format: '%ds %s', unit: SECOND },
  { bound: 2 * MINUTE, format: '1m %s', unit: 1 },
  { bound: HOUR, format: '%dm %s', unit: MINUTE },
  { bound: 2 * HOUR, format: '1h %s', unit: 1 },
  { bound: DAY, format: '%dh %s', unit: HOUR },
  { bound: 2 * DAY, format: '1d %s', unit: 1 },
  { bound: WEEK, format: '%dd %s', unit: DAY },
];

/** A duration as one long unit (`1 minute`, `3 hours`); Argo's `TruncatedDuration`. */
export function truncatedDuration(ms: number): string {
  return customRelTime(ZERO_TIME, ZERO_TIME + ms, '', '', relativeMagnitudes);
}

/** A duration in up to two long units (`1 minute 5 seconds`); Argo's `humanize.Duration`. */
export function humanDuration(ms: number): string {
  if (ms / SECOND < 60) return truncatedDuration(ms);
  if (ms / MINUTE < 60) return `${truncatedDuration(ms)} ${Math.trunc((ms / SECOND) % 60)} seconds`;
  if (ms / HOUR < 24) return `${truncatedDuration(ms)} ${Math.trunc((ms / MINUTE) % 60)} minutes`;
  return `${truncatedDuration(ms)} ${Math.trunc((ms / HOUR) % 24)} hours`;
}

/** Argo's `RelativeDuration`: from start to finish, or to `now` while unfinished. */
export function relativeDuration(start: number, finish: number, now: number): string {
  const end = isZeroTime(finish) && !isZeroTime(start) ? now : finish;
  return humanDuration(sub(end, start));
}

/** Argo's `RelativeDurationShort` (`10s`, `1m`, `2h`, `3d`): from start to finish, or to `now`. */
export function relativeDurationShort(start: number, finish: number, now: number): string {
  const end = isZeroTime(finish) && !isZeroTime(start) ? now : finish;
  return customRelTime(start, end, '', '', shortMagnitudes);
}

/** go-humanize's `Time`: `5 minutes ago`, `now`, `2 hours from now`. */
export function timeAgo(then: number, now: number): string {
  return customRelTime(then, now, 'ago', 'from now', agoMagnitudes);
}

/**
 * Go's `time.Duration.String()` for a whole number of seconds (`0s`, `45s`, `1m5s`, `2h0m0s`); how Argo
 * prints a ResourceDuration.
 */
export function goDurationString(seconds: number): string {
  const negative = seconds < 0;
  let s = Math.abs(Math.trunc(seconds));
  if (s === 0) return '0s';
  const h = Math.trunc(s / 3600);
  s -= h * 3600;
  const m = Math.trunc(s / 60);
  s -= m * 60;
  let out = `${s}s`;
  if (h > 0 || m > 0) out = `${m}m${out}`;
  if (h > 0) out = `${h}h${out}`;
  return negative ? `-${out}` : out;
}
