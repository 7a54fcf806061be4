/**
 * Knative Serving 1.23 validating-webhook equivalents (validation.webhook.serving.knative.dev)
 * for Service, Configuration, Revision, Route (v1) and DomainMapping (v1beta1), each after the
 * mutating webhook's defaulting (defaulting.ts).
 *
 * Rule ids (see the research catalogue of Knative admission rules):
 * - metadata.ts: S-M1 name, S-M2 generateName, S-M4 no autoscaling annotations on the object,
 *   S-M5 rollout-duration, S-M6 service label owner, S-M7 configuration label owner;
 * - template.ts: S-T1..S-T3 BYO revision name, S-T5 timeoutSeconds, S-T6 containerConcurrency,
 *   S-T8 progress-deadline, S-T9 networking annotations, S-T10 resource-percentage (warning and
 *   bounds), S-T11 queue sidecar quantities;
 * - autoscaling.ts: A1..A16;
 * - podspec.ts: S-F1 pod field mask, S-F3 pod securityContext, S-W1 insecure-default warnings,
 *   P1..P4, P13, P14 serviceAccountName;
 * - containers.ts: S-F2 container mask, S-F3 container securityContext, S-F4 env/envFrom masks,
 *   S-F5 port mask, P5..P12, P15 terminationMessagePolicy, V7..V11 mounts;
 * - volumes.ts: V1..V6, V12; probes.ts: R1..R4 (liveness, readiness and, since 1.23, startup
 *   probes); traffic.ts: T1..T9; domainmapping.ts: D1..D4;
 * - kubernetes.ts: S-K1..S-K10, what the API server's pod validation or the kubelet refuses in
 *   the Deployment Knative creates although Knative's webhook accepts the revision;
 * - update.ts (`validateUpdate`, when the previously deployed manifest is given): S-M8 creator
 *   annotation immutable, S-T4 BYO revision name reused with a changed template, D5.
 *
 * S-M3 (name or generateName required) is the API server's own check, reported by the engine's
 * `metadata` rule with the same message and field, so it is not reported twice.
 *
 * Not implemented: S-M9 and the lastModifier half of D5 (they compare the annotation with the
 * requesting user), and Revision spec immutability (Revisions are the controller's, not applied
 * from manifests).
 */
import { KindRules } from '../../types';
import { validateAutoscalingAnnotations } from './autoscaling';
import { defaultDomainMapping, defaultRevisionSpec, defaultTemplate, defaultTraffic } from './defaulting';
import { validateDomainMapping } from './domainmapping';
import {
  validateConfigurationLabel, validateNoAutoscalingAnnotations, validateObjectMeta, validateRolloutDuration, validateServiceLabel,
} from './metadata';
import { validateRevisionSpec, validateRevisionTemplate } from './template';
import { validateTraffic } from './traffic';
import { validateCreatorUpdate, validateDomainMappingUpdate, validateTemplateNameChange } from './update';
import { Obj, isObj, strMap } from './util';

const GROUP = 'serving.knative.dev';

function meta(obj: Obj): Obj {
  return isObj(obj.metadata) ? obj.metadata : {};
}

function spec(obj: Obj): Obj {
  return isObj(obj.spec) ? obj.spec : {};
}

const SERVICE: KindRules = {
  group: GROUP,
  kinds: ['Service'],
  default(obj, settings) {
    // ServiceSpec is a struct in Go: an absent spec is defaulted (traffic 100% latest) like an empty one.
    if (!isObj(obj.spec)) obj.spec = {};
    defaultTemplate(obj.spec, settings, meta(obj));
    defaultTraffic(obj.spec, true);
  },
  validate(obj, ctx) {
    const m = meta(obj);
    validateObjectMeta(m, ctx);
    validateNoAutoscalingAnnotations(m, ctx);
    validateRolloutDuration(m, ctx);
    validateRevisionTemplate(spec(obj).template, m, ctx);
    validateTraffic(spec(obj), true, ctx);
  },
  validateUpdate(previous, current, ctx) {
    validateCreatorUpdate(previous, current, ctx);
    validateTemplateNameChange(previous, current, ctx);
  },
};

const CONFIGURATION: KindRules = {
  group: GROUP,
  kinds: ['Configuration'],
  default(obj, settings) {
    defaultTemplate(obj.spec, settings, meta(obj));
  },
  validate(obj, ctx) {
    const m = meta(obj);
    validateObjectMeta(m, ctx);
    validateNoAutoscalingAnnotations(m, ctx);
    validateServiceLabel(m, ctx);
    validateRevisionTemplate(spec(obj).template, m, ctx);
  },
  validateUpdate(previous, current, ctx) {
    validateCreatorUpdate(previous, current, ctx);
    validateTemplateNameChange(previous, current, ctx);
  },
};

const ROUTE: KindRules = {
  group: GROUP,
  kinds: ['Route'],
  default(obj) {
    defaultTraffic(obj.spec, false);
  },
  validate(obj, ctx) {
    const m = meta(obj);
    validateObjectMeta(m, ctx);
    validateNoAutoscalingAnnotations(m, ctx);
    validateRolloutDuration(m, ctx);
    validateServiceLabel(m, ctx);
    validateTraffic(spec(obj), false, ctx);
  },
  validateUpdate(previous, current, ctx) {
    validateCreatorUpdate(previous, current, ctx);
  },
};

const REVISION: KindRules = {
  group: GROUP,
  kinds: ['Revision'],
  default(obj, settings) {
    defaultRevisionSpec(obj.spec, settings);
  },
  validate(obj, ctx) {
    const m = meta(obj);
    validateObjectMeta(m, ctx);
    validateConfigurationLabel(m, ctx);
    validateAutoscalingAnnotations(strMap(m.annotations), 'metadata.annotations', ctx);
    validateRevisionSpec(obj.spec, 'spec', ctx);
  },
};

const DOMAIN_MAPPING: KindRules = {
  group: GROUP,
  kinds: ['DomainMapping'],
  default(obj) {
    defaultDomainMapping(obj);
  },
  validate(obj, ctx) {
    validateDomainMapping(obj, ctx);
  },
  validateUpdate(previous, current, ctx) {
    validateDomainMappingUpdate(previous, current, ctx);
  },
};

/** Webhook-equivalent rules for serving kinds. */
export const SERVING_RULES: readonly KindRules[] = [SERVICE, CONFIGURATION, ROUTE, REVISION, DOMAIN_MAPPING];
