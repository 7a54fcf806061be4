/**
 * DeliverySpec checks (knative.dev/eventing/pkg/apis/duck/v1 delivery_types.go), used by Broker,
 * Trigger, Channel, InMemoryChannel, Subscription and Sequence steps.
 *
 * E-V1 retry >= 0; E-V2 backoffPolicy linear|exponential; E-V3 backoffDelay ISO-8601;
 * E-V4 timeout non-zero ISO-8601, only with delivery-timeout; E-V5 retryAfterMax non-negative
 * ISO-8601, only with delivery-retryafter; E-V6 format json|binary; E-V7 deadLetterSink is a
 * Destination (reported with the E-D ids).
 */
import { parse as parseIso } from 'tinyduration';
import { RuleContext } from '../../types';
import { featureEnabled, isObject, join } from './common';
import { defaultDestination, reportDestination } from './destination';

interface Period { readonly zero: boolean; readonly negative: boolean }

/** rickb777/date period.Parse: any ISO-8601 duration, years and months included. */
function parsePeriod(text: unknown): Period | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const d = parseIso(text);
    const zero = !(d.years || d.months || d.weeks || d.days || d.hours || d.minutes || d.seconds);
    return { zero, negative: !!d.negative && !zero };
  } catch {
    return undefined;
  }
}

/** Validates `delivery` at `path` when it is set. */
export function reportDelivery(ctx: RuleContext, delivery: unknown, path: string): void {
  if (!isObject(delivery)) return;
  if (delivery.deadLetterSink !== undefined && delivery.deadLetterSink !== null) {
    reportDestination(ctx, delivery.deadLetterSink, join(path, 'deadLetterSink'));
  }
  if (typeof delivery.retry === 'number' && delivery.retry < 0) {
    ctx.error('E-V1', join(path, 'retry'), `invalid value: ${delivery.retry}`, { value: delivery.retry, allowed: '>= 0' });
  }
  if (delivery.backoffPolicy !== undefined && delivery.backoffPolicy !== 'linear' && delivery.backoffPolicy !== 'exponential') {
    ctx.error('E-V2', join(path, 'backoffPolicy'), `invalid value: ${delivery.backoffPolicy}`, { value: delivery.backoffPolicy, allowed: 'linear, exponential' });
  }
  if (delivery.backoffDelay !== undefined && !parsePeriod(delivery.backoffDelay)) {
    ctx.error('E-V3', join(path, 'backoffDelay'), `invalid value: ${delivery.backoffDelay}`, {
      value: delivery.backoffDelay, allowed: 'an ISO-8601 duration such as PT0.2S',
    });
  }
  if (delivery.timeout !== undefined) {
    if (!featureEnabled(ctx, 'delivery-timeout')) {
      ctx.error('E-V4', join(path, 'timeout'), 'must not set the field(s)', { value: delivery.timeout, allowed: 'only with the delivery-timeout feature' });
    } else {
      const p = parsePeriod(delivery.timeout);
      if (!p || p.zero) {
        ctx.error('E-V4', join(path, 'timeout'), `invalid value: ${delivery.timeout}`, {
          value: delivery.timeout, allowed: 'a non-zero ISO-8601 duration such as PT30S',
        });
      }
    }
  }
  if (delivery.retryAfterMax !== undefined) {
    if (!featureEnabled(ctx, 'delivery-retryafter')) {
      ctx.error('E-V5', join(path, 'retryAfterMax'), 'must not set the field(s)', { value: delivery.retryAfterMax, allowed: 'only with the delivery-retryafter feature' });
    } else {
      const p = parsePeriod(delivery.retryAfterMax);
      if (!p || p.negative) {
        ctx.error('E-V5', join(path, 'retryAfterMax'), `invalid value: ${delivery.retryAfterMax}`, {
          value: delivery.retryAfterMax, allowed: 'a non-negative ISO-8601 duration',
        });
      }
    }
  }
  if (delivery.format !== undefined && delivery.format !== 'json' && delivery.format !== 'binary') {
    ctx.error('E-V6', join(path, 'format'), `invalid value: ${delivery.format}`, { value: delivery.format, allowed: 'json, binary' });
  }
}

/** Delivery defaulting: the dead-letter sink ref gets the parent's namespace. */
export function defaultDelivery(delivery: unknown, namespace: string): void {
  if (isObject(delivery)) defaultDestination(delivery.deadLetterSink, namespace);
}
