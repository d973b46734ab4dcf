/**
 * Timestamps against Go: the expected texts were printed by Go's `time.Time.String()` and
 * `Format("Mon Jan 02 15:04:05 -0700")` for the same instants and zones.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NuncioError } from '../../errors/index.ts';
import { formatGoTime, formatTimestamp, zoneOffsetMinutes } from './time-format.ts';

const winter = Date.parse('2026-01-02T03:04:05Z');
const summer = Date.parse('2026-07-02T03:04:05Z');

describe('formatGoTime (argo wait)', () => {
  it('prints UTC like Go', () => {
    assert.equal(formatGoTime(winter), '2026-01-02 03:04:05 +0000 UTC');
  });

  it('follows the zone, its offset and daylight saving', () => {
    assert.equal(formatGoTime(winter, 'Asia/Kolkata'), '2026-01-02 08:34:05 +0530 IST');
    assert.equal(formatGoTime(winter, 'America/New_York'), '2026-01-01 22:04:05 -0500 EST');
    assert.equal(formatGoTime(summer, 'America/New_York'), '2026-07-01 23:04:05 -0400 EDT');
    assert.equal(formatGoTime(summer, 'Europe/Paris'), '2026-07-02 05:04:05 +0200 CEST');
  });

  it('uses the numeric name of zones that have no abbreviation', () => {
    assert.equal(formatGoTime(winter, 'America/Sao_Paulo'), '2026-01-02 00:04:05 -0300 -03');
  });

  it('drops sub-second parts, which Kubernetes timestamps never carry', () => {
    assert.equal(formatGoTime(winter + 999), '2026-01-02 03:04:05 +0000 UTC');
  });
});

describe('formatTimestamp (argo get)', () => {
  it('prints the weekday, the offset and how long ago', () => {
    assert.equal(formatTimestamp(winter, winter + 3 * 3600_000), 'Fri Jan 02 03:04:05 +0000 (3 hours ago)');
    assert.equal(formatTimestamp(summer, summer, 'America/New_York'), 'Wed Jul 01 23:04:05 -0400 (now)');
    assert.equal(
      formatTimestamp(winter, winter - 60_000, 'Asia/Kolkata'),
      'Fri Jan 02 08:34:05 +0530 (1 minute from now)',
    );
  });

  it('rejects an unknown zone with a NuncioError naming it', () => {
    assert.throws(
      () => zoneOffsetMinutes(winter, 'Mars/Olympus'),
      (e: unknown) =>
        e instanceof NuncioError && e.code === 'ERR_BAD_REQUEST' && e.message.includes("'Mars/Olympus'"),
    );
  });
});
