/**
 * KafkaChannel (knative-extensions/eventing-kafka-broker knative-v1.23.0, messaging.knative.dev
 * v1beta1 and v1): control-plane/pkg/apis/messaging/v1beta1/kafka_channel_{defaults,validation}.go
 * (v1 is the same code).
 *
 * Defaulting: numPartitions 0 becomes 1, replicationFactor 0 becomes 1, an empty
 * retentionDuration becomes PT168H; the dead-letter sink ref gets the channel's namespace.
 * KC1 numPartitions > 0; KC2 replicationFactor > 0; KC3 retentionDuration is an ISO-8601 period
 * (as github.com/rickb777/date v1.14 `period.Parse` reads it) whose duration is not negative;
 * KC4 the eventing.knative.dev/scope annotation is cluster or namespace; KC5 every subscriber has
 * subscriberUri or replyUri. On update (when the previously deployed manifest is given): KC6 the
 * spec except subscribers and delivery is immutable. The webhook does not validate
 * `spec.delivery`. Not checked: who may change `spec.subscribers` (only the eventing
 * controller's service account; depends on the requesting user).
 */
import { KindRules } from '../../../types';
import { annotationsOf, isObject, namespaceOf, specForDefaults, withDetails } from '../common';
import { defaultDelivery } from '../delivery';
import { shortDiff } from '../../diff';

/** The retention upstream gives a KafkaChannel that sets none: 7 days. */
export const DEFAULT_KAFKA_CHANNEL_RETENTION = 'PT168H';

const DAYS_PER_YEAR_E4 = 3652425n;
const DAYS_PER_MONTH_E6 = 30436875n;
const MAX_INT16 = 32767n;
const int64 = (v: bigint) => BigInt.asIntN(64, v);

/** Go's strconv.Atoi on ASCII digits: undefined when empty, not digits, or out of int64 range. */
function atoi(text: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const v = BigInt(text);
  return v === int64(v) ? v : undefined;
}

/** One number of a period, fixed point with one decimal (`1.25` is 12), as upstream reads it. */
function decimal(text: string): bigint | undefined {
  let dec = text.indexOf('.');
  if (dec < 0) dec = text.indexOf(',');
  if (dec < 0) {
    const v = atoi(text);
    return v === undefined ? undefined : int64(v * 10n);
  }
  const integer = atoi(text.slice(0, dec));
  if (integer === undefined) return undefined;
  const rest = text.slice(dec + 1);
  const fraction = rest.length === 0 ? 0n : atoi(rest.slice(0, 1));
  if (fraction === undefined) return undefined;
  return int64(integer * 10n + fraction);
}

type Field = 'years' | 'months' | 'weeks' | 'days' | 'hours' | 'minutes' | 'seconds';

/**
 * The duration in nanoseconds (Go's time.Duration, wrapping as int64 does) of an ISO-8601
 * period as rickb777/date's `period.Parse` + `Duration()` compute it, or undefined when it does
 * not parse. Years and months count as 365.2425 and 30.436875 days.
 */
export function periodDurationNanos(text: string): bigint | undefined {
  if (text === '' || text === '-' || text === '+') return undefined;
  if (text === 'P0') return 0n;
  let rest = text;
  let neg = false;
  if (rest[0] === '-' || rest[0] === '+') {
    neg = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest[0] !== 'P') return undefined;
  rest = rest.slice(1);
  const v: Record<Field, bigint> = { years: 0n, months: 0n, weeks: 0n, days: 0n, hours: 0n, minutes: 0n, seconds: 0n };
  const seen = new Set<Field>();
  let hms = false;
  let components = 0;
  let prevFraction = 0n;
  while (rest.length > 0) {
    if (rest[0] === 'T') {
      if (hms) return undefined;
      hms = true;
      rest = rest.slice(1);
      continue;
    }
    let i = 0;
    while (i < rest.length && /[0-9.,]/.test(rest[i])) i++;
    if (i === rest.length) return undefined;
    const designator = rest[i];
    const number = decimal(rest.slice(0, i));
    rest = rest.slice(i + 1);
    if (number === undefined) return undefined;
    const fraction = number % 10n;
    if (prevFraction !== 0n && fraction !== 0n) return undefined;
    const field: Field | undefined = hms
      ? ({ H: 'hours', M: 'minutes', S: 'seconds' } as const)[designator as 'H' | 'M' | 'S']
      : ({ Y: 'years', M: 'months', W: 'weeks', D: 'days' } as const)[designator as 'Y' | 'M' | 'W' | 'D'];
    // A designator of the other half (H before T, D after it) or an unknown one.
    if (!field || seen.has(field)) return undefined;
    seen.add(field);
    v[field] = number;
    components++;
    prevFraction = fraction;
  }
  if (components === 0) return undefined;
  v.days = int64(v.days + v.weeks * 7n);
  // Normalisation without loss of precision (values are fixed point, tenths).
  v.minutes += (v.seconds / 600n) * 10n; v.seconds %= 600n;
  v.hours += (v.minutes / 600n) * 10n; v.minutes %= 600n;
  if (v.hours > 32204n) { v.days += (v.hours / 240n) * 10n; v.hours %= 240n; }
  if (v.days > 32760n) {
    const dE6 = v.days * 100000n;
    v.months += (dE6 / DAYS_PER_MONTH_E6) * 10n;
    v.days = (dE6 % DAYS_PER_MONTH_E6) / 100000n;
  }
  v.years += (v.months / 120n) * 10n; v.months %= 120n;
  // Fractions of a larger unit move to the next smaller one when that one is set.
  const y10 = v.years % 10n;
  if (y10 !== 0n && (v.months || v.days || v.hours || v.minutes || v.seconds)) { v.months += y10 * 12n; v.years = (v.years / 10n) * 10n; }
  const m10 = v.months % 10n;
  if (m10 !== 0n && (v.days || v.hours || v.minutes || v.seconds)) { v.days += (m10 * DAYS_PER_MONTH_E6) / 1000000n; v.months = (v.months / 10n) * 10n; }
  const d10 = v.days % 10n;
  if (d10 !== 0n && (v.hours || v.minutes || v.seconds)) { v.hours += d10 * 24n; v.days = (v.days / 10n) * 10n; }
  const h10 = v.hours % 10n;
  if (h10 !== 0n && (v.minutes || v.seconds)) { v.minutes += h10 * 60n; v.hours = (v.hours / 10n) * 10n; }
  const mm10 = v.minutes % 10n;
  if (mm10 !== 0n && v.seconds) { v.seconds += mm10 * 60n; v.minutes = (v.minutes / 10n) * 10n; }
  const fields: Field[] = ['years', 'months', 'days', 'hours', 'minutes', 'seconds'];
  if (fields.some((f) => v[f] > MAX_INT16)) return undefined;
  // Period holds int16 fields, negated for a negative period.
  const p = Object.fromEntries(fields.map((f) => [f, BigInt.asIntN(16, neg ? -v[f] : v[f])])) as Record<Field, bigint>;
  const daysE7 = p.years * DAYS_PER_YEAR_E4 * 100n + p.months * DAYS_PER_MONTH_E6 + p.days * 1000000n;
  const tdE6 = int64(daysE7 * 8640n);
  const stE3 = p.hours * 360000n + p.minutes * 6000n + p.seconds * 100n;
  return int64(int64(tdE6 * 1000n) + stE3 * 1000000n);
}

