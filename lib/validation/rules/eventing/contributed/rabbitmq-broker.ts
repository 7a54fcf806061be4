/**
 * The RabbitMQ broker webhook (knative-extensions/eventing-rabbitmq knative-v1.22.1,
 * cmd/webhook/broker): pkg/apis/eventing/v1alpha1/broker_validation.go,
 * rabbitmq_{defaults,validation}.go, pkg/utils/{rabbitmq_validation,resource_requirements}.go.
 *
 * RabbitmqBrokerConfig (eventing.knative.dev/v1alpha1; defaulting: the cluster reference's
 * namespace becomes the config's): RMQC1 rabbitmqClusterReference is set; RMQC2 it has a name
 * or a connectionSecret; RMQC3 not both. On update: RMQC4 the spec is immutable.
 *
 * Broker of class RabbitMQBroker (after eventing's own defaulting, which gives spec.config the
 * Broker's namespace): RMQB1 the rabbitmq.eventing.knative.dev/{cpu,memory}-{request,limit}
 * annotations are quantities and each request is at most its limit; RMQB2 spec.config is set;
 * RMQB3 it has namespace, name, kind and apiVersion; RMQB4 it is a RabbitmqCluster
 * (rabbitmq.com/v1beta1) or a RabbitmqBrokerConfig (eventing.knative.dev/v1alpha1). On update:
 * RMQB5 a Broker may not become a RabbitMQBroker, and its whole spec (delivery included) is
 * immutable. Upstream stops at the first failing group; all are reported here.
 */
import { isQuantity } from '../../serving/quantity';
import { KindRules, RuleContext } from '../../../types';
import { annotationsOf, isObject, namespaceOf, specForDefaults, str, withDetails } from '../common';
import { BROKER_CLASS_ANNOTATION, BROKER_RULES } from '../broker';
import { shortDiff } from '../../diff';

/** The broker class of eventing-rabbitmq. */
export const RABBITMQ_BROKER_CLASS = 'RabbitMQBroker';

const RESOURCE_ANNOTATIONS = [
  ['rabbitmq.eventing.knative.dev/cpu-request', 'rabbitmq.eventing.knative.dev/cpu-limit'],
  ['rabbitmq.eventing.knative.dev/memory-request', 'rabbitmq.eventing.knative.dev/memory-limit'],
] as const;

