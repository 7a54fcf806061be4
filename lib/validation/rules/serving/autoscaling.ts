/**
 * Autoscaling annotations (serving pkg/apis/autoscaling/annotation_validation.go), checked on a
 * revision template's annotations and on a Revision's own. Each key may have a camelCase legacy
 * alias; the kebab-case key wins when both are present, and errors name the key actually used.
 */
import { ClusterSettings } from '../../../core/cluster-settings';
import { formatGoDuration, parseGoDuration } from '../../../core/duration';
import { RuleContext } from '../../types';
import { invalidValue, outOfBounds, parseGoFloat, parseGoInt, parseInt32, paths, withDetails } from './util';

const G = 'autoscaling.knative.dev/';
const KPA = 'kpa.autoscaling.knative.dev';
const HPA = 'hpa.autoscaling.knative.dev';
const INT32_MAX = 2147483647;
const HOUR = 3_600_000;

const K = {
  class: [`${G}class`],
  minScale: [`${G}min-scale`, `${G}minScale`],
  maxScale: [`${G}max-scale`, `${G}maxScale`],
  activationScale: [`${G}activation-scale`],
  initialScale: [`${G}initial-scale`, `${G}initialScale`],
  target: [`${G}target`],
  targetUtilization: [`${G}target-utilization-percentage`, `${G}targetUtilizationPercentage`],
  targetBurstCapacity: [`${G}target-burst-capacity`, `${G}targetBurstCapacity`],
  panicWindow: [`${G}panic-window-percentage`, `${G}panicWindowPercentage`],
  panicThreshold: [`${G}panic-threshold-percentage`, `${G}panicThresholdPercentage`],
  window: [`${G}window`],
  scaleDownDelay: [`${G}scale-down-delay`, `${G}scaleDownDelay`],
  retention: [`${G}scale-to-zero-pod-retention-period`],
  metric: [`${G}metric`],
  algorithm: [`${G}metric-aggregation-algorithm`, `${G}metricAggregationAlgorithm`],
} as const;

type Getter = (keys: readonly string[]) => [string, string] | undefined;

/**
 * Validates the autoscaling annotations in `annotations`; `base` is the path of the map
 * (`spec.template.metadata.annotations`, or `metadata.annotations` on a Revision).
 */
export function validateAutoscalingAnnotations(annotations: Record<string, string>, base: string, ctx: RuleContext): void {
  let any = false;
  for (const k in annotations) if (k.startsWith(G)) { any = true; break; }
  if (!any) return;
  const get: Getter = (keys) => {
    for (const k of keys) if (k in annotations && typeof annotations[k] === 'string') return [k, annotations[k]];
    return undefined;
  };
  const at = (k: string) => `${base}.${k}`;
  const settings = ctx.settings;

  // A1
  const cls = get(K.class);
  if (cls && cls[1].endsWith('.knative.dev') && cls[1] !== KPA && cls[1] !== HPA) {
    ctx.error('A1', at(cls[0]), invalidValue(cls[1]), { value: cls[1], allowed: `${KPA}, ${HPA}, or a class outside knative.dev` });
  }

  validateScale(get, at, settings, ctx);
  validateFloats(get, at, ctx);
  validateDurations(get, at, ctx);

  // A15
  const metric = get(K.metric);
  if (metric) {
    const effective = cls ? cls[1] : settings.autoscaler.podAutoscalerClass;
    const bad = (effective === KPA && metric[1] !== 'concurrency' && metric[1] !== 'rps') || (effective === HPA && metric[1] === '');
    if (bad) {
      ctx.error('A15', at(metric[0]), invalidValue(metric[1]), {
        value: metric[1], allowed: effective === KPA ? 'concurrency or rps (class kpa)' : 'a non-empty metric such as cpu or memory (class hpa)',
      });
    }
  }

  // A16: only when the class is explicitly KPA; custom autoscalers may have their own algorithms.
  const algo = get(K.algorithm);
  if (algo && cls && cls[1] === KPA && !['linear', 'weighted-exponential', 'weightedExponential'].includes(algo[1])) {
    ctx.error('A16', at(algo[0]), invalidValue(algo[1]), { value: algo[1], allowed: 'linear, weighted-exponential' });
  }

  // A6
  const initial = get(K.initialScale);
  if (initial) {
    const n = parseGoInt(initial[1]);
    if (n === undefined || n < 0) {
      ctx.error('A6', at(initial[0]), withDetails(invalidValue(initial[1]), 'initial-scale must be greater than 0'), { value: initial[1], allowed: 'an integer >= 0' });
    } else if (n === 0 && !settings.autoscaler.allowZeroInitialScale) {
      ctx.error('A6', at(initial[0]), withDetails(invalidValue(initial[1]), 'initial-scale=0 not allowed by cluster'), { value: initial[1], allowed: 'an integer >= 1 (allow-zero-initial-scale is false)' });
    }
  }
}

