/**
 * Fuzz targets of GitHubBinding, GitLabBinding, KafkaChannel, RabbitmqBrokerConfig (with the
 * Broker it configures) and EventPolicy: random type-correct props end in a synth error naming
 * a construct path and a field, or in output the strict validator accepts.
 *
 * EventPolicy needs authentication-oidc, which a stock cluster has off (rule EP1): its target runs
 * on a cluster with it enabled, so cases can end in valid output.
 */
import { Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import fc from 'fast-check';
import { Broker } from '../../lib/eventing/broker';
import { EventPolicy, EventPolicySender, EventPolicyTarget } from '../../lib/eventing/event-policy';
import { Filter } from '../../lib/eventing/filter';
import { BindingSubject } from '../../lib/eventing/sources/sink-binding';
import {
  GitHubBinding, GitLabBinding, KafkaChannel, RabbitmqBrokerConfig, RabbitmqConnection, RabbitmqQueueType,
} from '../../lib/eventing/sources/contrib';
import { arb, fuzz } from './harness';

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

/** Durations of every kind: whole, sub-second, huge, NaN and infinite (cdk8s refuses negative ones itself). */
const duration = (): fc.Arbitrary<Duration> => fc.oneof(
  fc.integer({ min: 0, max: 5000 }).map((d) => Duration.days(d)),
  fc.integer({ min: 0, max: 10 ** 9 }).map((s) => Duration.seconds(s)),
  fc.integer({ min: 0, max: 10 ** 7 }).map((ms) => Duration.millis(ms)),
  fc.double({ min: 0 }).map((s) => Duration.seconds(s)),
  fc.constantFrom(NaN, Infinity, 0.5).map((s) => Duration.seconds(s)),
);

/** Label maps, valid and not (BindingSubject.fromLabels needs at least one label). */
const labels = () => fc.dictionary(
  fc.oneof(fc.stringMatching(/^[a-z]([a-z0-9.-]{0,10}[a-z0-9])?$/), fc.string({ maxLength: 70 })),
  fc.oneof(fc.stringMatching(/^[a-z0-9]{0,10}$/), fc.string({ maxLength: 70 })),
  { minKeys: 1, maxKeys: 3, noNullPrototype: true },
);

const apiVersion = () => fc.oneof(fc.constantFrom('apps/v1', 'batch/v1', 'serving.knative.dev/v1'), fc.string({ maxLength: 20 }));
const kind = () => fc.oneof(fc.constantFrom('Deployment', 'Job', 'Service'), fc.string({ maxLength: 20 }));

type SubjectDraw =
  | { by: 'object' }
  | { by: 'name'; apiVersion: string; kind: string; name: string }
  | { by: 'labels'; apiVersion: string; kind: string; labels: Record<string, string> };

const subject = (): fc.Arbitrary<SubjectDraw> => fc.oneof(
  fc.constant({ by: 'object' as const }),
  fc.record({ by: fc.constant('name' as const), apiVersion: apiVersion(), kind: kind(), name: arb.name() }, { noNullPrototype: true }),
  fc.record({ by: fc.constant('labels' as const), apiVersion: apiVersion(), kind: kind(), labels: labels() }, { noNullPrototype: true }),
);

/**
 * A Secret by any name, or one the app declares (with a valid name: the app's own Secret is not
 * the construct under test) in the chart's namespace `fuzz` or another.
 */
type SecretDraw = { readonly name: string; readonly namespace?: undefined } | { readonly name: string; readonly namespace: 'fuzz' | 'other' };
const secret = (): fc.Arbitrary<SecretDraw> => fc.oneof(
  fc.record({ name: arb.name() }, { noNullPrototype: true }),
  fc.record({ name: fc.stringMatching(/^[a-z]([a-z0-9-]{0,20}[a-z0-9])?$/), namespace: fc.constantFrom('fuzz' as const, 'other' as const) }, { noNullPrototype: true }),
);

function makeSecret(chart: Chart, id: string, s: SecretDraw): kplus.ISecret {
  return s.namespace ? new kplus.Secret(chart, id, { metadata: { name: s.name, namespace: s.namespace } }) : kplus.Secret.fromSecretName(chart, id, s.name);
}

function makeSubject(chart: Chart, s: SubjectDraw): BindingSubject {
  if (s.by === 'object') return BindingSubject.fromObject(new kplus.Deployment(chart, 'workload', { containers: [{ image: 'ghcr.io/example/bot:1.0' }] }));
  if (s.by === 'name') return BindingSubject.fromName(s.apiVersion, s.kind, s.name);
  return BindingSubject.fromLabels(s.apiVersion, s.kind, s.labels);
}

interface BindingDraw {
  readonly name?: string;
  readonly subject: SubjectDraw;
  readonly secret: SecretDraw;
  readonly key: string;
}
const binding = (): fc.Arbitrary<BindingDraw> => fc.record(
  { name: opt(arb.name()), subject: subject(), secret: secret(), key: fc.oneof(fc.constant('accessToken'), fc.string({ maxLength: 10 })) },
  { noNullPrototype: true, requiredKeys: ['subject', 'secret', 'key'] },
);

for (const Binding of [GitHubBinding, GitLabBinding]) {
  fuzz<BindingDraw>({
    name: Binding.name,
    arbitrary: binding(),
    build(chart, v) {
      new Binding(chart, 'binding', {
        metadata: v.name !== undefined ? { name: v.name } : undefined,
        subject: makeSubject(chart, v.subject),
        accessToken: { secret: makeSecret(chart, 'token', v.secret), key: v.key },
      });
    },
  });
}

interface ChannelDraw {
  readonly numPartitions?: number;
  readonly replicationFactor?: number;
  readonly retention?: Duration;
  readonly retry?: number;
  readonly subscribe: boolean;
}
fuzz<ChannelDraw>({
  name: 'KafkaChannel',
  arbitrary: fc.record({
    numPartitions: opt(arb.number()),
    replicationFactor: opt(fc.oneof(arb.number(), fc.constantFrom(32767, 32768))),
    retention: opt(duration()),
    retry: opt(fc.integer({ min: 0, max: 10 })),
    subscribe: fc.boolean(),
  }, { noNullPrototype: true, requiredKeys: ['subscribe'] }),
  build(chart, v) {
    const ch = new KafkaChannel(chart, 'channel', {
      numPartitions: v.numPartitions,
      replicationFactor: v.replicationFactor,
      retention: v.retention,
      delivery: v.retry !== undefined ? { retry: v.retry } : undefined,
    });
    if (v.subscribe) ch.subscribe('sub', { subscriber: new Broker(chart, 'target') });
  },
});

interface RabbitDraw {
  readonly connection: { by: 'cluster'; name: string; namespace?: string } | { by: 'secret'; secret: SecretDraw };
  readonly queueType?: RabbitmqQueueType;
  readonly vhost?: string;
  readonly broker: boolean;
}
fuzz<RabbitDraw>({
  name: 'RabbitmqBrokerConfig',
  arbitrary: fc.record({
    connection: fc.oneof(
      fc.record({ by: fc.constant('cluster' as const), name: arb.name().filter((n) => n.trim() !== ''), namespace: opt(arb.name()) }, { noNullPrototype: true, requiredKeys: ['by', 'name'] }),
      fc.record({ by: fc.constant('secret' as const), secret: secret() }, { noNullPrototype: true }),
    ),
    queueType: opt(fc.constantFrom(RabbitmqQueueType.QUORUM, RabbitmqQueueType.CLASSIC)),
    vhost: opt(fc.oneof(fc.constantFrom('/', '/openstack', '', ' '), fc.string({ maxLength: 20 }))),
    broker: fc.boolean(),
  }, { noNullPrototype: true, requiredKeys: ['connection', 'broker'] }),
  build(chart, v) {
    const connection = v.connection.by === 'cluster'
      ? RabbitmqConnection.fromClusterName(v.connection.name, v.connection.namespace || undefined)
      : RabbitmqConnection.fromConnectionSecret(makeSecret(chart, 'rabbit-secret', v.connection.secret));
    const cfg = new RabbitmqBrokerConfig(chart, 'config', { connection, queueType: v.queueType, vhost: v.vhost });
    if (v.broker) new Broker(chart, 'broker', { ...cfg.brokerSettings() });
  },
});

type TargetDraw = { by: 'resource' } | { by: 'ref'; apiVersion: string; kind: string; name: string } | { by: 'selector'; apiVersion: string; kind: string; labels: Record<string, string> };
type SenderDraw = { by: 'resource' } | { by: 'ref'; apiVersion: string; kind: string; name: string; namespace?: string } | { by: 'sub'; sub: string } | { by: 'sa'; name: string; namespace?: string };
interface PolicyDraw { readonly to?: TargetDraw[]; readonly from: SenderDraw[]; readonly filter: boolean }

const ref = () => ({ apiVersion: apiVersion(), kind: kind(), name: arb.name() });
fuzz<PolicyDraw>({
  name: 'EventPolicy',
  settings: { eventing: { features: { 'authentication-oidc': 'Enabled' } } },
  arbitrary: fc.record({
    to: opt(fc.array(fc.oneof(
      fc.constant({ by: 'resource' as const }),
      fc.record({ by: fc.constant('ref' as const), ...ref() }, { noNullPrototype: true }),
      fc.record({ by: fc.constant('selector' as const), apiVersion: apiVersion(), kind: kind(), labels: labels() }, { noNullPrototype: true }),
    ), { maxLength: 3 })),
    from: fc.array(fc.oneof(
      fc.constant({ by: 'resource' as const }),
      fc.record({ by: fc.constant('ref' as const), ...ref(), namespace: opt(arb.name()) }, { noNullPrototype: true, requiredKeys: ['by', 'apiVersion', 'kind', 'name'] }),
      fc.record({ by: fc.constant('sub' as const), sub: fc.oneof(fc.constantFrom('*', 'system:serviceaccount:fuzz:*', 'a*b', ''), fc.string({ maxLength: 30 })) }, { noNullPrototype: true }),
      fc.record({ by: fc.constant('sa' as const), name: arb.name(), namespace: opt(arb.name()) }, { noNullPrototype: true, requiredKeys: ['by', 'name'] }),
    ), { maxLength: 3 }),
    filter: fc.boolean(),
  }, { noNullPrototype: true, requiredKeys: ['from', 'filter'] }),
  build(chart, v) {
    const broker = new Broker(chart, 'broker');
    new EventPolicy(chart, 'policy', {
      to: v.to?.map((t) => (t.by === 'resource' ? EventPolicyTarget.fromResource(broker)
        : t.by === 'ref' ? EventPolicyTarget.fromReference(t) : EventPolicyTarget.fromSelector(t.apiVersion, t.kind, t.labels))),
      from: v.from.map((f) => (f.by === 'resource' ? EventPolicySender.fromResource(broker)
        : f.by === 'ref' ? EventPolicySender.fromReference(f) : f.by === 'sub' ? EventPolicySender.fromSubject(f.sub)
          : EventPolicySender.fromServiceAccount(f.name, f.namespace))),
      filters: v.filter ? [Filter.exact({ type: 'dev.example.upload' })] : undefined,
    });
  },
});
