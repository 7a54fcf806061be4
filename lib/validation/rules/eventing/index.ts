/**
 * Webhook-equivalent rules for Knative Eventing 1.22 kinds and the knative-extensions sources
 * (GitLab, GitHub, Kafka, RabbitMQ), with the ids of the research catalogue
 * (knative-admission-rules.md §8-§13) and ids of our own for the contributed webhooks.
 *
 * Each KindRules mirrors one webhook: `default` runs on a copy first, as the mutating webhook
 * does, then `validate` reports every problem it finds (Knative sometimes stops at the first).
 * Messages are Knative's text; details Knative prints on a second line follow in parentheses.
 *
 * Update-only rules (`validateUpdate`: B4, B5, C3, G11, SU4, KS6, KSK6, KC6, RMQB5, RMQC4) compare the object with
 * its previously deployed version when the caller supplies one (ValidationOptions.previous,
 * `--previous`). Not implemented: IMC3 (depends on the requesting user) and the RabbitmqSource
 * spec immutability (upstream ignores a field by a name its Go struct does not have, so its
 * behaviour on update is unclear).
 */
import { KindRules } from '../../types';
import { BROKER_RULES } from './broker';
import { GITHUB_SOURCE_RULES } from './contributed/github';
import { GITLAB_SOURCE_RULES } from './contributed/gitlab';
import { KAFKA_BROKER_RULES, KAFKA_SINK_RULES, KAFKA_SOURCE_RULES } from './contributed/kafka';
import { RABBITMQ_SOURCE_RULES } from './contributed/rabbitmq';
import { EVENT_TYPE_RULES } from './eventtype';
import { PARALLEL_RULES, SEQUENCE_RULES } from './flows';
import { CHANNEL_RULES, IN_MEMORY_CHANNEL_RULES, SUBSCRIPTION_RULES } from './messaging';
import { API_SERVER_SOURCE_RULES } from './sources/apiserver';
import { CONTAINER_SOURCE_RULES } from './sources/container';
import { PING_SOURCE_RULES } from './sources/ping';
import { SINK_BINDING_RULES } from './sources/sinkbinding';
import { TRIGGER_RULES } from './trigger';
import { GITHUB_BINDING_RULES, GITLAB_BINDING_RULES } from './contributed/bindings';
import { KAFKA_CHANNEL_RULES } from './contributed/kafka-channel';
import { RABBITMQ_BROKER_CONFIG_RULES, RABBITMQ_BROKER_RULES } from './contributed/rabbitmq-broker';
import { EVENT_POLICY_RULES } from './eventpolicy';

export { cesqlSyntaxError } from './cesql';

/** Webhook-equivalent rules for eventing kinds. */
export const EVENTING_RULES: readonly KindRules[] = [
  BROKER_RULES,
  TRIGGER_RULES,
  EVENT_TYPE_RULES,
  PING_SOURCE_RULES,
  API_SERVER_SOURCE_RULES,
  CONTAINER_SOURCE_RULES,
  SINK_BINDING_RULES,
  CHANNEL_RULES,
  IN_MEMORY_CHANNEL_RULES,
  SUBSCRIPTION_RULES,
  SEQUENCE_RULES,
  PARALLEL_RULES,
  GITLAB_SOURCE_RULES,
  GITHUB_SOURCE_RULES,
  KAFKA_SOURCE_RULES,
  KAFKA_SINK_RULES,
  KAFKA_BROKER_RULES,
  RABBITMQ_SOURCE_RULES,
  GITHUB_BINDING_RULES,
  GITLAB_BINDING_RULES,
  KAFKA_CHANNEL_RULES,
  RABBITMQ_BROKER_RULES,
  RABBITMQ_BROKER_CONFIG_RULES,
  EVENT_POLICY_RULES,
];