function validateScale(get: Getter, at: (k: string) => string, settings: ClusterSettings, ctx: RuleContext): void {
  const intGE0 = (keys: readonly string[]): number => {
    const kv = get(keys);
    if (!kv) return 0;
    const n = parseInt32(kv[1]);
    if (n === 'range' || (typeof n === 'number' && n < 0)) {
      ctx.error('A2', at(kv[0]), outOfBounds(kv[1], 0, INT32_MAX), { value: kv[1], allowed: `0..${INT32_MAX}` });
      return 0;
    }
    if (n === undefined) {
      ctx.error('A2', at(kv[0]), invalidValue(kv[1]), { value: kv[1], allowed: 'a base-10 integer' });
      return 0;
    }
    return n;
  };
  const min = intGE0(K.minScale);
  const max = intGE0(K.maxScale);
  if (max !== 0 && max < min) {
    ctx.error('A3', paths(at(K.maxScale[0]), at(K.minScale[0])), `max-scale=${max} is less than min-scale=${min}`, { value: max, allowed: `0 (unlimited) or >= ${min}` });
  }
  const maxKv = get(K.maxScale);
  const limit = settings.autoscaler.maxScaleLimit;
  if (maxKv && limit > 0) {
    if (max > limit) ctx.error('A4', at(maxKv[0]), outOfBounds(max, 1, limit), { value: max, allowed: `1..${limit} (max-scale-limit)` });
    if (max === 0) ctx.error('A4', at(maxKv[0]), `max-scale=0 (unlimited), must be less than ${limit}`, { value: 0, allowed: `1..${limit} (max-scale-limit)` });
  }
  const act = get(K.activationScale);
  if (act) {
    const n = parseInt32(act[1]);
    if (typeof n !== 'number') {
      ctx.error('A5', at(act[0]), invalidValue(act[1]), { value: act[1], allowed: 'an integer >= 2' });
      return;
    }
    if (n < 2) ctx.error('A5', at(act[0]), `activation-scale=${n} must be greater than 1`, { value: n, allowed: '>= 2' });
    if (min > n) ctx.error('A5', at(act[0]), `min-scale=${min} is greater than activation-scale=${n}`, { value: n, allowed: `>= ${min} (min-scale)` });
    if (max !== 0 && max < n) ctx.error('A5', at(act[0]), `max-scale=${max} is less than activation-scale=${n}`, { value: n, allowed: `<= ${max} (max-scale)` });
  }
}

