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

/** An annotation that sets one of K's settings: its key (the one used, for messages) and its value. */
type Entry = readonly [key: string, value: string];
/** The settings the annotations give, each from its kebab-case key or, without one, its legacy alias. */
type Found = { -readonly [S in keyof typeof K]?: Entry };

/** Each key of K's lists: its setting, and its rank (0 for the kebab-case key, which wins). */
const SETTING_OF = new Map<string, { readonly setting: keyof typeof K; readonly rank: number }>();
for (const setting of Object.keys(K) as (keyof typeof K)[]) K[setting].forEach((key, rank) => SETTING_OF.set(key, { setting, rank }));

/**
 * The settings of `annotations`, read in one pass (a template carries a few of the 25 keys), or
 * undefined when no key is an autoscaling one. Values that are not strings do not count.
 */
function settingsOf(annotations: Record<string, string>): Found | undefined {
  let found: Found | undefined;
  let ranks: Record<string, number> | undefined;
  for (const key in annotations) {
    const s = SETTING_OF.get(key);
    if (s === undefined) continue;
    const value = annotations[key];
    if (typeof value !== 'string') continue;
    found ??= {};
    ranks ??= {};
    const rank = ranks[s.setting];
    if (rank === undefined || s.rank < rank) {
      found[s.setting] = [key, value];
      ranks[s.setting] = s.rank;
    }
  }
  return found;
}

/**
 * Validates the autoscaling annotations in `annotations`; `base` is the path of the map
 * (`spec.template.metadata.annotations`, or `metadata.annotations` on a Revision).
 */
export function validateAutoscalingAnnotations(annotations: Record<string, string>, base: string, ctx: RuleContext): void {
  const found = settingsOf(annotations);
  if (found === undefined) return;
  const settings = ctx.settings;

  // A1
  const cls = found.class;
  if (cls && cls[1].endsWith('.knative.dev') && cls[1] !== KPA && cls[1] !== HPA) {
    ctx.error('A1', `${base}.${cls[0]}`, invalidValue(cls[1]), { value: cls[1], allowed: `${KPA}, ${HPA}, or a class outside knative.dev` });
  }

  validateScale(found, base, settings, ctx);
  validateFloats(found, base, ctx);
  validateDurations(found, base, ctx);

  // A15
  const metric = found.metric;
  if (metric) {
    const effective = cls ? cls[1] : settings.autoscaler.podAutoscalerClass;
    const bad = (effective === KPA && metric[1] !== 'concurrency' && metric[1] !== 'rps') || (effective === HPA && metric[1] === '');
    if (bad) {
      ctx.error('A15', `${base}.${metric[0]}`, invalidValue(metric[1]), {
        value: metric[1], allowed: effective === KPA ? 'concurrency or rps (class kpa)' : 'a non-empty metric such as cpu or memory (class hpa)',
      });
    }
  }

  // A16: only when the class is explicitly KPA; custom autoscalers may have their own algorithms.
  const algo = found.algorithm;
  if (algo && cls && cls[1] === KPA && !['linear', 'weighted-exponential', 'weightedExponential'].includes(algo[1])) {
    ctx.error('A16', `${base}.${algo[0]}`, invalidValue(algo[1]), { value: algo[1], allowed: 'linear, weighted-exponential' });
  }

  // A6
  const initial = found.initialScale;
  if (initial) {
    const n = parseGoInt(initial[1]);
    if (n === undefined || n < 0) {
      ctx.error('A6', `${base}.${initial[0]}`, withDetails(invalidValue(initial[1]), 'initial-scale must be greater than 0'), { value: initial[1], allowed: 'an integer >= 0' });
    } else if (n === 0 && !settings.autoscaler.allowZeroInitialScale) {
      ctx.error('A6', `${base}.${initial[0]}`, withDetails(invalidValue(initial[1]), 'initial-scale=0 not allowed by cluster'), { value: initial[1], allowed: 'an integer >= 1 (allow-zero-initial-scale is false)' });
    }
  }
}

/** A2: a scale bound as an int32 >= 0 (0 when absent or wrong, which A2 reports). */
function scaleBound(kv: Entry | undefined, base: string, ctx: RuleContext): number {
  if (!kv) return 0;
  const n = parseInt32(kv[1]);
  if (n === 'range' || (typeof n === 'number' && n < 0)) {
    ctx.error('A2', `${base}.${kv[0]}`, outOfBounds(kv[1], 0, INT32_MAX), { value: kv[1], allowed: `0..${INT32_MAX}` });
    return 0;
  }
  if (n === undefined) {
    ctx.error('A2', `${base}.${kv[0]}`, invalidValue(kv[1]), { value: kv[1], allowed: 'a base-10 integer' });
    return 0;
  }
  return n;
}

