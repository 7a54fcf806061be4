import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Resource } from '../../core/resource';
import type * as l1 from '../../../imports/sources.knative.dev';
import { checkCeOverrides, compact, createEventingObject, renderCeOverrides } from '../base';
import { bindSink, renderDestination } from '../sink';
import { cronProblem, isKnownTimeZone } from '../../validation/rules/eventing/sources/cron';
import { SourceProps } from './source';
import { deferProblem, reportDeferred } from '../problems';
import { reportError, requireProp, showValue } from '../../core/report';

/** The generated L1 GVKs, written out so that rendering does not load the bindings. */
const PING_SOURCE_GVK: typeof l1.PingSource.GVK = { apiVersion: 'sources.knative.dev/v1', kind: 'PingSource' };

function abbreviate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

/** What in a value JSON.stringify would throw on, drop or turn into null. */
function jsonProblems(value: unknown, at: string, seen: Set<object>, out: string[]): void {
  if (out.length >= 5) return;
  switch (typeof value) {
    case 'string': case 'boolean': return;
    case 'number':
      if (!Number.isFinite(value)) out.push(`${at}: ${String(value)} has no JSON form (JSON.stringify writes null)`);
      return;
    case 'bigint': out.push(`${at}: BigInt ${value}n has no JSON form; pass it as a string or a number`); return;
    case 'undefined': out.push(`${at}: undefined in an array has no JSON form (JSON.stringify writes null)`); return;
    case 'function': case 'symbol': out.push(`${at}: a ${typeof value} has no JSON form`); return;
    default: break;
  }
  if (value === null) return;
  const obj = value as object;
  if (seen.has(obj)) {
    out.push(`${at}: a cycle (the value contains itself)`);
    return;
  }
  if (typeof (obj as { toJSON?: unknown }).toJSON === 'function') {
    if (!(obj instanceof Date) || Number.isFinite(obj.getTime())) return;
    out.push(`${at}: an invalid Date has no JSON form`);
    return;
  }
  seen.add(obj);
  if (Array.isArray(obj)) obj.forEach((v, i) => jsonProblems(v, `${at}[${i}]`, seen, out));
  // An undefined property is left out, as for any optional prop.
  else for (const [k, v] of Object.entries(obj)) if (v !== undefined) jsonProblems(v, `${at}.${k}`, seen, out);
  seen.delete(obj);
}

/**
 * Checks a PingSource schedule the way Knative's webhook parses it (robfig/cron with optional
 * seconds and descriptors, no `@every`), and returns the problem, or undefined when it is fine.
 * The parser is the engine's (rule PS1), so the construct and the validator cannot disagree.
 */
export function cronScheduleError(schedule: string): string | undefined {
  if (schedule.includes('@every')) return 'unsupported descriptor @every';
  return cronProblem(schedule.trim())?.message;
}

/** The problem with an IANA time zone name, or undefined when the zone is known. */
export function timezoneError(zone: string): string | undefined {
  return isKnownTimeZone(zone) ? undefined : `provided bad location ${zone}: unknown time zone ${zone}`;
}

/** The payload of the events a PingSource sends; `data` and `dataBase64` are exclusive by construction. */
export class PingData {
  /**
   * A JSON object, sent with content type `application/json` (Knative requires an object then).
   * A string is taken as JSON text and written verbatim (key order, spacing and number spelling
   * kept); it must hold a JSON object. Values JSON cannot represent (BigInt, NaN, Infinity,
   * functions, cycles) are synth errors rather than being dropped or turned into null.
   */
  public static fromJson(value: Record<string, unknown> | string): PingData {
    if (typeof value === 'string') {
      const out = new PingData({ data: value }, 'application/json');
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch (err) {
        deferProblem(out, '', `is not JSON: ${(err as Error).message}`, { value: abbreviate(value), allowed: 'the text of a JSON object' });
        return out;
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        deferProblem(out, '', 'must be a JSON object with content type application/json', { value: abbreviate(value), allowed: 'the text of a JSON object, {...}' });
      }
      return out;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new TypeError(`PingData.fromJson: pass a plain object (or the JSON text of one), got ${showValue(value)}; use PingData.fromText for other payloads`);
    }
    const problems: string[] = [];
    jsonProblems(value, '$', new Set(), problems);
    const out = new PingData({ data: problems.length ? '{}' : JSON.stringify(value) }, 'application/json');
    for (const p of problems) deferProblem(out, '', p, { allowed: 'values JSON can represent: strings, finite numbers, booleans, null, arrays and plain objects' });
    return out;
  }

