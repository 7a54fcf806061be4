/**
 * Fuzz targets of the Eventing constructs: type-correct props with nasty values (bad names, bad
 * URIs, NaN and sub-millisecond durations, out-of-range counts, filters of every dialect) must end
 * in a synth error naming the construct and the field, or in output the strict validator accepts.
 */
import { Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import fc from 'fast-check';
import { ISink } from '../../lib/core/sink';
import {
  ApiServerSource, ApiServerSourceMode, BackoffPolicy, BindingSubject, Broker, BrokerClass, BrokerConfig, Channel,
  ChannelTemplate, ContainerSource, Delivery, EventFormat, EventType, Filter, InMemoryChannel, JobSink,
  LabelSelectorOperator, Parallel, PingData, PingSource, Sequence, Sink, SinkBinding, Subscription,
} from '../../lib/eventing';
import {
  GitHubEventType, GitHubSource, GitLabEventType, GitLabSource, KafkaBrokerConfig, KafkaContentMode, KafkaDeliveryOrdering,
  KafkaOffset, KafkaSink, KafkaSource, RabbitmqConnection, RabbitmqSource,
} from '../../lib/eventing/sources/contrib';
import { arb, fuzz } from './harness';

const opt = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(a, { nil: undefined, freq: 2 });

/** Short strings, sometimes empty, blank or odd. */
const text = (): fc.Arbitrary<string> => fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[a-z][a-z0-9.-]{0,15}$/) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'A_b', 'x'.repeat(300), 'ünï', '\n') },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);

/** Durations: whole, fractional, sub-millisecond, NaN, infinite. */
const duration = (): fc.Arbitrary<Duration> => fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 600_000 }).map((ms) => Duration.millis(ms)) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 3600 }).map((s) => Duration.seconds(s)) },
  { weight: 1, arbitrary: fc.double({ min: 0, max: 1e4, noNaN: true }).map((ms) => Duration.millis(ms)) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, 0.0004, 2 ** 53).map((s) => Duration.seconds(s)) },
);

/** CloudEvent extension names, valid or not. */
const ceOverrides = (): fc.Arbitrary<Record<string, string>> => fc.dictionary(
  fc.oneof({ weight: 5, arbitrary: fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }),
  text(), { maxKeys: 3, noNullPrototype: true },
);

/** Labels, valid or not. */
const labels = (): fc.Arbitrary<Record<string, string>> => fc.dictionary(
  fc.oneof({ weight: 5, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9]$/) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }),
  fc.oneof({ weight: 5, arbitrary: fc.stringMatching(/^[a-z0-9]{0,8}$/) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }),
  { maxKeys: 2, noNullPrototype: true },
);

/** Where a sink points, built in the chart by `makeSink`. */
type SinkSpec =
  | { kind: 'uri'; uri: string; audience?: string | undefined }
  | { kind: 'broker'; path?: string | undefined; crossNamespace?: boolean | undefined }
  | { kind: 'ref'; name: string; namespace?: string | undefined; external: boolean; path?: string | undefined };

const sinkSpec = (): fc.Arbitrary<SinkSpec> => fc.oneof(
  fc.record({
    kind: fc.constant('uri' as const),
    uri: fc.oneof(fc.constantFrom('https://hooks.example.org/events', 'http://x.y:8080/a?b=c', '/relative', 'mailto:a@b', '', 'http://'), fc.webUrl()),
    audience: opt(text()),
  }, { requiredKeys: ['kind', 'uri'] }),
  fc.record({ kind: fc.constant('broker' as const), path: opt(fc.constantFrom('/events', 'http://abs/x', '//host/x', '')), crossNamespace: opt(fc.boolean()) }, { requiredKeys: ['kind'] }),
  fc.record({ kind: fc.constant('ref' as const), name: arb.name(), namespace: opt(fc.constantFrom('fuzz', 'other')), external: fc.boolean(), path: opt(fc.constantFrom('/in', 'https://abs')) }, { requiredKeys: ['kind', 'name', 'external'] }),
);

