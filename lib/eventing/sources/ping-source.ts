import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Resource } from '../../core/resource';
import * as l1 from '../../../imports/sources.knative.dev';
import { checkCeOverrides, compact, createEventingObject, renderCeOverrides } from '../base';
import { bindSink, renderDestination } from '../sink';
import { cronProblem, isKnownTimeZone } from '../../validation/rules/eventing/sources/cron';
import { SourceProps } from './source';

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
  /** A JSON object, sent with content type `application/json` (Knative requires an object then). */
  public static fromJson(value: Record<string, unknown>): PingData {
    return new PingData({ data: JSON.stringify(value) }, 'application/json');
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
    if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(base64)) {
      throw new Error(`'dataBase64' (${JSON.stringify(base64.length > 40 ? `${base64.slice(0, 40)}...` : base64)}) is not standard base64`);
    }
    return new PingData({ dataBase64: base64 }, contentType);
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
    this.schedule = props.schedule ?? '* * * * *';
    const cronError = cronScheduleError(this.schedule);
    if (cronError) throw new Error(`'schedule' (${JSON.stringify(this.schedule)}) is not a schedule Knative accepts: ${cronError}`);
    if (props.timezone !== undefined) {
      const tzError = timezoneError(props.timezone);
      if (tzError) throw new Error(`'timezone' (${JSON.stringify(props.timezone)}) is not an IANA time zone: ${tzError}`);
    }
    checkCeOverrides(props.ceOverrides);
    this.apiObject = createEventingObject(this, l1.PingSource.GVK, props.metadata, () => compact({
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
