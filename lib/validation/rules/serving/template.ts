/**
 * The revision template of a Service or Configuration (serving v1 RevisionTemplateSpec.Validate)
 * and the RevisionSpec numbers shared with Revision (timeoutSeconds, containerConcurrency).
 *
 * S-T4 (a template whose BYO name is unchanged must itself be unchanged) compares with the
 * previous object, which a manifest validator never has, so it is not checked.
 */
import { parseGoDuration } from '../../../core/duration';
import { RuleContext } from '../../types';
import { validateAutoscalingAnnotations } from './autoscaling';
import { dns1035, goList } from './metadata';
import { validatePodSpec } from './podspec';
import { isQuantity } from './quantity';
import { DISALLOWED, Obj, goFloat, invalidValue, isObj, outOfBounds, parseGoFloat, strMap } from './util';

// knative.dev/networking ValidateAnnotations matches the bare group, without the slash.
const NETWORKING_PREFIX = 'networking.knative.dev';
const ALLOWED_NETWORKING = new Set([
  'ingress.class', 'ingress-class', 'certificate.class', 'certificate-class', 'disableAutoTLS', 'disable-auto-tls',
  'disable-external-domain-tls', 'httpOption', 'http-protocol',
].map((k) => `${NETWORKING_PREFIX}/${k}`));
const RESOURCE_PERCENTAGE_KEYS = ['queue.sidecar.serving.knative.dev/resource-percentage', 'queue.sidecar.serving.knative.dev/resourcePercentage'];
const QUEUE_QUANTITY_KEYS = ['cpu', 'memory', 'ephemeral-storage'].flatMap((r) =>
  ['request', 'limit'].map((kind) => `queue.sidecar.serving.knative.dev/${r}-resource-${kind}`));
const PROGRESS_DEADLINE = 'serving.knative.dev/progress-deadline';

/** Validates `spec.template` of a Service or Configuration named by `parent`. */
export function validateRevisionTemplate(input: unknown, parent: Obj, ctx: RuleContext): void {
  // Go's template is a struct, not a pointer: a missing one is validated as empty (P1).
  const template: Obj = isObj(input) ? input : {};
  const meta = isObj(template.metadata) ? template.metadata : {};
  validateRevisionName(meta, parent, ctx);
  const annotations = strMap(meta.annotations);
  validateAutoscalingAnnotations(annotations, 'spec.template.metadata.annotations', ctx);
  validateTemplateAnnotations(annotations, ctx);
  validateRevisionSpec(template.spec, 'spec.template.spec', ctx);
}

/** S-T1..S-T3: serving.ValidateRevisionName, which stops at the first problem. */
function validateRevisionName(meta: Obj, parent: Obj, ctx: RuleContext): void {
  const name = typeof meta.name === 'string' ? meta.name : '';
  const generateName = typeof meta.generateName === 'string' ? meta.generateName : '';
  if (generateName) {
    const errs = dns1035(generateName, true);
    if (errs.length) {
      ctx.error('S-T3', 'spec.template.metadata.generateName', invalidValue(`not a DNS 1035 label prefix: ${goList(errs)}`), { value: generateName, allowed: 'a DNS-1035 label prefix' });
      return;
    }
  }
  if (!name) return;
  const errs = dns1035(name, false);
  if (errs.length) {
    ctx.error('S-T1', 'spec.template.metadata.name', invalidValue(`not a DNS 1035 label: ${goList(errs)}`), { value: name, allowed: 'a DNS-1035 label' });
    return;
  }
  const parentName = typeof parent.name === 'string' ? parent.name : '';
  if (!parentName && parent.generateName) {
    ctx.error('S-T2', 'spec.template.metadata.name', DISALLOWED, { value: name, allowed: 'no template name when the parent uses generateName' });
    return;
  }
  const prefix = `${parentName}-`;
  if (!name.startsWith(prefix)) {
    ctx.error('S-T1', 'spec.template.metadata.name', invalidValue(`"${name}" must have prefix "${prefix}"`), { value: name, allowed: `a name starting with "${prefix}"` });
  }
}