function validateFloats(get: Getter, at: (k: string) => string, ctx: RuleContext): void {
  const parse = (keys: readonly string[], rule: 'A7' | 'A8' | 'A9' | 'A10' | 'A11', allowed: string): [string, string, number] | undefined => {
    const kv = get(keys);
    if (!kv) return undefined;
    const n = parseGoFloat(kv[1]);
    if (n === undefined) {
      report(rule, at(kv[0]), invalidValue(kv[1]), kv[1], allowed);
      return undefined;
    }
    return [kv[0], kv[1], n];
  };
  // The rule id is data here, so route it through a switch that keeps each id literal.
  const report = (rule: string, field: string, message: string, value: unknown, allowed: string) => {
    switch (rule) {
      case 'A7': ctx.error('A7', field, message, { value, allowed }); break;
      case 'A8': ctx.error('A8', field, message, { value, allowed }); break;
      case 'A9': ctx.error('A9', field, message, { value, allowed }); break;
      case 'A10': ctx.error('A10', field, message, { value, allowed }); break;
      default: ctx.error('A11', field, message, { value, allowed }); break;
    }
  };
  const bounded = (keys: readonly string[], rule: 'A8' | 'A10' | 'A11', lo: number, hi: number) => {
    const allowed = `${lo}..${hi}`;
    const p = parse(keys, rule, allowed);
    if (p && !(p[2] >= lo && p[2] <= hi)) report(rule, at(p[0]), outOfBounds(p[1], lo, hi), p[1], allowed);
  };
  bounded(K.panicWindow, 'A10', 1, 100);
  bounded(K.panicThreshold, 'A11', 110, 1000);
  const target = parse(K.target, 'A7', 'a number >= 0.01');
  if (target && !(target[2] >= 0.01)) {
    ctx.error('A7', at(target[0]), `target ${target[1]} should be at least 0.01`, { value: target[1], allowed: 'a number >= 0.01' });
  }
  bounded(K.targetUtilization, 'A8', 1, 100);
  const tbc = parse(K.targetBurstCapacity, 'A9', 'a number >= 0, or -1');
  if (tbc && tbc[2] < 0 && tbc[2] !== -1) {
    ctx.error('A9', at(tbc[0]), invalidValue(tbc[1]), { value: tbc[1], allowed: 'a number >= 0, or -1' });
  }
}

function validateDurations(get: Getter, at: (k: string) => string, ctx: RuleContext): void {
  const win = get(K.window);
  if (win) {
    const ms = parseGoDuration(win[1]);
    const allowed = '6s..1h, in whole seconds';
    if (ms === undefined) ctx.error('A12', at(win[0]), invalidValue(win[1]), { value: win[1], allowed });
    else if (ms < 6000 || ms > HOUR) ctx.error('A12', at(win[0]), outOfBounds(win[1], formatGoDuration(6000), formatGoDuration(HOUR)), { value: win[1], allowed });
    else if (Math.round(ms / 1000) * 1000 !== ms) ctx.error('A12', at(win[0]), 'must be specified with at most second precision', { value: win[1], allowed });
  }
  const sdd = get(K.scaleDownDelay);
  if (sdd) {
    const ms = parseGoDuration(sdd[1]);
    const allowed = '0s..1h, in whole seconds';
    if (ms === undefined) ctx.error('A13', at(sdd[0]), invalidValue(sdd[1]), { value: sdd[1], allowed });
    else if (ms < 0 || ms > HOUR) ctx.error('A13', at(sdd[0]), outOfBounds(sdd[1], '0s', formatGoDuration(HOUR)), { value: sdd[1], allowed });
    else if (Math.round(ms / 1000) * 1000 !== ms) ctx.error('A13', at(sdd[0]), 'must be specified with at most second precision', { value: sdd[1], allowed });
  }
  const ret = get(K.retention);
  if (ret) {
    const ms = parseGoDuration(ret[1]);
    const allowed = '0s..1h';
    if (ms === undefined) ctx.error('A14', at(ret[0]), invalidValue(ret[1]), { value: ret[1], allowed });
    else if (ms < 0 || ms > HOUR) ctx.error('A14', at(ret[0]), outOfBounds(ret[1], '0s', formatGoDuration(HOUR)), { value: ret[1], allowed });
  }
}

