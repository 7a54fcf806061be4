import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Broker } from '../../../../lib/eventing/broker';
import { BindingSubject } from '../../../../lib/eventing/sources/sink-binding';
import {
  GitHubBinding, GitLabBinding, KafkaChannel, RabbitmqBrokerConfig, RabbitmqConnection, RabbitmqQueueType,
} from '../../../../lib/eventing/sources/contrib';
import { synthErrors as appSynthErrors } from '../../../helpers';
import { errorsOf, json, ksvc, secretNamed, setup } from './helpers';

describe('GitHubBinding and GitLabBinding', () => {
  test('GitHubBinding: subject with the namespace, token reference only, mount path; valid', () => {
    const { chart } = setup();
    const deploy = new kplus.Deployment(chart, 'bot', { containers: [{ image: 'ghcr.io/example/bot:1.0' }] });
    const b = new GitHubBinding(chart, 'gh', {
      subject: BindingSubject.fromObject(deploy),
      accessToken: { secret: secretNamed(chart, 'github-credentials'), key: 'accessToken' },
    });
    const out = json(b);
    expect(out.apiVersion).toBe('bindings.knative.dev/v1alpha1');
    expect(out.kind).toBe('GitHubBinding');
    expect(out.spec).toEqual({
      subject: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'ci', name: deploy.name },
      accessToken: { secretKeyRef: { name: 'github-credentials', key: 'accessToken' } },
    });
    expect(b.accessTokenPath).toBe('/var/bindings/github/accessToken');
    expect(errorsOf(b)).toEqual([]);
  });

  test('GitLabBinding: no subject namespace (the CRD does not declare it), label selector; valid', () => {
    const { chart } = setup();
    const b = new GitLabBinding(chart, 'gl', {
      subject: BindingSubject.fromLabels('apps/v1', 'Deployment', { app: 'release-bot' }),
      accessToken: { secret: secretNamed(chart, 'gitlab-credentials'), key: 'token' },
    });
    expect(json(b).spec).toEqual({
      subject: { apiVersion: 'apps/v1', kind: 'Deployment', selector: { matchLabels: { app: 'release-bot' } } },
      accessToken: { secretKeyRef: { name: 'gitlab-credentials', key: 'token' } },
    });
    expect(b.mountPath).toBe('/var/bindings/gitlab');
    expect(errorsOf(b)).toEqual([]);
  });

  test('an empty key and a Secret of another namespace are synth errors with the construct path', () => {
    const { app, chart } = setup();
    const other = new kplus.Secret(chart, 'other', { metadata: { namespace: 'elsewhere', name: 'tok' } });
    new GitHubBinding(chart, 'gh', { subject: BindingSubject.fromName('apps/v1', 'Deployment', 'bot'), accessToken: { secret: other, key: '' } });
    const errors = appSynthErrors(app);
    expect(errors).toEqual(expect.arrayContaining([
      expect.stringMatching(/^\[test\/gh\] accessToken\.key: must name a key of Secret "tok"/),
      expect.stringMatching(/^\[test\/gh\] accessToken: Secret "tok" is in namespace "elsewhere".*allowed: ci/),
    ]));
  });

  test('a JavaScript caller without a subject gets a TypeError', () => {
    const { chart } = setup();
    expect(() => new GitLabBinding(chart, 'gl', { accessToken: { secret: secretNamed(chart, 'x'), key: 'k' } } as never)).toThrow(TypeError);
  });
});

