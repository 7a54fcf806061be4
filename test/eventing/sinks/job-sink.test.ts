import { Duration } from 'cdk8s';
import { Broker, Filter, JobSink } from '../../../lib/eventing';
import { engineErrors, json, setup, synthErrors } from '../util';

describe('JobSink', () => {
  test('default output: a Job template with named, secured containers; valid', () => {
    const { chart } = setup('jobs');
    const js = new JobSink(chart, 'j', { metadata: { name: 'checksum-jobs' }, containers: [{ image: 'registry.example.org/checksum-job:1' }] });
    expect(json(js)).toEqual({
      apiVersion: 'sinks.knative.dev/v1alpha1', kind: 'JobSink',
      metadata: { name: 'checksum-jobs', namespace: 'jobs' },
      spec: {
        job: {
          apiVersion: 'batch/v1', kind: 'Job',
          spec: {
            template: {
              spec: {
                restartPolicy: 'Never',
                containers: [{
                  name: 'main', image: 'registry.example.org/checksum-job:1',
                  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
                }],
              },
            },
          },
        },
      },
    });
    expect(engineErrors(js)).toEqual([]);
  });

  test('job options, and use as a trigger subscriber', () => {
    const { chart } = setup();
    const js = new JobSink(chart, 'j', {
      containers: [{ image: 'a' }, { image: 'b', name: 'side' }], backoffLimit: 2, ttlAfterFinished: Duration.hours(1), serviceAccount: 'jobs', secureDefaults: false,
    });
    expect(json(js).spec.job.spec).toEqual({
      backoffLimit: 2, ttlSecondsAfterFinished: 3600,
      template: { spec: { restartPolicy: 'Never', serviceAccountName: 'jobs', containers: [{ name: 'main-0', image: 'a' }, { name: 'side', image: 'b' }] } },
    });
    const broker = new Broker(chart, 'b');
    const t = broker.addTrigger('t', { subscriber: js, filters: [Filter.exact({ type: 'x' })] });
    expect(json(t).spec.subscriber.ref).toEqual({ apiVersion: 'sinks.knative.dev/v1alpha1', kind: 'JobSink', name: js.name });
    expect(synthErrors(chart)).toEqual([]);
    expect(() => new JobSink(chart, 'none', { containers: [] })).toThrow("'containers' must list at least one container");
    expect(() => new JobSink(chart, 'ttl', { containers: [{ image: 'a' }], ttlAfterFinished: Duration.millis(1500) })).toThrow(/'ttlAfterFinished' .* must be a whole number of seconds/);
  });
});