let sinkCount = 0;
function makeSink(chart: Chart, spec: SinkSpec): ISink {
  switch (spec.kind) {
    case 'uri': return Sink.fromUri(spec.uri, spec.audience !== undefined ? { audience: spec.audience } : {});
    case 'broker': {
      const broker = new Broker(chart, `sink-broker-${sinkCount++}`);
      return spec.path === undefined && spec.crossNamespace === undefined ? broker
        : Sink.fromAddressable(broker, { ...(spec.path !== undefined ? { path: spec.path } : {}), ...(spec.crossNamespace !== undefined ? { crossNamespace: spec.crossNamespace } : {}) });
    }
    default: return Sink.fromKnativeService(spec.name, {
      external: spec.external,
      ...(spec.namespace !== undefined ? { namespace: spec.namespace } : {}),
      ...(spec.path !== undefined ? { path: spec.path } : {}),
    });
  }
}

interface DeliverySpec {
  deadLetterSink?: SinkSpec | undefined;
  retry?: number | undefined;
  backoffPolicy?: BackoffPolicy | undefined;
  backoffDelay?: Duration | undefined;
  timeout?: Duration | undefined;
  format?: EventFormat | undefined;
}

const deliverySpec = (): fc.Arbitrary<DeliverySpec> => fc.record({
  deadLetterSink: opt(sinkSpec()),
  retry: opt(arb.number()),
  backoffPolicy: opt(fc.constantFrom(BackoffPolicy.LINEAR, BackoffPolicy.EXPONENTIAL)),
  backoffDelay: opt(duration()),
  timeout: opt(duration()),
  format: opt(fc.constantFrom(EventFormat.JSON, EventFormat.BINARY)),
}, { requiredKeys: [], noNullPrototype: true });

function makeDelivery(chart: Chart, d: DeliverySpec | undefined): Delivery | undefined {
  if (!d) return undefined;
  const { deadLetterSink, ...rest } = d;
  const out: Record<string, unknown> = { ...(deadLetterSink ? { deadLetterSink: makeSink(chart, deadLetterSink) } : {}) };
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) out[k] = v;
  return out as Delivery;
}

/** Filters of every dialect, nested. */
const CESQL = ["type = 'a'", "source LIKE '%cern%' AND EXISTS subject", 'this is wrong', '', '   ', 'a = 99999999999999999999',
  `${'('.repeat(1500)}a${')'.repeat(1500)}`, "lower(type) IN ('a', 'b')", 'NOT NOT a', "a = 'unterminated"];
const attributes = (): fc.Arbitrary<Record<string, string>> => fc.dictionary(
  fc.oneof({ weight: 5, arbitrary: fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/) }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) }),
  text(), { maxKeys: 3, noNullPrototype: true },
);
const { filter } = fc.letrec<{ filter: Filter }>((tie) => ({
  filter: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    attributes().map((a) => Filter.exact(a)),
    attributes().map((a) => Filter.prefix(a)),
    attributes().map((a) => Filter.suffix(a)),
    fc.oneof(fc.constantFrom(...CESQL), fc.string({ maxLength: 30 })).map((e) => Filter.cesql(e)),
    fc.array(tie('filter'), { minLength: 1, maxLength: 3 }).map(([f, ...r]) => Filter.all(f, ...r)),
    fc.array(tie('filter'), { minLength: 1, maxLength: 3 }).map(([f, ...r]) => Filter.any(f, ...r)),
    tie('filter').map((f) => Filter.not(f)),
  ),
}));

const container = () => fc.record({
  image: fc.oneof({ weight: 5, arbitrary: fc.constantFrom('ghcr.io/example/app:1.0', 'busybox') }, { weight: 1, arbitrary: text() }),
  name: opt(arb.name()),
  command: opt(fc.array(text(), { maxLength: 2 })),
  args: opt(fc.array(text(), { maxLength: 2 })),
  env: opt(fc.dictionary(fc.oneof(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,6}$/), fc.string({ maxLength: 6 })), text(), { maxKeys: 2, noNullPrototype: true })),
}, { requiredKeys: ['image'], noNullPrototype: true });