describe('KafkaChannel', () => {
  test('writes v1beta1 with only what is set; valid; addressable and subscribable', () => {
    const { chart } = setup();
    const ch = new KafkaChannel(chart, 'uploads', { numPartitions: 6, replicationFactor: 3, retention: Duration.days(3) });
    const sub = ch.subscribe('checksum', { subscriber: ksvc(chart, 'svc', 'checksum') });
    expect(json(ch).apiVersion).toBe('messaging.knative.dev/v1beta1');
    expect(json(ch).spec).toEqual({ numPartitions: 6, replicationFactor: 3, retentionDuration: 'P3D' });
    expect(json(sub).spec.channel).toEqual({ apiVersion: 'messaging.knative.dev/v1beta1', kind: 'KafkaChannel', name: ch.name });
    expect(errorsOf(ch)).toEqual([]);
    expect(errorsOf(sub)).toEqual([]);
    expect(json(new KafkaChannel(chart, 'plain')).spec).toBeUndefined();
  });

  test('retention is written as exact days, hours, minutes and seconds', () => {
    const { chart } = setup();
    const r = (d: Duration, id: string) => json(new KafkaChannel(chart, id, { retention: d })).spec.retentionDuration;
    expect(r(Duration.hours(168), 'a')).toBe('P7D');
    expect(r(Duration.seconds(90061), 'b')).toBe('P1DT1H1M1S');
    expect(r(Duration.minutes(30), 'c')).toBe('PT30M');
    expect(r(Duration.seconds(0), 'd')).toBe('PT0S');
  });

  test('bad partitions, replication, sub-second, NaN and too long retentions are synth errors', () => {
    const { app, chart } = setup();
    new KafkaChannel(chart, 'a', { numPartitions: 0, replicationFactor: 40000, retention: Duration.millis(1500) });
    new KafkaChannel(chart, 'b', { numPartitions: NaN, retention: Duration.days(4000) });
    new KafkaChannel(chart, 'c', { retention: Duration.seconds(NaN) });
    const errors = appSynthErrors(app);
    expect(errors).toEqual(expect.arrayContaining([
      expect.stringMatching(/^\[test\/a\] numPartitions: must be an integer from 1 to 2147483647 \(value: 0/),
      expect.stringMatching(/^\[test\/a\] replicationFactor: must be an integer from 1 to 32767 \(value: 40000/),
      expect.stringMatching(/^\[test\/a\] retention: must be a whole number of seconds/),
      expect.stringMatching(/^\[test\/b\] numPartitions: .*value: NaN/),
      expect.stringMatching(/^\[test\/b\] retention: must be at most 3276 days/),
      expect.stringMatching(/^\[test\/c\] retention: must be a finite, non-negative duration/),
    ]));
    expect(errors).toHaveLength(6);
  });
});

describe('RabbitmqBrokerConfig', () => {
  test('a cluster reference, quorum queues by default; a Broker from brokerSettings() validates', () => {
    const { chart } = setup();
    const cfg = new RabbitmqBrokerConfig(chart, 'rabbit', { connection: RabbitmqConnection.fromClusterName('rabbitmq', 'rabbitmq-system') });
    expect(json(cfg).apiVersion).toBe('eventing.knative.dev/v1alpha1');
    expect(json(cfg).spec).toEqual({ rabbitmqClusterReference: { name: 'rabbitmq', namespace: 'rabbitmq-system' }, queueType: 'quorum' });
    const broker = new Broker(chart, 'default', { ...cfg.brokerSettings() });
    expect(json(broker).metadata.annotations['eventing.knative.dev/broker.class']).toBe('RabbitMQBroker');
    expect(json(broker).spec.config).toEqual({ apiVersion: 'eventing.knative.dev/v1alpha1', kind: 'RabbitmqBrokerConfig', name: cfg.name, namespace: 'ci' });
    expect(errorsOf(cfg)).toEqual([]);
    expect(errorsOf(broker)).toEqual([]);
  });

  test('a connection Secret, classic queues and a vhost', () => {
    const { chart } = setup();
    const cfg = new RabbitmqBrokerConfig(chart, 'rabbit', {
      connection: RabbitmqConnection.fromConnectionSecret(secretNamed(chart, 'openstack-rabbit')),
      queueType: RabbitmqQueueType.CLASSIC,
      vhost: '/openstack',
    });
    expect(json(cfg).spec).toEqual({ rabbitmqClusterReference: { connectionSecret: { name: 'openstack-rabbit' } }, queueType: 'classic', vhost: '/openstack' });
    expect(errorsOf(cfg)).toEqual([]);
  });

  test('a blank vhost and a connection Secret of another namespace are synth errors', () => {
    const { app, chart } = setup();
    const other = new kplus.Secret(chart, 'other', { metadata: { namespace: 'openstack', name: 'rabbit' } });
    new RabbitmqBrokerConfig(chart, 'rabbit', { connection: RabbitmqConnection.fromConnectionSecret(other), vhost: ' ' });
    expect(appSynthErrors(app)).toEqual([
      expect.stringMatching(/^\[test\/rabbit\] vhost: must not be empty/),
      expect.stringMatching(/^\[test\/rabbit\] connection: Secret "rabbit" is in namespace "openstack"/),
    ]);
  });
});

describe('binding token references', () => {
  test('a malformed Secret name or key is a synth error: the mounted pods would be refused', () => {
    const { app, chart } = setup();
    new GitLabBinding(chart, 'gl', {
      subject: BindingSubject.fromName('apps/v1', 'Deployment', 'bot'),
      accessToken: { secret: kplus.Secret.fromSecretName(chart, 'bad', 'GitLab Token'), key: 'access token' },
    });
    expect(appSynthErrors(app)).toEqual([
      expect.stringMatching(/^\[test\/gl\] accessToken\.secret: is not a valid Secret name: a lowercase RFC 1123 subdomain .*value: "GitLab Token"/),
      expect.stringMatching(/^\[test\/gl\] accessToken\.key: is not a valid Secret key.*value: "access token"/),
    ]);
  });
});