function validateScale(found: Found, base: string, settings: ClusterSettings, ctx: RuleContext): void {
  const min = scaleBound(found.minScale, base, ctx);
  const max = scaleBound(found.maxScale, base, ctx);
  if (max !== 0 && max < min) {
    ctx.error('A3', paths(`${base}.${K.maxScale[0]}`, `${base}.${K.minScale[0]}`), `max-scale=${max} is less than min-scale=${min}`, { value: max, allowed: `0 (unlimited) or >= ${min}` });
  }
  const maxKv = found.maxScale;
  const limit = settings.autoscaler.maxScaleLimit;
  if (maxKv && limit > 0) {
    if (max > limit) ctx.error('A4', `${base}.${maxKv[0]}`, outOfBounds(max, 1, limit), { value: max, allowed: `1..${limit} (max-scale-limit)` });
    if (max === 0) ctx.error('A4', `${base}.${maxKv[0]}`, `max-scale=0 (unlimited), must be less than ${limit}`, { value: 0, allowed: `1..${limit} (max-scale-limit)` });
  }
  const act = found.activationScale;
  if (act) {
    const at = `${base}.${act[0]}`;
    const n = parseInt32(act[1]);
    if (typeof n !== 'number') {
      ctx.error('A5', at, invalidValue(act[1]), { value: act[1], allowed: 'an integer >= 2' });
      return;
    }
    if (n < 2) ctx.error('A5', at, `activation-scale=${n} must be greater than 1`, { value: n, allowed: '>= 2' });
    if (min > n) ctx.error('A5', at, `min-scale=${min} is greater than activation-scale=${n}`, { value: n, allowed: `>= ${min} (min-scale)` });
    if (max !== 0 && max < n) ctx.error('A5', at, `max-scale=${max} is less than activation-scale=${n}`, { value: n, allowed: `<= ${max} (max-scale)` });
  }
}

type FloatRule = 'A7' | 'A8' | 'A9' | 'A10' | 'A11';

// The rule id is data here, so route it through a switch that keeps each id literal.
function reportFloat(rule: FloatRule, field: string, message: string, ctx: RuleContext, value: unknown, allowed: string): void {
  switch (rule) {
    case 'A7': ctx.error('A7', field, message, { value, allowed }); break;
    case 'A8': ctx.error('A8', field, message, { value, allowed }); break;
    case 'A9': ctx.error('A9', field, message, { value, allowed }); break;
    case 'A10': ctx.error('A10', field, message, { value, allowed }); break;
    default: ctx.error('A11', field, message, { value, allowed }); break;
  }
}

/** The number an annotation gives (undefined when absent, or not a Go float, which `rule` reports). */
function floatOf(kv: Entry | undefined, rule: FloatRule, allowed: string, base: string, ctx: RuleContext): number | undefined {
  if (!kv) return undefined;
  const n = parseGoFloat(kv[1]);
  if (n === undefined) reportFloat(rule, `${base}.${kv[0]}`, invalidValue(kv[1]), ctx, kv[1], allowed);
  return n;
}

function boundedFloat(kv: Entry | undefined, rule: 'A8' | 'A10' | 'A11', lo: number, hi: number, base: string, ctx: RuleContext): void {
  if (!kv) return;
  const allowed = `${lo}..${hi}`;
  const n = floatOf(kv, rule, allowed, base, ctx);
  if (n !== undefined && !(n >= lo && n <= hi)) reportFloat(rule, `${base}.${kv[0]}`, outOfBounds(kv[1], lo, hi), ctx, kv[1], allowed);
}

function validateFloats(found: Found, base: string, ctx: RuleContext): void {
  boundedFloat(found.panicWindow, 'A10', 1, 100, base, ctx);
  boundedFloat(found.panicThreshold, 'A11', 110, 1000, base, ctx);
  const target = found.target;
  const t = floatOf(target, 'A7', 'a number >= 0.01', base, ctx);
  if (target && t !== undefined && !(t >= 0.01)) {
    ctx.error('A7', `${base}.${target[0]}`, `target ${target[1]} should be at least 0.01`, { value: target[1], allowed: 'a number >= 0.01' });
  }
  boundedFloat(found.targetUtilization, 'A8', 1, 100, base, ctx);
  const tbc = found.targetBurstCapacity;
  const b = floatOf(tbc, 'A9', 'a number >= 0, or -1', base, ctx);
  if (tbc && b !== undefined && b < 0 && b !== -1) {
    ctx.error('A9', `${base}.${tbc[0]}`, invalidValue(tbc[1]), { value: tbc[1], allowed: 'a number >= 0, or -1' });
  }
}

function validateDurations(found: Found, base: string, ctx: RuleContext): void {
  const win = found.window;
  if (win) {
    const at = `${base}.${win[0]}`;
    const ms = parseGoDuration(win[1]);
    const allowed = '6s..1h, in whole seconds';
    if (ms === undefined) ctx.error('A12', at, invalidValue(win[1]), { value: win[1], allowed });
    else if (ms < 6000 || ms > HOUR) ctx.error('A12', at, outOfBounds(win[1], formatGoDuration(6000), formatGoDuration(HOUR)), { value: win[1], allowed });
    else if (Math.round(ms / 1000) * 1000 !== ms) ctx.error('A12', at, 'must be specified with at most second precision', { value: win[1], allowed });
  }
  const sdd = found.scaleDownDelay;
  if (sdd) {
    const at = `${base}.${sdd[0]}`;
    const ms = parseGoDuration(sdd[1]);
    const allowed = '0s..1h, in whole seconds';
    if (ms === undefined) ctx.error('A13', at, invalidValue(sdd[1]), { value: sdd[1], allowed });
    else if (ms < 0 || ms > HOUR) ctx.error('A13', at, outOfBounds(sdd[1], '0s', formatGoDuration(HOUR)), { value: sdd[1], allowed });
    else if (Math.round(ms / 1000) * 1000 !== ms) ctx.error('A13', at, 'must be specified with at most second precision', { value: sdd[1], allowed });
  }
  const ret = found.retention;
  if (ret) {
    const at = `${base}.${ret[0]}`;
    const ms = parseGoDuration(ret[1]);
    const allowed = '0s..1h';
    if (ms === undefined) ctx.error('A14', at, invalidValue(ret[1]), { value: ret[1], allowed });
    else if (ms < 0 || ms > HOUR) ctx.error('A14', at, outOfBounds(ret[1], '0s', formatGoDuration(HOUR)), { value: ret[1], allowed });
  }
}