const SCOPE = 'eventing.knative.dev/scope';

export const KAFKA_CHANNEL_RULES: KindRules = {
  group: 'messaging.knative.dev',
  kinds: ['KafkaChannel'],
  default(obj) {
    const spec = specForDefaults(obj);
    if (!spec) return;
    if (spec.numPartitions === undefined || spec.numPartitions === null || spec.numPartitions === 0) spec.numPartitions = 1;
    if (spec.replicationFactor === undefined || spec.replicationFactor === null || spec.replicationFactor === 0) spec.replicationFactor = 1;
    if (typeof spec.retentionDuration !== 'string' || spec.retentionDuration === '') spec.retentionDuration = DEFAULT_KAFKA_CHANNEL_RETENTION;
    defaultDelivery(spec.delivery, namespaceOf(obj));
  },
  validate(obj, ctx) {
    const spec = isObject(obj.spec) ? obj.spec : {};
    if (typeof spec.numPartitions === 'number' && spec.numPartitions <= 0) {
      ctx.error('KC1', 'spec.numPartitions', `invalid value: ${spec.numPartitions}`, { value: spec.numPartitions, allowed: '> 0' });
    }
    if (typeof spec.replicationFactor === 'number' && spec.replicationFactor <= 0) {
      ctx.error('KC2', 'spec.replicationFactor', `invalid value: ${spec.replicationFactor}`, { value: spec.replicationFactor, allowed: '> 0' });
    }
    if (typeof spec.retentionDuration === 'string') {
      const nanos = periodDurationNanos(spec.retentionDuration);
      if (nanos === undefined || nanos < 0n) {
        ctx.error('KC3', 'spec.retentionDuration', `invalid value: ${spec.retentionDuration}`, {
          value: spec.retentionDuration, allowed: 'a non-negative ISO-8601 duration such as PT168H or P7D',
        });
      }
    }
    const annotations = annotationsOf(obj);
    if (SCOPE in annotations && annotations[SCOPE] !== 'cluster' && annotations[SCOPE] !== 'namespace') {
      ctx.error('KC4', `metadata.annotations[${SCOPE}]`, withDetails(`invalid value: ${annotations[SCOPE]}`, "expected either 'cluster' or 'namespace'"), {
        value: annotations[SCOPE], allowed: 'cluster, namespace',
      });
    }
    const subscribers = Array.isArray(spec.subscribers) ? spec.subscribers : [];
    subscribers.forEach((s: unknown, i: number) => {
      const sub = isObject(s) ? s : {};
      // An empty string still decodes to a (non-nil) URL upstream.
      if (typeof sub.subscriberUri !== 'string' && typeof sub.replyUri !== 'string') {
        const at = `spec.subscribable.subscriber[${i}]`;
        ctx.error('KC5', `${at}.replyURI, ${at}.subscriberURI`, withDetails('missing field(s)', 'expected at least one of, got none'));
      }
    });
  },
  validateUpdate(previous, current, ctx) {
    const diff = shortDiff(previous.spec, current.spec, 'spec', ['subscribers', 'delivery']);
    if (diff) {
      ctx.error('KC6', 'spec', withDetails('Immutable fields changed (-old +new)', diff), {
        allowed: 'only spec.subscribers and spec.delivery may change; delete and re-create the KafkaChannel to change the rest',
      });
    }
  },
};