  /** Text, sent as is (`spec.data`). */
  public static fromText(text: string, contentType?: string): PingData {
    return new PingData({ data: text }, contentType);
  }

  /** Bytes, written base64-encoded (`spec.dataBase64`) and sent decoded. */
  public static fromBytes(bytes: Uint8Array, contentType?: string): PingData {
    return new PingData({ dataBase64: Buffer.from(bytes).toString('base64') }, contentType);
  }

  /** Already base64-encoded bytes (`spec.dataBase64`). */
  public static fromBase64(base64: string, contentType?: string): PingData {
    const out = new PingData({ dataBase64: base64 }, contentType);
    if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(base64)) {
      deferProblem(out, 'dataBase64', 'is not standard base64', { value: abbreviate(base64), allowed: 'standard base64 (A-Z, a-z, 0-9, +, /, = padding)' });
    }
    return out;
  }

  private constructor(
    /** `data` or `dataBase64`. */
    public readonly fields: { readonly data?: string; readonly dataBase64?: string },
    /** The content type that goes with it. */
    public readonly contentType?: string,
  ) {}
}

/** Props of a PingSource. */
export interface PingSourceProps extends SourceProps {
  /**
   * A cron schedule (`spec.schedule`): 5 fields, or 6 with leading seconds, or a descriptor
   * such as `@hourly`. `@every` is not accepted by Knative. Checked when the construct is created.
   * @default '* * * * *' (every minute, what Knative defaults to), written explicitly
   */
  readonly schedule?: string;
  /**
   * The IANA time zone the schedule is read in (`spec.timezone`), e.g. `Europe/Zurich`.
   * @default - the time zone of the ping adapter (UTC on most clusters)
   */
  readonly timezone?: string;
  /**
   * The event payload (`spec.data` or `spec.dataBase64`).
   * @default - events without data
   */
  readonly data?: PingData;
  /**
   * The media type of the payload (`spec.contentType`), overriding the one of `data`.
   * @default - the content type of `data`, if any
   */
  readonly contentType?: string;
}

/**
 * A PingSource (`sources.knative.dev/v1`): sends a fixed event on a cron schedule.
 *
 * @example
 * new PingSource(chart, 'every-5-min', {
 *   schedule: '*\/5 * * * *', timezone: 'Europe/Zurich',
 *   data: PingData.fromJson({ message: 'Hello' }), sink: broker,
 * });
 */
export class PingSource extends Resource {
  public readonly apiObject: ApiObject;
  /** The schedule as written. */
  public readonly schedule: string;

  public constructor(scope: Construct, id: string, props: PingSourceProps) {
    super(scope, id);
    requireProp('PingSource', props, 'sink');
    this.schedule = props.schedule ?? '* * * * *';
    const cronError = cronScheduleError(this.schedule);
    if (cronError) {
      reportError(this, 'schedule', `is not a schedule Knative accepts: ${cronError}`, {
        value: this.schedule, allowed: "5 cron fields, 6 with leading seconds, or a descriptor such as '@hourly' (not '@every')",
      });
    }
    if (props.timezone !== undefined) {
      const tzError = timezoneError(props.timezone);
      if (tzError) reportError(this, 'timezone', `is not an IANA time zone: ${tzError}`, { value: props.timezone, allowed: "an IANA time zone such as 'Europe/Zurich'" });
    }
    if (props.data !== undefined) {
      if (!(props.data instanceof PingData)) throw new TypeError(`PingSource: 'data' must be a PingData (PingData.fromJson(...), PingData.fromText(...), ...), got ${showValue(props.data)}`);
      reportDeferred(this, 'data', props.data);
    }
    checkCeOverrides(this, props.ceOverrides);
    this.apiObject = createEventingObject(this, PING_SOURCE_GVK, props.metadata, () => compact({
      schedule: this.schedule,
      timezone: props.timezone,
      contentType: props.contentType ?? props.data?.contentType,
      data: props.data?.fields.data,
      dataBase64: props.data?.fields.dataBase64,
      sink,
      ceOverrides: renderCeOverrides(props.ceOverrides),
    }));
    const sink = renderDestination(bindSink(this, 'spec.sink', props.sink));
  }
}
