import { Duration } from 'cdk8s';
import { Broker, Filter, JobSink } from '../../../lib/eventing';
import { engineErrors, json, setup, synthErrors } from '../util';
import { synthErrors as appErrors } from '../../helpers';

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
  });

  test('user mistakes are synth errors with the construct path; a missing prop is a TypeError', () => {
    const { app, chart } = setup();
    new JobSink(chart, 'none', { containers: [] });
    new JobSink(chart, 'ttl', { containers: [{ image: 'a' }], ttlAfterFinished: Duration.millis(1500), backoffLimit: -1 });
    new JobSink(chart, 'nan', { containers: [{ image: '', name: 'Main' }], ttlAfterFinished: Duration.seconds(NaN) });
    expect(appErrors(app)).toEqual([
      `[test/none] containers: must list at least one container (value: []; allowed: one or more containers, e.g. [{ image: 'registry.example.org/app:1' }])`,
      expect.stringMatching(/^\[test\/ttl\] ttlAfterFinished: must be a whole number of seconds/),
      expect.stringMatching(/^\[test\/ttl\] backoffLimit: must be a whole number of retries, at least 0 \(value: -1/),
      `[test/nan] containers[0].image: must not be empty (value: ""; allowed: an image reference)`,
      expect.stringMatching(/^\[test\/nan\] containers\[0\]\.name: a lowercase RFC 1123 label must consist of lower case alphanumeric characters .*\(value: "Main"/),
      expect.stringMatching(/^\[test\/nan\] ttlAfterFinished: must be a finite, non-negative duration/),
    ]);
    expect(() => new JobSink(chart, 'js', {} as any)).toThrow("JobSink: the required prop 'containers' is missing");
  });
});
