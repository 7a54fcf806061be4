/**
 * Cron schedules as PingSource's webhook parses them: robfig/cron/v3 with
 * `SecondOptional | Minute | Hour | Dom | Month | Dow | Descriptor` (the research catalogue's
 * reading of Knative 1.22; releases that call `cron.ParseStandard` take exactly five fields, see
 * SECONDS_OPTIONAL), after Knative prefixes `CRON_TZ=<spec.timezone>`.
 *
 * Written out rather than delegated to cron-parser: that library's grammar is wider than robfig's
 * (L, W, #, day-of-week 7, a year field), so it would accept schedules the webhook rejects, and
 * its messages are not the webhook's. The messages below are robfig's own.
 */
import { parseGoDuration } from '../../../../core/duration';

interface Bounds { readonly min: number; readonly max: number; readonly names?: Readonly<Record<string, number>> }

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAYS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const FIELDS: readonly Bounds[] = [
  { min: 0, max: 59 }, { min: 0, max: 59 }, { min: 0, max: 23 }, { min: 1, max: 31 }, { min: 1, max: 12, names: MONTHS }, { min: 0, max: 6, names: DAYS },
];
const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const ATOI = /^[+-]?\d+$/;
const MAX_INT = 2n ** 63n - 1n;
const MIN_INT = -(2n ** 63n);

/** Whether a leading seconds field is accepted (6 fields) besides the standard 5. */
const SECONDS_OPTIONAL = true;

const ZONES = new Map<string, boolean>();

/** time.LoadLocation: "" and UTC are UTC, Local is the local zone, else an IANA name. */
export function isKnownTimeZone(name: string): boolean {
  if (name === '' || name === 'UTC' || name === 'Local') return true;
  let known = ZONES.get(name);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: name });
      known = true;
    } catch {
      known = false;
    }
    ZONES.set(name, known);
  }
  return known;
}

class CronError extends Error {}

function mustParseInt(expr: string): number {
  if (!ATOI.test(expr)) throw new CronError(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`);
  const big = BigInt(expr);
  if (big > MAX_INT || big < MIN_INT) throw new CronError(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: value out of range`);
  const n = Number(big);
  if (n < 0) throw new CronError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseIntOrName(expr: string, names?: Readonly<Record<string, number>>): number {
  const named = names?.[expr.toLowerCase()];
  return named !== undefined ? named : mustParseInt(expr);
}

function checkRange(expr: string, r: Bounds): void {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min;
    end = r.max;
  } else {
    start = parseIntOrName(lowAndHigh[0], r.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1], r.names);
    else throw new CronError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1]);
    if (lowAndHigh.length === 1) end = r.max;
  } else if (rangeAndStep.length > 2) {
    throw new CronError(`too many slashes: ${expr}`);
  }
  if (start < r.min) throw new CronError(`beginning of range (${start}) below minimum (${r.min}): ${expr}`);
  if (end > r.max) throw new CronError(`end of range (${end}) above maximum (${r.max}): ${expr}`);
  if (start > end) throw new CronError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronError(`step of range should be a positive number: ${expr}`);
}

/** What went wrong with a schedule: the location (reported on spec.timezone) or the spec itself. */
export interface CronProblem {
  readonly location: boolean;
  readonly message: string;
}

/** Parses like robfig's parser.Parse; undefined when the schedule is accepted. */
export function cronProblem(spec: string): CronProblem | undefined {
  if (spec.length === 0) return { location: false, message: 'empty spec string' };
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    const eq = spec.indexOf('=');
    const name = space < 0 ? spec.slice(eq + 1) : spec.slice(eq + 1, space);
    if (!isKnownTimeZone(name)) return { location: true, message: `provided bad location ${name}: unknown time zone ${name}` };
    spec = space < 0 ? '' : spec.slice(space).trim();
  }
  if (spec.startsWith('@')) {
    if (DESCRIPTORS.has(spec)) return undefined;
    if (spec.startsWith('@every ')) {
      const text = spec.slice('@every '.length);
      return parseGoDuration(text) === undefined
        ? { location: false, message: `failed to parse duration ${spec}: time: invalid duration ${JSON.stringify(text)}` }
        : undefined;
    }
    return { location: false, message: `unrecognized descriptor: ${spec}` };
  }
  let fields = spec.split(/\s+/).filter((f) => f !== '');
  const min = 5;
  const max = SECONDS_OPTIONAL ? 6 : 5;
  if (fields.length < min || fields.length > max) {
    const expected = min === max ? `exactly ${min}` : `${min} to ${max}`;
    return { location: false, message: `expected ${expected} fields, found ${fields.length}: [${fields.join(' ')}]` };
  }
  if (fields.length === 5) fields = ['0', ...fields];
  try {
    fields.forEach((field, i) => {
      for (const expr of field.split(',')) if (expr !== '') checkRange(expr, FIELDS[i]);
    });
  } catch (e) {
    if (e instanceof CronError) return { location: false, message: e.message };
    throw e;
  }
  return undefined;
}