const compactProps = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
const meta = () => opt(fc.record({ name: arb.name() }, { noNullPrototype: true }));

describe('Eventing fuzz targets', () => {
  fuzz({
    name: 'Broker',
    arbitrary: fc.record({
      metadata: meta(),
      brokerClass: opt(fc.oneof(fc.constantFrom(BrokerClass.MT_CHANNEL_BASED, BrokerClass.KAFKA, BrokerClass.RABBITMQ), text().map((n) => BrokerClass.of(n)))),
      config: opt(fc.oneof(arb.name().map((n) => BrokerConfig.fromConfigMap(n, 'knative-eventing')), arb.name().map((n) => BrokerConfig.fromConfigMap(n)))),
      delivery: opt(deliverySpec()),
    }, { noNullPrototype: true }),
    build: (chart, p) => { new Broker(chart, 'b', compactProps({ ...p, delivery: makeDelivery(chart, p.delivery) })); },
  });

  fuzz({
    name: 'Trigger',
    arbitrary: fc.record({
      metadata: meta(),
      brokerName: fc.constantFrom('default', 'other'),
      subscriber: sinkSpec(),
      attributes: opt(attributes()),
      filters: opt(fc.array(filter, { maxLength: 3 })),
      delivery: opt(deliverySpec()),
      injection: opt(fc.boolean()),
      dependency: opt(fc.boolean()),
    }, { noNullPrototype: true }),
    build: (chart, p) => {
      const broker = new Broker(chart, 'b', { metadata: { name: p.brokerName } });
      const ping = new PingSource(chart, 'ping', { sink: broker });
      broker.addTrigger('t', compactProps({
        metadata: p.metadata, subscriber: makeSink(chart, p.subscriber), attributes: p.attributes, filters: p.filters,
        delivery: makeDelivery(chart, p.delivery), injection: p.injection, dependency: p.dependency ? ping : undefined,
      }));
    },
  });

  fuzz({
    name: 'PingSource',
    arbitrary: fc.record({
      schedule: opt(fc.oneof(fc.constantFrom('*/5 * * * *', '0 9 * * 1-5', '@hourly', '@every 1m', '61 * * * *', '', 'CRON_TZ=Europe/Zurich 0 * * * *'), text())),
      timezone: opt(fc.constantFrom('Europe/Zurich', 'UTC', 'Knative/Land', '')),
      data: opt(fc.oneof(
        fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.string(), arb.number(), fc.boolean(), fc.constant(null), fc.bigInt())
          .map((v) => v as unknown), { maxKeys: 3, noNullPrototype: true }).map((d) => PingData.fromJson(d)),
        fc.oneof(fc.json(), fc.string({ maxLength: 10 })).map((t) => PingData.fromJson(t)),
        fc.string().map((t) => PingData.fromText(t, 'text/plain')),
        fc.uint8Array({ maxLength: 10 }).map((b) => PingData.fromBytes(b)),
        fc.oneof(fc.base64String(), fc.string()).map((t) => PingData.fromBase64(t)),
      )),
      contentType: opt(fc.constantFrom('application/json', 'text/plain', '')),
      sink: sinkSpec(),
      ceOverrides: opt(ceOverrides()),
    }, { noNullPrototype: true }),
    build: (chart, p) => { new PingSource(chart, 'p', compactProps({ ...p, sink: makeSink(chart, p.sink) })); },
  });

  fuzz({
    name: 'ApiServerSource',
    arbitrary: fc.record({
      mode: opt(fc.constantFrom(ApiServerSourceMode.REFERENCE, ApiServerSourceMode.RESOURCE)),
      resources: opt(fc.array(fc.record({
        apiVersion: fc.oneof(fc.constantFrom('v1', 'apps/v1'), text()),
        kind: fc.oneof(fc.constantFrom('Event', 'Deployment'), text()),
        matchLabels: opt(labels()),
        matchExpressions: opt(fc.array(fc.record({
          key: fc.oneof(fc.stringMatching(/^[a-z]{1,6}$/), text()),
          operator: fc.constantFrom(...Object.values(LabelSelectorOperator)),
          values: opt(fc.array(fc.oneof(fc.stringMatching(/^[a-z]{1,6}$/), text()), { maxLength: 2 })),
        }, { requiredKeys: ['key', 'operator'], noNullPrototype: true }), { maxLength: 2 })),
      }, { requiredKeys: ['apiVersion', 'kind'], noNullPrototype: true }), { maxLength: 2 })),
      serviceAccount: opt(arb.name()),
      owner: opt(fc.record({ apiVersion: fc.constantFrom('apps/v1', ''), kind: fc.constantFrom('Deployment', '') }, { noNullPrototype: true })),
      namespaceSelector: opt(labels()),
      filters: opt(fc.array(filter, { maxLength: 2 })),
      sink: sinkSpec(),
      ceOverrides: opt(ceOverrides()),
    }, { noNullPrototype: true }),
    build: (chart, p) => { new ApiServerSource(chart, 's', compactProps({ ...p, sink: makeSink(chart, p.sink) })); },
  });

  fuzz({
    name: 'SinkBinding',
    arbitrary: fc.record({
      subject: fc.oneof(
        fc.constant('deployment' as const),
        fc.tuple(fc.constantFrom('apps/v1', ''), fc.constantFrom('Deployment', 'Job', ''), arb.name()),
        labels().map((l) => ['batch/v1', 'Job', l] as const),
      ),
      sink: sinkSpec(),
      ceOverrides: opt(ceOverrides()),
    }, { noNullPrototype: true }),
    build: (chart, p) => {
      const subject = p.subject === 'deployment'
        ? BindingSubject.fromObject(new kplus.Deployment(chart, 'd', { containers: [{ image: 'busybox', securityContext: { ensureNonRoot: false } }] }))
        : typeof p.subject[2] === 'string' ? BindingSubject.fromName(p.subject[0], p.subject[1], p.subject[2])
          : BindingSubject.fromLabels(p.subject[0], p.subject[1], p.subject[2]);
      new SinkBinding(chart, 'sb', compactProps({ subject, sink: makeSink(chart, p.sink), ceOverrides: p.ceOverrides }));
    },
  });

  fuzz({
    name: 'ContainerSource',
    arbitrary: fc.record({
      containers: fc.array(container(), { maxLength: 3 }),
      serviceAccount: opt(arb.name()),
      secureDefaults: opt(fc.boolean()),
      sink: sinkSpec(),
      ceOverrides: opt(ceOverrides()),
    }, { noNullPrototype: true }),
    build: (chart, p) => { new ContainerSource(chart, 'cs', compactProps({ ...p, containers: p.containers.map(compactProps), sink: makeSink(chart, p.sink) })); },
  });

  const secretValue = (chart: Chart, key: string): kplus.SecretValue => ({ secret: kplus.Secret.fromSecretName(chart, `s-${key}-${sinkCount++}`, 'creds'), key });

  fuzz({
    name: 'GitLabSource',
    arbitrary: fc.record({
      projectUrl: fc.oneof(fc.constantFrom('https://gitlab.cern.ch/cloud/infra', 'https://gitlab.cern.ch/', 'gitlab.cern.ch/a/b', 'ftp://x/y'), fc.webUrl()),
      eventTypes: fc.subarray(GitLabEventType.all(), { maxLength: 3 }),
      accessKey: fc.constantFrom('accessToken', ''),
      sslVerify: opt(fc.boolean()),
      sink: sinkSpec(),
    }, { noNullPrototype: true }),
    build: (chart, p) => {
      new GitLabSource(chart, 'gl', compactProps({
        projectUrl: p.projectUrl, eventTypes: p.eventTypes, accessToken: secretValue(chart, p.accessKey), secretToken: secretValue(chart, 'secretToken'),
        sslVerify: p.sslVerify, sink: makeSink(chart, p.sink),
      }));
    },
  });

  fuzz({
    name: 'GitHubSource',
    arbitrary: fc.record({
      ownerAndRepository: fc.oneof(fc.constantFrom('cern/dynafed', 'cern', 'a/b/c', '/repo', ''), text()),
      eventTypes: fc.subarray([GitHubEventType.CHECK_SUITE, GitHubEventType.COMMIT_COMMENT, GitHubEventType.CREATE, GitHubEventType.DELETE], { maxLength: 3 }),
      githubApiUrl: opt(fc.constantFrom('https://github.example.com/api/v3/', 'github.example.com', '')),
      secure: opt(fc.boolean()),
      ceOverrides: opt(ceOverrides()),
      sink: fc.oneof(sinkSpec().filter((s) => s.kind !== 'uri' || s.audience === undefined)),
    }, { noNullPrototype: true }),
    build: (chart, p) => {
      new GitHubSource(chart, 'gh', compactProps({
        ...p, accessToken: secretValue(chart, 'accessToken'), secretToken: secretValue(chart, 'secretToken'), sink: makeSink(chart, p.sink),
      }));
    },
  });

  const servers = () => fc.array(fc.oneof(fc.constantFrom('kafka:9092', 'a:9092,b:9092', '', ' '), fc.stringMatching(/^[a-z]{1,8}:[0-9]{2,5}$/)), { maxLength: 3 });

  fuzz({
    name: 'KafkaSource',
    arbitrary: fc.record({
      bootstrapServers: servers(),
      topics: fc.array(fc.oneof(fc.stringMatching(/^[a-z.-]{1,10}$/), text()), { maxLength: 3 }),
      consumerGroup: opt(text()),
      consumers: opt(arb.number()),
      initialOffset: opt(fc.constantFrom(KafkaOffset.EARLIEST, KafkaOffset.LATEST)),
      ordering: opt(fc.constantFrom(KafkaDeliveryOrdering.ORDERED, KafkaDeliveryOrdering.UNORDERED)),
      tls: opt(fc.record({ caCert: opt(fc.constant('ca.crt')), cert: opt(fc.constant('user.crt')), key: opt(fc.constant('user.key')) }, { requiredKeys: [], noNullPrototype: true })),
      sasl: opt(fc.boolean()),
      delivery: opt(deliverySpec().map((d) => ({ ...d, format: undefined }))),
      ceOverrides: opt(ceOverrides()),
      sink: sinkSpec(),
    }, { noNullPrototype: true }),
    build: (chart, p) => {
      const tls = p.tls ? compactProps({
        caCert: p.tls.caCert ? secretValue(chart, p.tls.caCert) : undefined, cert: p.tls.cert ? secretValue(chart, p.tls.cert) : undefined,
        key: p.tls.key ? secretValue(chart, p.tls.key) : undefined,
      }) : undefined;
      new KafkaSource(chart, 'ks', compactProps({
        ...p, tls, sasl: p.sasl ? { user: secretValue(chart, 'user'), password: secretValue(chart, 'password') } : undefined,
        delivery: makeDelivery(chart, p.delivery), sink: makeSink(chart, p.sink),
      }));
    },
  });

  fuzz({
    name: 'KafkaSink',
    arbitrary: fc.record({
      topic: fc.oneof(fc.stringMatching(/^[a-z.-]{1,10}$/), text()),
      bootstrapServers: servers(),
      contentMode: opt(fc.constantFrom(KafkaContentMode.BINARY, KafkaContentMode.STRUCTURED)),
      numPartitions: opt(arb.number()),
      replicationFactor: opt(arb.number()),
      auth: opt(fc.constantFrom('fuzz', 'kafka')),
      asSubscriber: fc.boolean(),
    }, { noNullPrototype: true }),
    build: (chart, p) => {
      const authSecret = p.auth ? new kplus.Secret(chart, 'auth', { metadata: { namespace: p.auth } }) : undefined;
      const { auth, asSubscriber, ...props } = p;
      const sink = new KafkaSink(chart, 'sink', compactProps({ ...props, authSecret }));
      if (asSubscriber) new Broker(chart, 'b').addTrigger('t', { subscriber: sink });
    },
  });

  fuzz({
    name: 'KafkaBrokerConfig',
    arbitrary: fc.record({
      bootstrapServers: servers(),
      defaultTopicPartitions: opt(arb.number()),
      defaultTopicReplicationFactor: opt(arb.number()),
      namespaced: fc.boolean(),
    }, { noNullPrototype: true }),
    build: (chart, p) => {
      const config = new KafkaBrokerConfig(chart, 'cfg', compactProps({ bootstrapServers: p.bootstrapServers, defaultTopicPartitions: p.defaultTopicPartitions, defaultTopicReplicationFactor: p.defaultTopicReplicationFactor }));
      new Broker(chart, 'b', config.brokerSettings({ namespaced: p.namespaced }));
    },
  });

  fuzz({
    name: 'RabbitmqSource',
    arbitrary: fc.record({
      connection: fc.oneof(fc.constant('secret' as const), fc.tuple(text(), opt(arb.name()))),
      queueName: text(),
      exchangeName: opt(text()),
      predeclared: opt(fc.boolean()),
      vhost: opt(fc.constantFrom('/', 'openstack', '')),
      parallelism: opt(arb.number()),
      delivery: opt(fc.record({ retry: opt(arb.number()), backoffPolicy: opt(fc.constantFrom(BackoffPolicy.LINEAR, BackoffPolicy.EXPONENTIAL)), backoffDelay: opt(duration()) }, { requiredKeys: [], noNullPrototype: true })),
      sink: sinkSpec(),
    }, { noNullPrototype: true }),
    build: (chart, p) => {
      const connection = p.connection === 'secret' ? RabbitmqConnection.fromConnectionSecret(kplus.Secret.fromSecretName(chart, 'rmq', 'rabbit'))
        : RabbitmqConnection.fromClusterName(p.connection[0], p.connection[1]);
      new RabbitmqSource(chart, 'rs', compactProps({ ...p, connection, delivery: p.delivery ? compactProps(p.delivery) : undefined, sink: makeSink(chart, p.sink) }));
    },
  });

  const template = () => opt(fc.oneof(
    fc.constant(ChannelTemplate.IN_MEMORY),
    fc.tuple(fc.constantFrom('messaging.knative.dev/v1beta1', ''), fc.constantFrom('KafkaChannel', ''), opt(fc.dictionary(fc.string({ maxLength: 5 }), arb.number(), { maxKeys: 2, noNullPrototype: true })))
      .map(([v, k, s]) => ChannelTemplate.of(v, k, s)),
  ));

  fuzz({
    name: 'Channel',
    arbitrary: fc.record({ metadata: meta(), channelTemplate: template(), delivery: opt(deliverySpec()) }, { noNullPrototype: true }),
    build: (chart, p) => { new Channel(chart, 'c', compactProps({ ...p, delivery: makeDelivery(chart, p.delivery) })); },
  });

  fuzz({
    name: 'InMemoryChannel',
    arbitrary: fc.record({ metadata: meta(), delivery: opt(deliverySpec()) }, { noNullPrototype: true }),
    build: (chart, p) => { new InMemoryChannel(chart, 'c', compactProps({ ...p, delivery: makeDelivery(chart, p.delivery) })); },
  });

  fuzz({
    name: 'Subscription',
    arbitrary: fc.record({
      external: fc.boolean(), subscriber: sinkSpec(), reply: opt(sinkSpec()), delivery: opt(deliverySpec()), crossNamespace: opt(fc.boolean()),
      channelNamespace: opt(fc.constantFrom('fuzz', 'other')),
    }, { noNullPrototype: true }),
    build: (chart, p) => {
      const channel = p.external ? Channel.fromChannelName(chart, 'ch', 'events', compactProps({ namespace: p.channelNamespace })) : new Channel(chart, 'ch');
      new Subscription(chart, 'sub', compactProps({
        channel, subscriber: makeSink(chart, p.subscriber), reply: p.reply ? makeSink(chart, p.reply) : undefined,
        delivery: makeDelivery(chart, p.delivery), crossNamespace: p.crossNamespace,
      }));
    },
  });

  fuzz({
    name: 'Sequence',
    arbitrary: fc.record({
      steps: fc.array(fc.record({ sink: sinkSpec(), delivery: opt(deliverySpec()) }, { noNullPrototype: true }), { maxLength: 3 }),
      reply: opt(sinkSpec()), channelTemplate: template(),
    }, { noNullPrototype: true }),
    build: (chart, p) => {
      const seq = new Sequence(chart, 'seq', compactProps({ reply: p.reply ? makeSink(chart, p.reply) : undefined, channelTemplate: p.channelTemplate }));
      for (const s of p.steps) seq.addStep(makeSink(chart, s.sink), compactProps({ delivery: makeDelivery(chart, s.delivery) }));
    },
  });

  fuzz({
    name: 'Parallel',
    arbitrary: fc.record({
      branches: fc.array(fc.record({ filter: opt(sinkSpec()), subscriber: sinkSpec(), reply: opt(sinkSpec()), delivery: opt(deliverySpec()) }, { noNullPrototype: true }), { maxLength: 3 }),
      reply: opt(sinkSpec()), channelTemplate: template(),
    }, { noNullPrototype: true }),
    build: (chart, p) => {
      new Parallel(chart, 'par', compactProps({
        reply: p.reply ? makeSink(chart, p.reply) : undefined, channelTemplate: p.channelTemplate,
        branches: p.branches.map((b) => compactProps({
          filter: b.filter ? makeSink(chart, b.filter) : undefined, subscriber: makeSink(chart, b.subscriber),
          reply: b.reply ? makeSink(chart, b.reply) : undefined, delivery: makeDelivery(chart, b.delivery),
        })),
      }));
    },
  });

  fuzz({
    name: 'EventType',
    arbitrary: fc.record({
      type: text(), source: opt(fc.oneof(fc.constantFrom('/dynafed/{bucket}', 'https://x.y', ''), text())), schema: opt(text()),
      description: opt(text()), reference: fc.boolean(),
      attributes: opt(fc.array(fc.record({ name: text(), required: opt(fc.boolean()), value: opt(text()) }, { requiredKeys: ['name'], noNullPrototype: true }), { maxLength: 2 })),
    }, { noNullPrototype: true }),
    build: (chart, p) => {
      new EventType(chart, 'et', compactProps({ ...p, reference: p.reference ? new Broker(chart, 'b') : undefined, attributes: p.attributes?.map(compactProps) }));
    },
  });

  fuzz({
    name: 'JobSink',
    arbitrary: fc.record({
      containers: fc.array(container(), { maxLength: 2 }),
      backoffLimit: opt(arb.number()),
      ttlAfterFinished: opt(duration()),
      serviceAccount: opt(arb.name()),
      secureDefaults: opt(fc.boolean()),
      asDeadLetter: fc.boolean(),
    }, { noNullPrototype: true }),
    build: (chart, p) => {
      const { asDeadLetter, ...props } = p;
      const js = new JobSink(chart, 'js', compactProps({ ...props, containers: props.containers.map(compactProps) }));
      if (asDeadLetter) new Broker(chart, 'b', { delivery: { deadLetterSink: js, retry: 1 } });
    },
  });
});
