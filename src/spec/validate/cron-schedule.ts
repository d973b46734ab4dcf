/**
 * @module spec/validate/cron-schedule
 * Checks a CronWorkflow schedule the way Argo's parser (robfig/cron v3 ParseStandard) accepts it: five
 * fields, or a descriptor (`@daily`, `@every 5m`), with an optional `TZ=`/`CRON_TZ=` prefix. Returns the
 * parser's reason for a malformed schedule.
 */

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const days = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const fields: Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: Object.fromEntries(months.map((m, i) => [m, i + 1])) },
  { min: 0, max: 6, names: Object.fromEntries(days.map((d, i) => [d, i])) },
];

const descriptors = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

const goDuration = /^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;

/** Go's time.ParseDuration accepts it (`0` or a sequence of number+unit). */
export function isGoDuration(s: string): boolean {
  return s === '0' || goDuration.test(s);
}

/** An IANA time zone name this runtime knows (Go's time.LoadLocation). */
export function isTimeZone(name: string): boolean {
  if (name === '' || name === 'UTC' || name === 'Local') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function parseNumber(expr: string): number | string {
  if (!/^[-+]?\d+$/.test(expr))
    return `failed to parse int from ${expr}: strconv.Atoi: parsing "${expr}": invalid syntax`;
  const n = Number(expr);
  if (n < 0) return `negative number (${n}) not allowed: ${expr}`;
  return n;
}

function parseIntOrName(expr: string, b: Bounds): number | string {
  const named = b.names?.[expr.toLowerCase()];
  return named ?? parseNumber(expr);
}

function rangeError(expr: string, b: Bounds): string | undefined {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = (rangeAndStep[0] ?? '').split('-');
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = b.min;
    end = b.max;
  } else {
    if (lowAndHigh.length > 2) return `too many hyphens: ${expr}`;
    const s = parseIntOrName(lowAndHigh[0] ?? '', b);
    if (typeof s === 'string') return s;
    start = s;
    end = s;
    if (lowAndHigh.length === 2) {
      const e = parseIntOrName(lowAndHigh[1] ?? '', b);
      if (typeof e === 'string') return e;
      end = e;
    }
  }
  let step = 1;
  if (rangeAndStep.length > 2) return `too many slashes: ${expr}`;
  if (rangeAndStep.length === 2) {
    const st = parseNumber(rangeAndStep[1] ?? '');
    if (typeof st === 'string') return st;
    step = st;
    if (lowAndHigh.length === 1 && lowAndHigh[0] !== '*' && lowAndHigh[0] !== '?') end = b.max;
  }
  if (start < b.min) return `beginning of range (${start}) below minimum (${b.min}): ${expr}`;
  if (end > b.max) return `end of range (${end}) above maximum (${b.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  return undefined;
}

/** `undefined` if `spec` is a valid schedule, else the reason. */
export function cronScheduleError(schedule: string): string | undefined {
  let spec = schedule;
  if (spec.length === 0) return 'empty spec string';
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    const zone = spec.slice(spec.indexOf('=') + 1, space < 0 ? undefined : space);
    if (!isTimeZone(zone)) return `provided bad location ${zone}: unknown time zone ${zone}`;
    spec = space < 0 ? '' : spec.slice(space).trim();
  }
  if (spec.startsWith('@')) {
    if (descriptors.includes(spec)) return undefined;
    if (spec.startsWith('@every ')) {
      const d = spec.slice('@every '.length);
      return isGoDuration(d) ? undefined : `failed to parse duration ${spec}: time: invalid duration "${d}"`;
    }
    return `unrecognized descriptor: ${spec}`;
  }
  const parts = spec.split(/\s+/).filter((p) => p !== '');
  if (parts.length !== 5) return `expected exactly 5 fields, found ${parts.length}: [${parts.join(' ')}]`;
  for (const [i, part] of parts.entries()) {
    for (const expr of part.split(',')) {
      const err = rangeError(expr, fields[i]!);
      if (err) return err;
    }
  }
  return undefined;
}
