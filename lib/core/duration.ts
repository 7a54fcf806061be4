/**
 * The three duration spellings this library meets, behind cdk8s's typed `Duration`:
 *
 * - Go durations (`90s`, `1m30s`): Knative Serving annotations (window, rollout-duration, ...);
 * - ISO-8601 durations (`PT0.2S`): Knative Eventing delivery (backoffDelay, timeout);
 * - protobuf JSON durations (`1.5s`): Istio (timeouts, retries, outlier detection).
 */
import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { parse as parseIso } from 'tinyduration';
import { reportError } from './report';

const GO_UNITS: Record<string, number> = {
  ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000,
};
const GO_DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$|^[-+]?0$/;
const GO_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;

/**
 * Parses a Go duration string (time.ParseDuration) into milliseconds, or returns undefined
 * when the text is not a Go duration.
 */
export function parseGoDuration(text: string): number | undefined {
  if (!GO_DURATION.test(text)) return undefined;
  const sign = text.startsWith('-') ? -1 : 1;
  let total = 0;
  for (const m of text.matchAll(GO_PART)) total += parseFloat(m[1]) * GO_UNITS[m[2]];
  return sign * total;
}

/** Formats milliseconds the way Go's Duration.String() does (`1h0m0s`, `1m30s`, `500ms`). */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  if (rest < 1000) return `${sign}${rest}ms`;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = +(rest / 1000).toFixed(9);
  if (h > 0) return `${sign}${h}h${m}m${s}s`;
  if (m > 0) return `${sign}${m}m${s}s`;
  return `${sign}${s}s`;
}

/** A Duration as the shortest Go duration string in whole seconds (`120s`), as Knative prefers. */
export function toGoSeconds(d: Duration): string {
  const ms = d.toMilliseconds();
  if (ms % 1000 !== 0) throw new Error(`duration ${d.toHumanString()} must be a whole number of seconds`);
  return `${ms / 1000}s`;
}

/**
 * Parses an ISO-8601 duration (`PT0.2S`, `P1D`) into milliseconds, or returns undefined when the
 * text is not one. Years and months have no fixed length, so they are refused as Knative does.
 */
export function parseIsoDuration(text: string): number | undefined {
  try {
    const d = parseIso(text);
    if (d.years || d.months) return undefined;
    const ms = ((((d.weeks ?? 0) * 7 + (d.days ?? 0)) * 24 + (d.hours ?? 0)) * 60 + (d.minutes ?? 0)) * 60_000 + (d.seconds ?? 0) * 1000;
    return d.negative ? -ms : ms;
  } catch {
    return undefined;
  }
}

/** A Duration as an ISO-8601 duration in seconds (`PT0.2S`, `PT30S`), as Knative Eventing expects. */
export function toIsoSeconds(d: Duration): string {
  return `PT${+(d.toMilliseconds({ integral: false }) / 1000).toFixed(3)}S`;
}

/** A Duration as a protobuf JSON duration (`1.5s`), as Istio expects. */
export function toProtoDuration(d: Duration): string {
  return `${+(d.toMilliseconds({ integral: false }) / 1000).toFixed(9)}s`;
}


/**
 * The milliseconds of `d` when it is a finite, non-negative duration; otherwise reports a synth
 * error on `scope` for `prop` and returns undefined. `Duration.seconds(NaN)` and infinite
 * durations reach here as NaN / Infinity milliseconds.
 */
export function checkedMillis(scope: IConstruct, prop: string, d: Duration): number | undefined {
  const ms = d.toMilliseconds({ integral: false });
  if (!Number.isFinite(ms) || ms < 0) {
    return reportError(scope, prop, 'must be a finite, non-negative duration', { value: d.toHumanString() || `${ms} millis`, allowed: 'Duration.seconds(n) with 0 <= n < Infinity' });
  }
  return ms;
}

/**
 * The whole number of seconds in `d`, for fields that Kubernetes and Knative take in seconds
 * (probe periods, timeouts, token expiry); otherwise reports a synth error on `scope` for `prop`
 * and returns undefined.
 */
export function checkedSeconds(scope: IConstruct, prop: string, d: Duration): number | undefined {
  const ms = checkedMillis(scope, prop, d);
  if (ms === undefined) return undefined;
  if (ms % 1000 !== 0) {
    return reportError(scope, prop, 'must be a whole number of seconds: Kubernetes and Knative take these in seconds', {
      value: d.toHumanString(), allowed: `whole seconds, e.g. Duration.seconds(${Math.max(1, Math.round(ms / 1000))})`,
    });
  }
  return ms / 1000;
}
