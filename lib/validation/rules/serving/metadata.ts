/**
 * Object metadata of Service, Configuration, Route and Revision (knative.dev/pkg
 * apis.ValidateObjectMetadata, serving's metadata_validation.go and the kinds' label checks).
 *
 * The update-only S-M8 (the creator annotation is immutable) is in update.ts; S-M9
 * (lastModifier changes only with the spec) depends on the requesting user and is not checked.
 */
import { parseGoDuration } from '../../../core/duration';
import { dns1035LabelErrors } from '../../../core/names';
import { RuleContext } from '../../types';
import { MISSING, Obj, arr, invalidValue, isObj, strMap, withDetails } from './util';

const AUTOSCALING_GROUP = 'autoscaling.knative.dev';

/** k8s NameIsDNS1035Label(name, prefix): a prefix may end in '-', the server adds a suffix. */
export function dns1035(name: string, prefix: boolean): string[] {
  return dns1035LabelErrors(prefix && name.endsWith('-') ? `${name.slice(0, -1)}a` : name);
}

/** Go's %v of a []string. */
export function goList(items: string[]): string {
  return `[${items.join(' ')}]`;
}

/**
 * S-M1..S-M3: knative.dev/pkg ValidateObjectMetadata. It stops at the first problem, so at most
 * one is reported. S-M3 repeats the API server's own check (rule `metadata`, same message and
 * field), so it is not reported again here.
 */
export function validateObjectMeta(meta: Obj, ctx: RuleContext): void {
  const name = typeof meta.name === 'string' ? meta.name : '';
  const generateName = typeof meta.generateName === 'string' ? meta.generateName : '';
  if (generateName) {
    const errs = dns1035(generateName, true);
    if (errs.length) {
      ctx.error('S-M2', 'metadata.generateName', `not a DNS 1035 label prefix: ${goList(errs)}`, { value: generateName, allowed: 'a DNS-1035 label prefix' });
      return;
    }
  }
  if (name) {
    const errs = dns1035(name, false);
    if (errs.length) {
      ctx.error('S-M1', 'metadata.name', `not a DNS 1035 label: ${goList(errs)}`, { value: name, allowed: 'a DNS-1035 label' });
    }
  }
}

/** S-M4: Service, Configuration and Route may not carry autoscaling annotations themselves. */
export function validateNoAutoscalingAnnotations(meta: Obj, ctx: RuleContext): void {
  const keys = Object.keys(strMap(meta.annotations));
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key.startsWith(AUTOSCALING_GROUP)) {
      ctx.error('S-M4', 'metadata.annotations',
        withDetails(`invalid key name "${key}"`, 'autoscaling annotations must be put under "spec.template.metadata.annotations" to work'),
        { value: key, allowed: 'autoscaling annotations only under spec.template.metadata.annotations' });
    }
  }
}

const ROLLOUT_KEYS = ['serving.knative.dev/rollout-duration', 'serving.knative.dev/rolloutDuration'];

/** S-M5: the rollout-duration annotation of Service and Route. */
export function validateRolloutDuration(meta: Obj, ctx: RuleContext): void {
  const annotations = strMap(meta.annotations);
  const key = ROLLOUT_KEYS[0] in annotations ? ROLLOUT_KEYS[0] : ROLLOUT_KEYS[1] in annotations ? ROLLOUT_KEYS[1] : undefined;
  if (!key) return;
  const v = annotations[key];
  if (v === '' || typeof v !== 'string') return;
  const field = `metadata.annotations.${key}`;
  const ms = parseGoDuration(v);
  if (ms === undefined) {
    ctx.error('S-M5', field, invalidValue(v), { value: v, allowed: 'a Go duration in whole seconds, e.g. 380s' });
  } else if (Math.round(ms / 1000) * 1000 !== ms) {
    ctx.error('S-M5', field, `rollout-duration=${v} is not at second precision`, { value: v, allowed: 'a whole number of seconds' });
  } else if (ms < 0) {
    ctx.error('S-M5', field, `rollout-duration=${v} must be positive`, { value: v, allowed: '>= 0s' });
  }
}

function hasOwner(meta: Obj, kind: string, name: string): boolean {
  return arr(meta.ownerReferences).some((r) => isObj(r) && r.kind === kind && r.name === name);
}

/** S-M6: a Route or Configuration labelled as part of a Service must be owned by it. */
export function validateServiceLabel(meta: Obj, ctx: RuleContext): void {
  const labels = strMap(meta.labels);
  const key = 'serving.knative.dev/service';
  if (key in labels && !hasOwner(meta, 'Service', labels[key])) {
    ctx.error('S-M6', `metadata.labels.${key}`, MISSING, { value: labels[key], allowed: `an ownerReference to Service "${labels[key]}"` });
  }
}

/** S-M7: a Revision labelled with its Configuration must be owned by it. */
export function validateConfigurationLabel(meta: Obj, ctx: RuleContext): void {
  const labels = strMap(meta.labels);
  const key = 'serving.knative.dev/configuration';
  if (key in labels && !hasOwner(meta, 'Configuration', labels[key])) {
    ctx.error('S-M7', `metadata.labels.${key}`, MISSING, { value: labels[key], allowed: `an ownerReference to Configuration "${labels[key]}"` });
  }
}
