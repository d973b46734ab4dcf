/**
 * Durations against the wording of Argo's humanize package and go-humanize: each row of the table below was
 * printed by that Go code (Argo v4.0.5's util/humanize, go-humanize's RelTime, time.Duration.String) for the
 * same number of seconds.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  goDurationString,
  humanDuration,
  isZeroTime,
  parseTime,
  relativeDuration,
  relativeDurationShort,
  timeAgo,
  ZERO_TIME,
} from './duration.ts';

/** [seconds, RelativeDurationShort, Duration, RelTime ago/from now, time.Duration.String]. */
const goTable: [number, string, string, string, string][] = [
  [0, '0s', '0 seconds', 'now', '0s'],
  [1, '1s', '1 second', '1 second ago', '1s'],
  [2, '2s', '2 seconds', '2 seconds ago', '2s'],
  [59, '59s', '59 seconds', '59 seconds ago', '59s'],
  [60, '1m', '1 minute 0 seconds', '1 minute ago', '1m0s'],
  [61, '1m', '1 minute 1 seconds', '1 minute ago', '1m1s'],
  [65, '1m', '1 minute 5 seconds', '1 minute ago', '1m5s'],
  [119, '1m', '1 minute 59 seconds', '1 minute ago', '1m59s'],
  [120, '2m', '2 minutes 0 seconds', '2 minutes ago', '2m0s'],
  [3599, '59m', '59 minutes 59 seconds', '59 minutes ago', '59m59s'],
  [3600, '1h', '1 hour 0 minutes', '1 hour ago', '1h0m0s'],
  [3661, '1h', '1 hour 1 minutes', '1 hour ago', '1h1m1s'],
  [7199, '1h', '1 hour 59 minutes', '1 hour ago', '1h59m59s'],
  [7200, '2h', '2 hours 0 minutes', '2 hours ago', '2h0m0s'],
  [86399, '23h', '23 hours 59 minutes', '23 hours ago', '23h59m59s'],
  [86400, '1d', '1 day 0 hours', '1 day ago', '24h0m0s'],
  [90000, '1d', '1 day 1 hours', '1 day ago', '25h0m0s'],
  [172800, '2d', '2 days 0 hours', '2 days ago', '48h0m0s'],
  [604799, '6d', '6 days 23 hours', '6 days ago', '167h59m59s'],
  [604800, '7d', '1 week 0 hours', '1 week ago', '168h0m0s'],
  [1209600, '14d', '2 weeks 0 hours', '2 weeks ago', '336h0m0s'],
  [2592000, '30d', '1 month 0 hours', '1 month ago', '720h0m0s'],
  [5184000, '60d', '2 months 0 hours', '2 months ago', '1440h0m0s'],
  [31104000, '360d', '1 year 0 hours', '1 year ago', '8640h0m0s'],
  [46656000, '540d', '2 years 0 hours', '2 years ago', '12960h0m0s'],
  [62208000, '720d', '2 years 0 hours', '2 years ago', '17280h0m0s'],
  [1167408000, '13511d', 'a long while 16 hours', 'a long while ago', '324280h0m0s'],
  [2000000000, '23148d', 'a long while 3 hours', 'a long while ago', '555555h33m20s'],
  [-1, '1s', '1 second', '1 second from now', '-1s'],
  [-59, '59s', '59 seconds', '59 seconds from now', '-59s'],
  [-61, '1m', '1 minute', '1 minute from now', '-1m1s'],
  [-90, '1m', '1 minute', '1 minute from now', '-1m30s'],
  [-3700, '1h', '1 hour', '1 hour from now', '-1h1m40s'],
];

const base = Date.parse('2026-01-02T03:04:05Z');

describe('durations worded like Argo', () => {
  it('short form (node DURATION, list AGE/DURATION)', () => {
    for (const [s, short] of goTable)
      assert.equal(relativeDurationShort(base, base + s * 1000, 0), short, `${s}s`);
  });

  it('long form (the Duration: line)', () => {
    for (const [s, , long] of goTable) assert.equal(humanDuration(s * 1000), long, `${s}s`);
  });

  it('relative form (Created: ... ago)', () => {
    for (const [s, , , ago] of goTable) assert.equal(timeAgo(base - s * 1000, base), ago, `${s}s`);
  });

  it('Go duration strings (ResourcesDuration)', () => {
    for (const [s, , , , go] of goTable) assert.equal(goDurationString(s), go, `${s}s`);
  });

  it('measures an unfinished span to now, and saturates a span from the zero time like Go', () => {
    assert.equal(relativeDurationShort(base, ZERO_TIME, base + 90_000), '1m');
    assert.equal(relativeDuration(base, ZERO_TIME, base + 90_000), '1 minute 30 seconds');
    assert.equal(relativeDurationShort(ZERO_TIME, ZERO_TIME, base), '0s');
    assert.equal(relativeDurationShort(ZERO_TIME, base, 0), '106751d');
    assert.equal(relativeDuration(ZERO_TIME, ZERO_TIME, base), '0 seconds');
    assert.equal(timeAgo(ZERO_TIME, base), 'a long while ago');
  });

  it('reads absent or malformed timestamps as the zero time', () => {
    assert.ok(isZeroTime(parseTime(undefined)));
    assert.ok(isZeroTime(parseTime(null)));
    assert.ok(isZeroTime(parseTime('not a time')));
    assert.equal(parseTime('2026-01-02T03:04:05Z'), base);
  });
});
