/**
 * Knative's DeliverySpec (`spec.delivery` of Broker, Trigger, Channel, Subscription and
 * Sequence/Parallel steps): retries, backoff, timeouts and where failed events go.
 */
import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkedMillis, toIsoSeconds } from '../core/duration';
import { reportError, showValue } from '../core/report';
import { ISink } from '../core/sink';
import { bindSink, renderDestination } from './sink';

/** How the delay between retries grows. */
export enum BackoffPolicy {
  /** `backoffDelay * n` before the n-th retry. */
  LINEAR = 'linear',
  /** `backoffDelay * 2^n` before the n-th retry. */
  EXPONENTIAL = 'exponential',
}

/** How an event is serialized into the HTTP request. */
export enum EventFormat {
  /** Structured mode: the whole CloudEvent as a JSON body. */
  JSON = 'json',
  /** Binary mode: attributes as `ce-` headers, data as the body. */
  BINARY = 'binary',
}

/**
 * Delivery options.
 *
 * @example
 * { retry: 5, backoffPolicy: BackoffPolicy.EXPONENTIAL, backoffDelay: Duration.millis(500), deadLetterSink: dlq }
 */
export interface Delivery {
  /**
   * Where events go once every retry has failed (`deadLetterSink`).
   * @default - failed events are dropped (a Trigger falls back to its Broker's delivery)
   */
  readonly deadLetterSink?: ISink;
  /**
   * The minimum number of retries before an event is dead-lettered (`retry`), at least 0.
   * @default - the sender's default (a Trigger falls back to its Broker's; a Broker to the cluster's, 10)
   */
  readonly retry?: number;
  /**
   * How the delay between retries grows (`backoffPolicy`).
   * @default - exponential
   */
  readonly backoffPolicy?: BackoffPolicy;
  /**
   * The base delay between retries (`backoffDelay`), written as ISO-8601 (`PT0.2S`).
   * @default - the sender's default (PT0.2S on a stock broker)
   */
  readonly backoffDelay?: Duration;
  /**
   * How long one delivery attempt may take (`timeout`), written as ISO-8601. Needs the
   * `delivery-timeout` Eventing feature (Enabled on a stock install); must be non-zero.
   * @default - no timeout beyond the sender's own
   */
  readonly timeout?: Duration;
  /**
   * The longest `Retry-After` header the sender honours (`retryAfterMax`), ISO-8601. Needs the
   * `delivery-retryafter` Eventing feature, which is Disabled on a stock install.
   * @default - Retry-After headers are ignored
   */
  readonly retryAfterMax?: Duration;
  /**
   * The event format on the wire (`format`).
   * @default - the sender's choice
   */
  readonly format?: EventFormat;
}

/**
 * Renders `delivery` for `consumer` at `field` (`spec.delivery`), binding its dead-letter sink
 * (with its synth-time checks). Call once, when the delivery is attached.
 */
export function renderDelivery(consumer: IConstruct, field: string, delivery: Delivery): Record<string, unknown> {
  if (typeof delivery !== 'object' || delivery === null) {
    throw new TypeError(`${field}: a Delivery must be an object ({ retry, backoffDelay, deadLetterSink, ... }), got ${showValue(delivery)}`);
  }
  const out: Record<string, unknown> = {};
  if (delivery.deadLetterSink) {
    out.deadLetterSink = renderDestination(bindSink(consumer, `${field}.deadLetterSink`, delivery.deadLetterSink));
  }
  if (delivery.retry !== undefined) {
    if (!Number.isInteger(delivery.retry) || delivery.retry < 0 || delivery.retry > INT32_MAX) {
      reportError(consumer, `${field}.retry`, 'must be a whole number of retries, at least 0', { value: delivery.retry, allowed: `an integer from 0 to ${INT32_MAX}` });
    }
    out.retry = delivery.retry;
  }
  if (delivery.backoffPolicy !== undefined) out.backoffPolicy = delivery.backoffPolicy;
  const iso = (prop: 'backoffDelay' | 'timeout' | 'retryAfterMax') => {
    const d = delivery[prop];
    if (d !== undefined && isoMillis(consumer, `${field}.${prop}`, d) !== undefined) out[prop] = toIsoSeconds(d);
  };
  iso('backoffDelay');
  iso('timeout');
  iso('retryAfterMax');
  if (delivery.format !== undefined) out.format = delivery.format;
  return out;
}

const INT32_MAX = 2 ** 31 - 1;

/**
 * The milliseconds of a delivery duration, written as ISO-8601 seconds with millisecond
 * precision; otherwise (NaN, infinite, negative, finer than a millisecond, which would be
 * rounded to another duration) reports on `consumer` and returns undefined.
 */
export function isoMillis(consumer: IConstruct, prop: string, d: Duration): number | undefined {
  const ms = checkedMillis(consumer, prop, d);
  if (ms === undefined) return undefined;
  if (!Number.isInteger(ms)) {
    return reportError(consumer, prop, 'must be a whole number of milliseconds: it is written as ISO-8601 seconds with millisecond precision', {
      value: `${ms} millis`, allowed: `whole milliseconds, e.g. Duration.millis(${Math.max(1, Math.round(ms))})`,
    });
  }
  return ms;
}