const SUFFIX: Record<string, number> = {
  '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** The value of a Kubernetes quantity, for comparing a request with a limit. */
function quantityValue(q: string): number {
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(.*)$/.exec(q)!;
  const exp = /^[eE]([+-]?\d+)$/.exec(m[2]);
  return Number(m[1]) * (exp ? 10 ** Number(exp[1]) : SUFFIX[m[2]]);
}

/** utils.ValidateResourceRequestsAndLimits, shared with the RabbitMQ Trigger. */
function reportResourceAnnotations(ctx: RuleContext, obj: Record<string, any>): void {
  const annotations = annotationsOf(obj);
  for (const pair of RESOURCE_ANNOTATIONS) {
    const values: (number | undefined)[] = [];
    for (const key of pair) {
      if (!(key in annotations)) { values.push(undefined); continue; }
      const text = str(annotations[key]);
      if (!isQuantity(text)) {
        ctx.error('RMQB1', `metadata.annotations[${key}]`, withDetails(`Failed to parse quantity from ${key}`, 'quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\''), {
          value: annotations[key], allowed: 'a Kubernetes quantity such as 500m or 1Gi',
        });
        values.push(undefined);
      } else values.push(quantityValue(text));
    }
    const [request, limit] = values;
    if (request !== undefined && limit !== undefined && request > limit) {
      ctx.error('RMQB1', 'metadata.annotations', 'request must be less than or equal to limit', { value: { [pair[0]]: annotations[pair[0]], [pair[1]]: annotations[pair[1]] } });
    }
  }
}

const SUPPORTED_CONFIGS = new Set(['RabbitmqCluster.rabbitmq.com/v1beta1', 'RabbitmqBrokerConfig.eventing.knative.dev/v1alpha1']);

export const RABBITMQ_BROKER_RULES: KindRules = {
  group: 'eventing.knative.dev',
  kinds: ['Broker'],
  // Every mutating webhook runs before any validating one: this webhook sees eventing's defaults.
  default: BROKER_RULES.default,
  validate(obj, ctx) {
    if (annotationsOf(obj)[BROKER_CLASS_ANNOTATION] !== RABBITMQ_BROKER_CLASS) return;
    reportResourceAnnotations(ctx, obj);
    const config = isObject(obj.spec) ? obj.spec.config : undefined;
    if (!isObject(config)) {
      ctx.error('RMQB2', 'spec.config', 'missing field(s)', { allowed: 'a RabbitmqBrokerConfig or a RabbitmqCluster' });
      return;
    }
    for (const field of ['namespace', 'name', 'kind', 'apiVersion']) {
      if (!str(config[field])) ctx.error('RMQB3', `spec.config.${field}`, 'missing field(s)');
    }
    if (!str(config.kind) || !str(config.apiVersion)) return;
    if (!SUPPORTED_CONFIGS.has(`${config.kind}.${config.apiVersion}`)) {
      ctx.error('RMQB4', 'spec.config', 'Configuration not supported, only [kind: RabbitmqCluster, apiVersion: rabbitmq.com/v1beta1] '
        + 'or [kind: RabbitmqBrokerConfig, apiVersion: eventing.knative.dev/v1alpha1]', { value: `${config.kind} ${config.apiVersion}` });
    }
  },
  validateUpdate(previous, current, ctx) {
    const after = annotationsOf(current)[BROKER_CLASS_ANNOTATION];
    if (after !== RABBITMQ_BROKER_CLASS) return;
    const before = annotationsOf(previous)[BROKER_CLASS_ANNOTATION];
    if (before !== RABBITMQ_BROKER_CLASS) {
      ctx.error('RMQB5', 'annotations', withDetails('Immutable fields changed (-old +new)', `${BROKER_CLASS_ANNOTATION}: -${JSON.stringify(before ?? '')} +"${after}"`), {
        value: after, allowed: 'delete and re-create the Broker to make it a RabbitMQBroker',
      });
      return;
    }
    const diff = shortDiff(previous.spec, current.spec, 'spec');
    if (diff) {
      ctx.error('RMQB5', 'spec', withDetails('Immutable fields changed (-old +new)', diff), {
        allowed: 'no change to the spec of a RabbitMQBroker (delivery included); delete and re-create it',
      });
    }
  },
};

export const RABBITMQ_BROKER_CONFIG_RULES: KindRules = {
  group: 'eventing.knative.dev',
  kinds: ['RabbitmqBrokerConfig'],
  default(obj) {
    const spec = specForDefaults(obj);
    const ns = namespaceOf(obj);
    if (spec && isObject(spec.rabbitmqClusterReference) && !spec.rabbitmqClusterReference.namespace && ns) spec.rabbitmqClusterReference.namespace = ns;
  },
  validate(obj, ctx) {
    const ref = isObject(obj.spec) ? obj.spec.rabbitmqClusterReference : undefined;
    if (!isObject(ref)) {
      ctx.error('RMQC1', 'spec.rabbitmqClusterReference', 'missing field(s)', { allowed: 'a RabbitmqCluster name or a connectionSecret' });
    } else if (!str(ref.name)) {
      if (!isObject(ref.connectionSecret)) ctx.error('RMQC2', 'spec.rabbitmqClusterReference.name', 'missing field(s)', { allowed: 'name or connectionSecret' });
    } else if (isObject(ref.connectionSecret)) {
      ctx.error('RMQC3', 'spec.rabbitmqClusterReference.connectionSecret',
        'rabbitmqClusterReference.name and rabbitmqClusterReference.connectionSecret must not be set simultaneously', { allowed: 'name or connectionSecret, not both' });
    }
  },
  validateUpdate(previous, current, ctx) {
    const diff = shortDiff(previous.spec, current.spec, 'spec');
    if (diff) {
      ctx.error('RMQC4', 'spec', withDetails('Immutable fields changed', diff), {
        allowed: 'no change to the spec; delete and re-create the RabbitmqBrokerConfig (and its Brokers) to change it',
      });
    }
  },
};