/** S-T8..S-T11: template-only annotations. */
function validateTemplateAnnotations(annotations: Record<string, string>, ctx: RuleContext): void {
  const base = 'spec.template.metadata.annotations';
  const keys = Object.keys(annotations);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key.startsWith(NETWORKING_PREFIX) && !ALLOWED_NETWORKING.has(key)) {
      ctx.error('S-T9', base, `invalid key name "${key}"`, { value: key, allowed: [...ALLOWED_NETWORKING].join(', ') });
    }
  }
  const pd = annotations[PROGRESS_DEADLINE];
  if (typeof pd === 'string' && pd !== '') {
    const field = `${base}.${PROGRESS_DEADLINE}`;
    const ms = parseGoDuration(pd);
    if (ms === undefined) ctx.error('S-T8', field, invalidValue(pd), { value: pd, allowed: 'a Go duration in whole seconds, e.g. 600s' });
    else if (Math.round(ms / 1000) * 1000 !== ms) ctx.error('S-T8', field, `progress-deadline=${pd} is not at second precision`, { value: pd, allowed: 'a whole number of seconds' });
    else if (ms < 0) ctx.error('S-T8', field, `progress-deadline=${pd} must be positive`, { value: pd, allowed: '>= 0s' });
  }
  const pctKey = RESOURCE_PERCENTAGE_KEYS[0] in annotations ? RESOURCE_PERCENTAGE_KEYS[0] : RESOURCE_PERCENTAGE_KEYS[1] in annotations ? RESOURCE_PERCENTAGE_KEYS[1] : undefined;
  if (pctKey) {
    const v = annotations[pctKey];
    const field = `${base}[${pctKey}]`;
    ctx.warn('S-T10', field, 'Queue proxy resource percentage annotation is deprecated. Please use the available annotations to explicitly set resource values per service', {
      value: v, allowed: 'queue.sidecar.serving.knative.dev/{cpu,memory,ephemeral-storage}-resource-{request,limit}',
    });
    const n = parseGoFloat(String(v));
    if (n === undefined) ctx.error('S-T10', field, invalidValue(v), { value: v, allowed: '0.1..100' });
    else if (!(n >= 0.1 && n <= 100)) ctx.error('S-T10', field, outOfBounds(goFloat(n), 0.1, 100), { value: v, allowed: '0.1..100' });
  }
  for (let i = 0; i < QUEUE_QUANTITY_KEYS.length; i++) {
    const key = QUEUE_QUANTITY_KEYS[i];
    const v = annotations[key];
    if (v !== undefined && !isQuantity(String(v))) {
      ctx.error('S-T11', `${base}[${key}]`, invalidValue(v), { value: v, allowed: 'a Kubernetes quantity, e.g. 100m or 128Mi' });
    }
  }
}

/** RevisionSpec: the pod spec, then S-T5 and S-T6. `base` is the path of the spec. */
export function validateRevisionSpec(spec: unknown, base: string, ctx: RuleContext): void {
  if (!isObj(spec)) {
    validatePodSpec({}, base, ctx, false);
    return;
  }
  validatePodSpec(spec, base, ctx);
  const timeout = spec.timeoutSeconds;
  const max = ctx.settings.servingDefaults.maxRevisionTimeoutSeconds;
  if (typeof timeout === 'number' && timeout !== 0 && (timeout < 0 || timeout > max)) {
    ctx.error('S-T5', `${base}.timeoutSeconds`, outOfBounds(timeout, 0, max), { value: timeout, allowed: `0..${max}` });
  }
  const cc = spec.containerConcurrency;
  if (typeof cc === 'number') {
    const d = ctx.settings.servingDefaults;
    const lo = d.allowContainerConcurrencyZero ? 0 : 1;
    if (cc < lo || cc > d.containerConcurrencyMaxLimit) {
      ctx.error('S-T6', `${base}.containerConcurrency`, outOfBounds(cc, lo, d.containerConcurrencyMaxLimit), { value: cc, allowed: `${lo}..${d.containerConcurrencyMaxLimit}` });
    }
  }
}
