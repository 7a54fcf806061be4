/**
 * knative-extensions/eventing-kafka-broker webhooks.
 *
 * KafkaSource (sources.knative.dev v1beta1/v1, control-plane/pkg/apis/sources/*\/kafka_validation.go,
 * after kafka_defaults.go sets initialOffset=latest, ordering=ordered, consumers=1):
 *   KS1 topics is non-empty; KS2 bootstrapServers is non-empty; KS3 initialOffset is earliest or
 *   latest; KS4 ordering is ordered or unordered; KS5 sink (E-D ids) and ceOverrides (E-CE1).
 *   KS6 on update (when the previously deployed manifest is given): consumerGroup is immutable.
 * KafkaSink (eventing.knative.dev/v1alpha1, eventing/v1alpha1/kafka_sink_validation.go, after
 * contentMode defaults to structured):
 *   KSK1 contentMode is structured or binary; KSK2 bootstrapServers is non-empty; KSK3 topic is
 *   non-empty; KSK4 replicationFactor > 0 when set; KSK5 numPartitions > 0 when set; KSK6 on
 *   update: topic, replicationFactor and numPartitions are immutable.
 * Broker of class Kafka / KafkaNamespaced (eventing/v1/broker_validation.go, on top of B1-B3):
 *   KB1 spec.config.kind is ConfigMap (any case); KB2 for KafkaNamespaced the config lives in the
 *   Broker's namespace.
 */
import { KindRules } from '../../../types';
import { goValue, isObject, namespaceOf, specForDefaults, str, withDetails } from '../common';
import { reportSourceSpec } from '../ce-overrides';
import { defaultDestination } from '../destination';
import { BROKER_CLASS_ANNOTATION, BROKER_RULES } from '../broker';
import { shortDiff } from '../../diff';

export const KAFKA_SOURCE_RULES: KindRules = {
  group: 'sources.knative.dev',
  kinds: ['KafkaSource'],
  default(obj) {
    const spec = specForDefaults(obj);
    if (!spec) return;
    if (!spec.initialOffset) spec.initialOffset = 'latest';
    if (spec.ordering === undefined || spec.ordering === null) spec.ordering = 'ordered';
    if (spec.consumers === undefined || spec.consumers === null) spec.consumers = 1;
    defaultDestination(spec.sink, namespaceOf(obj));
  },
  validate(obj, ctx) {
    const spec = isObject(obj.spec) ? obj.spec : {};
    if (!Array.isArray(spec.topics) || spec.topics.length === 0) ctx.error('KS1', 'spec.topics', 'missing field(s)');
    if (!Array.isArray(spec.bootstrapServers) || spec.bootstrapServers.length === 0) ctx.error('KS2', 'spec.bootstrapServers', 'missing field(s)');
    if (spec.initialOffset !== 'earliest' && spec.initialOffset !== 'latest') {
      ctx.error('KS3', 'spec.initialOffset', `invalid value: ${goValue(spec.initialOffset)}`, { value: spec.initialOffset, allowed: 'earliest, latest' });
    }
    if (spec.ordering !== 'ordered' && spec.ordering !== 'unordered') {
      ctx.error('KS4', 'spec.ordering', `invalid value: ${goValue(spec.ordering)}`, { value: spec.ordering, allowed: 'ordered, unordered' });
    }
    reportSourceSpec(ctx, spec, 'spec');
  },
  validateUpdate(previous, current, ctx) {
    const diff = shortDiff(previous.spec?.consumerGroup, current.spec?.consumerGroup, 'spec.consumerGroup');
    if (diff) {
      ctx.error('KS6', 'spec', withDetails('Immutable fields changed (-old +new)', diff), {
        value: current.spec?.consumerGroup, allowed: 'the previous consumerGroup; delete and re-create the KafkaSource to change it',
      });
    }
  },
};

export const KAFKA_SINK_RULES: KindRules = {
  group: 'eventing.knative.dev',
  kinds: ['KafkaSink'],
  default(obj) {
    const spec = specForDefaults(obj);
    if (!spec) return;
    if (!spec.contentMode) spec.contentMode = 'structured';
  },
  validate(obj, ctx) {
    const spec = isObject(obj.spec) ? obj.spec : {};
    if (spec.contentMode !== 'structured' && spec.contentMode !== 'binary') {
      ctx.error('KSK1', 'spec.contentMode', `invalid value: ${goValue(spec.contentMode)}`, { value: spec.contentMode, allowed: 'structured, binary' });
    }
    if (!Array.isArray(spec.bootstrapServers) || spec.bootstrapServers.length === 0) {
      ctx.error('KSK2', 'spec.bootstrapServers', `invalid value: ${goValue(Array.isArray(spec.bootstrapServers) ? spec.bootstrapServers : [])}`, { allowed: 'at least one bootstrap server' });
    }
    if (!str(spec.topic)) ctx.error('KSK3', 'spec.topic', 'invalid value: ', { allowed: 'a topic name' });
    if (typeof spec.replicationFactor === 'number' && spec.replicationFactor <= 0) {
      ctx.error('KSK4', 'spec.replicationFactor', `invalid value: ${spec.replicationFactor}`, { value: spec.replicationFactor, allowed: '> 0' });
    }
    if (typeof spec.numPartitions === 'number' && spec.numPartitions <= 0) {
      ctx.error('KSK5', 'spec.numPartitions', `invalid value: ${spec.numPartitions}`, { value: spec.numPartitions, allowed: '> 0' });
    }
  },
  validateUpdate(previous, current, ctx) {
    for (const field of ['topic', 'replicationFactor', 'numPartitions']) {
      const before = isObject(previous.spec) ? previous.spec[field] : undefined;
      const after = isObject(current.spec) ? current.spec[field] : undefined;
      // Upstream compares the Go values: a string topic ("" = unset) and two *int32 pointers.
      const changed = field === 'topic' ? str(before) !== str(after) : (before ?? null) !== (after ?? null);
      if (changed) {
        ctx.error('KSK6', `spec.${field}`, 'Immutable field updated', {
          value: after, allowed: `${JSON.stringify(before ?? null)} (delete and re-create the KafkaSink to change it)`,
        });
      }
    }
  },
};

/** The Kafka broker classes (control-plane/pkg/kafka/broker_class.go). */
const KAFKA_CLASSES = new Set(['Kafka', 'KafkaNamespaced']);

export const KAFKA_BROKER_RULES: KindRules = {
  group: 'eventing.knative.dev',
  kinds: ['Broker'],
  // Every mutating webhook runs before any validating one: the Kafka webhook sees the class and
  // config that eventing's defaulting gave the Broker.
  default: BROKER_RULES.default,
  validate(obj, ctx) {
    const cls = obj.metadata?.annotations?.[BROKER_CLASS_ANNOTATION];
    const config = obj.spec?.config;
    // Other classes, and a missing config, are the upstream webhook's business.
    if (!KAFKA_CLASSES.has(cls) || !isObject(config)) return;
    if (str(config.kind).toLowerCase() !== 'configmap') {
      ctx.error('KB1', 'spec.config.kind', withDetails(`invalid value: ${str(config.kind)}`, 'Expected ConfigMap'), { value: config.kind, allowed: 'ConfigMap' });
      return;
    }
    const ns = namespaceOf(obj);
    if (cls === 'KafkaNamespaced' && str(config.namespace) && ns && config.namespace !== ns) {
      ctx.error('KB2', 'spec.config.namespace', withDetails(`invalid value: ${config.namespace}`, 'Expected ConfigMap in same namespace with broker resource'), {
        value: config.namespace, allowed: ns,
      });
    }
  },
};
