import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { parseAllDocuments } from 'yaml';
import {
  Broker, BucketEvent, FaasFunction, Function, FunctionTrigger, GitHubEventType, GitLabEventType, PingData,
  RabbitmqConnection, ScalingProfile, Visibility,
} from '../../lib';
import { synthErrors } from '../helpers';

function setup() {
  const app = new App();
  const chart = new Chart(app, 'app', { namespace: 'fns' });
  return { app, chart };
}

function objects(app: App): any[] {
  return parseAllDocuments(app.synthYaml()).map((d) => d.toJSON()).filter(Boolean);
}
const find = (objs: any[], kind: string, name?: string) => objs.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));

const IMAGE = 'registry.example.org/team/fn:1.0';

describe('Function', () => {
  test('an HTTP trigger without a domain is cluster-local; the profile and timeouts reach the Service', () => {
    const { app, chart } = setup();
    const fn = new Function(chart, 'hello', {
      image: IMAGE, triggers: [FunctionTrigger.http()], timeout: Duration.seconds(30), idleTimeout: Duration.seconds(10),
      responseStartTimeout: Duration.seconds(5), port: 9000, env: { A: 'b' }, labels: { team: 'x' },
    });
    const svc = find(objects(app), 'Service', 'hello');
    expect(svc.metadata.labels).toEqual({ team: 'x', 'networking.knative.dev/visibility': 'cluster-local' });
    expect(svc.spec.template.spec).toMatchObject({ timeoutSeconds: 30, idleTimeoutSeconds: 10, responseStartTimeoutSeconds: 5 });
    expect(svc.spec.template.spec.containers[0]).toMatchObject({ image: IMAGE, ports: [{ containerPort: 9000 }], env: [{ name: 'A', value: 'b' }] });
    expect(svc.spec.template.metadata.annotations).toMatchObject({ 'autoscaling.knative.dev/min-scale': '0', 'autoscaling.knative.dev/max-scale': '10' });
    expect(fn.service.name).toBe('hello');
    expect(fn.triggers).toEqual([]);
  });

  test('a domain makes it external, with a DomainMapping (outside a Tenant, no claim)', () => {
    const { app, chart } = setup();
    new Function(chart, 'api', { image: IMAGE, triggers: [FunctionTrigger.http({ domain: 'api.example.org', tlsSecret: 'api-tls' })] });
    const objs = objects(app);
    expect(find(objs, 'Service', 'api').metadata.labels).toBeUndefined();
    expect(find(objs, 'DomainMapping', 'api.example.org').spec).toEqual({ ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'api', namespace: 'fns' }, tls: { secretName: 'api-tls' } });
    expect(find(objs, 'ClusterDomainClaim')).toBeUndefined();
  });

  test('event, bucket and schedule triggers become Triggers and a PingSource aimed at the function', () => {
    const { app, chart } = setup();
    const broker = new Broker(chart, 'broker', { metadata: { name: 'events' } });
    const fn = new Function(chart, 'fn', {
      image: IMAGE, broker,
      triggers: [
        FunctionTrigger.event({ type: 't', source: 's', extensions: { team: 'a' } }),
        FunctionTrigger.event({ name: 'all-events' }),
        FunctionTrigger.bucketNotification({ bucket: 'uploads', region: 'zg1', events: [BucketEvent.OBJECT_CREATED_PUT, BucketEvent.OBJECT_REMOVED] }),
        FunctionTrigger.schedule('@hourly', { timeZone: 'Europe/Zurich', data: PingData.fromJson({ a: 1 }) }),
      ],
    });
    const objs = objects(app);
    const subscriber = { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'fn' } };
    expect(find(objs, 'Trigger', 'fn-event').spec).toEqual({ broker: 'events', filters: [{ exact: { source: 's', team: 'a', type: 't' } }], subscriber });
    expect(find(objs, 'Trigger', 'all-events').spec).toEqual({ broker: 'events', subscriber });
    expect(find(objs, 'Trigger', 'fn-bucket').spec.filters).toEqual([
      { exact: { source: 'ceph:s3.zg1.uploads' } },
      { any: [{ exact: { type: 'com.amazonaws.ObjectCreated:Put' } }, { prefix: { type: 'com.amazonaws.ObjectRemoved:' } }] },
    ]);
    expect(find(objs, 'PingSource', 'fn-schedule').spec).toMatchObject({ schedule: '@hourly', timezone: 'Europe/Zurich', sink: subscriber });
    expect(fn.triggers.map((t) => t.name)).toEqual(['fn-event', 'all-events', 'fn-bucket']);
    expect(fn.sources).toHaveLength(1);
  });

  test('GitLab, GitHub, OpenStack (predeclared by default), RabbitMQ and Kafka triggers become sources sinking to the function', () => {
    const { app, chart } = setup();
    const tokens = kplus.Secret.fromSecretName(chart, 'tokens', 'tokens');
    const rabbit = RabbitmqConnection.fromConnectionSecret(kplus.Secret.fromSecretName(chart, 'rabbit', 'rabbit'));
    new Function(chart, 'ci', {
      image: IMAGE,
      triggers: [
        FunctionTrigger.gitlab({ projectUrl: 'https://gitlab.example.org/a/b', eventTypes: [GitLabEventType.PUSH], accessToken: { secret: tokens, key: 'a' }, secretToken: { secret: tokens, key: 's' } }),
        FunctionTrigger.github({ ownerAndRepository: 'a/b', eventTypes: [GitHubEventType.PULL_REQUEST], accessToken: { secret: tokens, key: 'a' }, secretToken: { secret: tokens, key: 's' } }),
        FunctionTrigger.openstack({ connection: rabbit, queueName: 'nova-notifications' }),
        FunctionTrigger.rabbitmq({ connection: rabbit, queueName: 'jobs', exchangeName: 'jobs', metadata: { name: 'job-queue' } }),
        FunctionTrigger.kafka({ bootstrapServers: ['kafka:9092'], topics: ['uploads'] }),
      ],
    });
    const objs = objects(app);
    const sink = { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'ci' } };
    for (const [kind, name] of [['GitLabSource', 'ci-gitlab'], ['GitHubSource', 'ci-github'], ['RabbitmqSource', 'ci-openstack'], ['RabbitmqSource', 'job-queue'], ['KafkaSource', 'ci-kafka']]) {
      expect(find(objs, kind, name)?.spec.sink).toEqual(sink);
    }
    expect(find(objs, 'RabbitmqSource', 'ci-openstack').spec.rabbitmqResourcesConfig.predeclared).toBe(true);
    expect(find(objs, 'RabbitmqSource', 'job-queue').spec.rabbitmqResourcesConfig.predeclared).toBe(false);
  });

  test('several triggers of a kind get numbered names', () => {
    const { app, chart } = setup();
    new Function(chart, 'fn', { image: IMAGE, triggers: [FunctionTrigger.schedule('@daily'), FunctionTrigger.schedule('@hourly')] });
    expect(objects(app).filter((o) => o.kind === 'PingSource').map((o) => o.metadata.name)).toEqual(['fn-schedule', 'fn-schedule-2']);
  });

  test('secrets by reference: secretKeyRef env and read-only Secret mounts', () => {
    const { app, chart } = setup();
    new Function(chart, 'fn', {
      image: IMAGE, triggers: [FunctionTrigger.http()],
      secretEnv: { TOKEN: { secret: 'api-token', key: 'token' } },
      secretFiles: { '/etc/creds': 'creds' },
    });
    const c = find(objects(app), 'Service').spec.template.spec;
    expect(c.containers[0].env).toEqual([{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'api-token', key: 'token' } } }]);
    expect(c.containers[0].volumeMounts).toEqual([{ name: 'secret-0', mountPath: '/etc/creds', readOnly: true }]);
    expect(c.volumes).toEqual([{ name: 'secret-0', secret: { secretName: 'creds' } }]);
  });

  test.each([
    ['scaleToZero', ScalingProfile.scaleToZero({ maxScale: 3, target: 5, retention: Duration.minutes(1) }), { 'autoscaling.knative.dev/min-scale': '0', 'autoscaling.knative.dev/max-scale': '3', 'autoscaling.knative.dev/target': '5', 'autoscaling.knative.dev/scale-to-zero-pod-retention-period': '60s' }, undefined],
    ['latencySensitive', ScalingProfile.latencySensitive({ minScale: 2 }), { 'autoscaling.knative.dev/min-scale': '2', 'autoscaling.knative.dev/scale-down-delay': '300s', 'autoscaling.knative.dev/target-burst-capacity': '0' }, undefined],
    ['batch', ScalingProfile.batch({ concurrency: 200 }), { 'autoscaling.knative.dev/target': '200', 'autoscaling.knative.dev/target-utilization-percentage': '100' }, 200],
    ['custom', ScalingProfile.custom({ minScale: 1, maxScale: 4 }, 8), { 'autoscaling.knative.dev/min-scale': '1', 'autoscaling.knative.dev/max-scale': '4' }, 8],
  ])('scaling profile %s', (_n, scaling, annotations, concurrency) => {
    const { app, chart } = setup();
    new Function(chart, 'fn', { image: IMAGE, triggers: [FunctionTrigger.http()], scaling });
    const t = find(objects(app), 'Service').spec.template;
    expect(t.metadata.annotations).toMatchObject(annotations);
    expect(t.spec.containerConcurrency).toBe(concurrency);
  });

  test('a Function is a sink, and FaasFunction is the same class', () => {
    const { app, chart } = setup();
    const fn = new FaasFunction(chart, 'fn', { image: IMAGE, triggers: [FunctionTrigger.http()] });
    expect(fn).toBeInstanceOf(Function);
    new Broker(chart, 'b').addTrigger('t', { subscriber: fn });
    expect(objects(app).find((o) => o.kind === 'Trigger').spec.subscriber.ref.name).toBe('fn');
  });

  describe('mistakes are synth errors naming the path and the prop', () => {
    const cases: Array<[string, (chart: Chart) => void, string]> = [
      ['a name that is not a DNS-1035 label', (c) => new Function(c, 'fn', { image: IMAGE, name: 'My_Fn', triggers: [FunctionTrigger.http()] }), '[app/fn] name: must be a DNS-1035 label'],
      ['no trigger', (c) => new Function(c, 'fn', { image: IMAGE, triggers: [] }), '[app/fn] triggers: must hold at least one trigger'],
      ['an event trigger without a broker', (c) => new Function(c, 'fn', { image: IMAGE, triggers: [FunctionTrigger.event({ type: 't' })] }), '[app/fn] triggers[0].broker: an event trigger needs a broker'],
      ['a bucket trigger without a broker', (c) => new Function(c, 'fn', { image: IMAGE, triggers: [FunctionTrigger.http(), FunctionTrigger.bucketNotification({ bucket: 'b' })] }), '[app/fn] triggers[1].broker: an event trigger needs a broker'],
      ['a private HTTP trigger with a domain', (c) => new Function(c, 'fn', { image: IMAGE, triggers: [FunctionTrigger.http({ visibility: Visibility.CLUSTER_LOCAL, domain: 'x.example.org' })] }), '[app/fn] triggers[0].domain: a private (cluster-local) HTTP trigger cannot have a custom domain'],
      ['a bucket trigger without events', (c) => new Function(c, 'fn', { image: IMAGE, broker: new Broker(c, 'b'), triggers: [FunctionTrigger.bucketNotification({ bucket: 'b', events: [] })] }), '[app/fn] triggers[0].events: must name at least one bucket event'],
      ['a variable in both env and secretEnv', (c) => new Function(c, 'fn', { image: IMAGE, env: { T: 'x' }, secretEnv: { T: { secret: 's', key: 'k' } }, triggers: [FunctionTrigger.http()] }), "[app/fn] secretEnv.T: is also set in 'env'"],
      ['a latency-sensitive profile without warm pods', (c) => new Function(c, 'fn', { image: IMAGE, scaling: ScalingProfile.latencySensitive({ minScale: 0 }), triggers: [FunctionTrigger.http()] }), '[app/fn] scaling.minScale: must be at least 1'],
      ['a bad cron expression', (c) => new Function(c, 'fn', { image: IMAGE, triggers: [FunctionTrigger.schedule('every day')] }), '[app/fn/schedule1] schedule: is not a schedule Knative accepts'],
      ['a sub-second timeout', (c) => new Function(c, 'fn', { image: IMAGE, timeout: Duration.millis(1500), triggers: [FunctionTrigger.http()] }), '[app/fn/Service] timeout:'],
    ];
    test.each(cases)('%s', (_n, build, expected) => {
      const { app, chart } = setup();
      build(chart);
      const errors = synthErrors(app);
      expect(errors.some((e) => e.startsWith(expected))).toBe(true);
      if (!errors.some((e) => e.startsWith(expected))) throw new Error(errors.join('\n'));
    });

    test('all at once', () => {
      const { app, chart } = setup();
      new Function(chart, 'fn', { image: IMAGE, name: 'Bad', triggers: [FunctionTrigger.event()] });
      expect(synthErrors(app)).toHaveLength(2);
    });
  });

  test('programming errors throw TypeErrors that say how to fix them', () => {
    const { chart } = setup();
    expect(() => new Function(chart, 'a', undefined as never)).toThrow(TypeError);
    expect(() => new Function(chart, 'b', { image: IMAGE } as never)).toThrow(/triggers/);
    expect(() => new Function(chart, 'c', { image: IMAGE, triggers: ['http'] } as never)).toThrow(/triggers\[0\] must be a FunctionTrigger/);
    expect(() => new Function(chart, 'd', { image: IMAGE, triggers: [FunctionTrigger.http()], scaling: { minScale: 1 } } as never)).toThrow(/ScalingProfile/);
    expect(() => FunctionTrigger.schedule(5 as never)).toThrow(/cron/);
    expect(() => FunctionTrigger.bucketNotification({} as never)).toThrow(/bucket/);
    expect(() => FunctionTrigger.kafka(undefined as never)).toThrow(/options are required/);
    expect(() => BucketEvent.of(1 as never)).toThrow(TypeError);
  });
});
