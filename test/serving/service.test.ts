import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ClusterSettings } from '../../lib/core/cluster-settings';
import {
  KnativeService, TrafficTarget, Visibility, ROLLOUT_DURATION_ANNOTATION, VISIBILITY_LABEL,
} from '../../lib/serving';
import { chart, engineErrors, engineWarnings, obj, synthErrorsOf } from './util';

const IMAGE = 'gcr.io/knative-samples/helloworld-go';

describe('KnativeService', () => {
  test('renders a serving.knative.dev/v1 Service with its container', () => {
    const c = chart();
    new KnativeService(c, 'hello', { metadata: { name: 'hello' }, containers: [{ image: IMAGE, env: { TARGET: 'World' } }] });
    const svc = obj(c, 'Service');
    expect(svc.apiVersion).toBe('serving.knative.dev/v1');
    expect(svc.metadata).toEqual({ name: 'hello', namespace: 'default' });
    const container = svc.spec.template.spec.containers[0];
    expect(container.image).toBe(IMAGE);
    expect(container.env).toEqual([{ name: 'TARGET', value: 'World' }]);
    // Knative defaults these itself; the construct leaves them out.
    expect(container.ports).toBeUndefined();
    expect(container.name).toBeUndefined();
    expect(svc.spec.traffic).toBeUndefined();
    expect(svc.spec.template.metadata).toBeUndefined();
  });

  test('default output passes the validation engine without errors or warnings', () => {
    const c = chart();
    new KnativeService(c, 'hello', { metadata: { name: 'hello' }, containers: [{ image: IMAGE }] });
    expect(engineErrors(c)).toEqual([]);
    expect(engineWarnings(c)).toEqual([]);
  });

  test('a generated name is a valid Knative name', () => {
    const c = chart();
    const svc = new KnativeService(c, 'Hello', { containers: [{ image: IMAGE }] });
    expect(svc.name).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
    expect(engineErrors(c)).toEqual([]);
  });

  test('addContainer and addEnv after construction reach the output', () => {
    const c = chart();
    const svc = new KnativeService(c, 'hello', { metadata: { name: 'hello' } });
    const container = svc.addContainer({ image: IMAGE });
    container.addEnv('TARGET', 'later');
    svc.addRevisionLabel('team', 'physics');
    svc.addRevisionAnnotation('example.org/owner', 'cloud');
    const t = obj(c, 'Service').spec.template;
    expect(t.spec.containers[0].env).toEqual([{ name: 'TARGET', value: 'later' }]);
    expect(t.metadata.labels).toEqual({ team: 'physics' });
    expect(t.metadata.annotations).toEqual({ 'example.org/owner': 'cloud' });
    expect(svc.containers).toHaveLength(1);
  });

  test('addTraffic after construction reaches the output', () => {
    const c = chart();
    const svc = new KnativeService(c, 'hello', { metadata: { name: 'hello' }, containers: [{ image: IMAGE }] });
    svc.addTraffic(TrafficTarget.revision('hello-00001', 20), TrafficTarget.latestRevision(80));
    expect(obj(c, 'Service').spec.traffic).toEqual([
      { revisionName: 'hello-00001', latestRevision: false, percent: 20 },
      { latestRevision: true, percent: 80 },
    ]);
    expect(engineErrors(c)).toEqual([]);
  });

  test('visibility CLUSTER_LOCAL sets the visibility label on the Service', () => {
    const c = chart();
    new KnativeService(c, 'hello', { metadata: { name: 'hello' }, containers: [{ image: IMAGE }], visibility: Visibility.CLUSTER_LOCAL });
    expect(obj(c, 'Service').metadata.labels).toEqual({ [VISIBILITY_LABEL]: 'cluster-local' });
    expect(VISIBILITY_LABEL).toBe('networking.knative.dev/visibility');
  });

  test('visibility EXTERNAL adds no label', () => {
    const c = chart();
    new KnativeService(c, 'hello', { metadata: { name: 'hello' }, containers: [{ image: IMAGE }], visibility: Visibility.EXTERNAL });
    expect(obj(c, 'Service').metadata.labels).toBeUndefined();
  });

  test('rolloutDuration becomes the rollout-duration annotation in whole seconds', () => {
    const c = chart();
    new KnativeService(c, 'hello', { metadata: { name: 'hello' }, containers: [{ image: IMAGE }], rolloutDuration: Duration.minutes(2) });
    const svc = obj(c, 'Service');
    expect(svc.metadata.annotations).toEqual({ 'serving.knative.dev/rollout-duration': '120s' });
    expect(ROLLOUT_DURATION_ANNOTATION).toBe('serving.knative.dev/rollout-duration');
    expect(svc.spec.template.metadata).toBeUndefined();
    expect(engineErrors(c)).toEqual([]);
  });

  test('a sub-second rolloutDuration and sub-second or NaN timeouts are synth errors', () => {
    const c = chart();
    new KnativeService(c, 'hello', {
      containers: [{ image: IMAGE }], rolloutDuration: Duration.millis(1500),
      timeout: Duration.millis(2500), responseStartTimeout: Duration.seconds(NaN), idleTimeout: Duration.seconds(Infinity),
    });
    expect(synthErrorsOf(c)).toEqual([
      '[test/hello] timeout: must be a whole number of seconds: Kubernetes and Knative take these in seconds (value: "2 seconds 500 millis"; allowed: whole seconds, e.g. Duration.seconds(3))',
      '[test/hello] responseStartTimeout: must be a finite, non-negative duration (value: "NaN millis"; allowed: Duration.seconds(n) with 0 <= n < Infinity)',
      expect.stringMatching(/^\[test\/hello\] idleTimeout: must be a finite, non-negative duration/),
      '[test/hello] rolloutDuration: must be a whole number of seconds: Kubernetes and Knative take these in seconds (value: "1 second 500 millis"; allowed: whole seconds, e.g. Duration.seconds(2))',
    ]);
  });

  test('a bad canary split is a synth error on the service it is added to', () => {
    const c = chart();
    new KnativeService(c, 'hello', { containers: [{ image: IMAGE }], traffic: TrafficTarget.canary({ stableRevision: 'hello-v1', canaryPercent: 120 }) });
    expect(synthErrorsOf(c)).toEqual(['[test/hello] traffic[1] (TrafficTarget.canary canaryPercent): must be an integer from 0 to 100 (value: 120; allowed: 0..100)']);
  });

  test('revisionName as a suffix is prefixed with the service name', () => {
    const c = chart();
    const svc = new KnativeService(c, 'hello', { metadata: { name: 'hello' }, containers: [{ image: IMAGE }], revisionName: 'v2' });
    expect(obj(c, 'Service').spec.template.metadata.name).toBe('hello-v2');
    expect(svc.revisionName).toBe('hello-v2');
  });

  test('revisionName as a full name is kept', () => {
    const c = chart();
    new KnativeService(c, 'hello', { metadata: { name: 'hello' }, containers: [{ image: IMAGE }], revisionName: 'hello-v2' });
    expect(obj(c, 'Service').spec.template.metadata.name).toBe('hello-v2');
  });

  test('timeouts and concurrency are rendered in seconds', () => {
    const c = chart();
    new KnativeService(c, 'hello', {
      metadata: { name: 'hello' },
      containers: [{ image: IMAGE }],
      timeout: Duration.minutes(2),
      responseStartTimeout: Duration.seconds(30),
      idleTimeout: Duration.seconds(45),
      containerConcurrency: 10,
    });
    const spec = obj(c, 'Service').spec.template.spec;
    expect(spec.timeoutSeconds).toBe(120);
    expect(spec.responseStartTimeoutSeconds).toBe(30);
    expect(spec.idleTimeoutSeconds).toBe(45);
    expect(spec.containerConcurrency).toBe(10);
  });

  test('implements IAddressable: toDestination returns a ref to the Service', () => {
    const c = chart();
    const svc = new KnativeService(c, 'hello', { metadata: { name: 'hello' }, containers: [{ image: IMAGE }] });
    expect(svc.toDestination(new Construct(c, 'consumer'))).toEqual({
      ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'hello', namespace: 'default' },
    });
  });

  test('fromServiceName references a service the app does not define', () => {
    const c = chart();
    const ext = KnativeService.fromServiceName(c, 'ext', 'billing', 'finance');
    expect(ext.toDestination(c)).toEqual({ ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'billing', namespace: 'finance' } });
    expect(Testing.synth(c)).toEqual([]);
  });

  test('pod-level props: service account, pull secrets, service links', () => {
    const c = chart();
    const sa = kplus.ServiceAccount.fromServiceAccountName(c, 'sa', 'runner');
    const pull = kplus.Secret.fromSecretName(c, 'pull', 'regcred');
    new KnativeService(c, 'hello', {
      metadata: { name: 'hello' },
      containers: [{ image: IMAGE }],
      serviceAccount: sa,
      imagePullSecrets: [pull, 'other-regcred'],
      enableServiceLinks: false,
      automountServiceAccountToken: false,
    });
    const spec = obj(c, 'Service').spec.template.spec;
    expect(spec.serviceAccountName).toBe('runner');
    expect(spec.imagePullSecrets).toEqual([{ name: 'regcred' }, { name: 'other-regcred' }]);
    expect(spec.enableServiceLinks).toBe(false);
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.securityContext).toBeUndefined();
    expect(engineErrors(c)).toEqual([]);
  });

  const gatedProps = {
    metadata: { name: 'hello' },
    containers: [{ image: IMAGE }],
    nodeSelector: { 'node.kubernetes.io/instance-type': 'm2.large' },
    runtimeClassName: 'gvisor',
  };

  test('feature-gated pod props fail at synth on a stock cluster', () => {
    const c = chart();
    new KnativeService(c, 'hello', gatedProps);
    expect(() => Testing.synth(c)).toThrow(/spec\.template\.spec\.nodeSelector: must not set the field\(s\)[\s\S]*kubernetes\.podspec-nodeselector/);
  });

  test('feature-gated pod props are rendered in Kubernetes JSON', () => {
    const c = chart();
    ClusterSettings.apply(c, {
      serving: {
        features: {
          'kubernetes.podspec-nodeselector': 'Enabled',
          'kubernetes.podspec-tolerations': 'Enabled',
          'kubernetes.podspec-affinity': 'Enabled',
          'kubernetes.podspec-runtimeclassname': 'Enabled',
          'kubernetes.podspec-securitycontext': 'Enabled',
        },
      },
    });
    new KnativeService(c, 'hello', {
      metadata: { name: 'hello' },
      containers: [{ image: IMAGE }],
      nodeSelector: { 'node.kubernetes.io/instance-type': 'm2.large' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'faas', effect: 'NoSchedule' }],
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } } },
      runtimeClassName: 'gvisor',
      podSecurityContext: { fsGroup: 1000 },
    });
    const spec = obj(c, 'Service').spec.template.spec;
    expect(spec.nodeSelector).toEqual({ 'node.kubernetes.io/instance-type': 'm2.large' });
    expect(spec.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'faas', effect: 'NoSchedule' }]);
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key).toBe('zone');
    expect(spec.runtimeClassName).toBe('gvisor');
    expect(spec.securityContext).toEqual({ fsGroup: 1000 });
  });

  test('two synths are identical', () => {
    const build = () => {
      const c = chart();
      new KnativeService(c, 'hello', { metadata: { name: 'hello' }, containers: [{ image: IMAGE, env: { B: '2', A: '1' } }] });
      return JSON.stringify(Testing.synth(c));
    };
    expect(build()).toEqual(build());
  });
});
