import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Sink } from '../../../../lib/eventing/sink';
import { GitLabEventType, GitLabSource, GitLabSourceProps } from '../../../../lib/eventing/sources/contrib';
import { errorsOf, json, ksvc, secretNamed, setup, synthErrors, errorsFor } from './helpers';

function props(chart: Chart, overrides: Partial<GitLabSourceProps> = {}): GitLabSourceProps {
  const creds = secretNamed(chart, 'gitlab-credentials');
  return {
    projectUrl: 'https://gitlab.cern.ch/cloud/infrastructure',
    eventTypes: [GitLabEventType.PUSH],
    accessToken: { secret: creds, key: 'accessToken' },
    secretToken: { secret: creds, key: 'secretToken' },
    sink: Sink.fromUri('https://events.example.org/in'),
    ...overrides,
  };
}

describe('GitLabSource', () => {
  test('default output: v1alpha1, secret refs, sslverify on, the sink; valid for the engine', () => {
    const { chart } = setup();
    const src = new GitLabSource(chart, 'gl', props(chart));
    const out = json(src);
    expect(out.apiVersion).toBe('sources.knative.dev/v1alpha1');
    expect(out.kind).toBe('GitLabSource');
    expect(out.spec).toEqual({
      projectUrl: 'https://gitlab.cern.ch/cloud/infrastructure',
      eventTypes: ['push_events'],
      accessToken: { secretKeyRef: { name: 'gitlab-credentials', key: 'accessToken' } },
      secretToken: { secretKeyRef: { name: 'gitlab-credentials', key: 'secretToken' } },
      sslverify: true,
      sink: { uri: 'https://events.example.org/in' },
    });
    expect(errorsOf(src)).toEqual([]);
    expect(synthErrors(chart)).toEqual([]);
  });

  test('secret values never reach the manifest, only the reference', () => {
    const { chart } = setup();
    const secret = new kplus.Secret(chart, 'creds', { metadata: { name: 'gitlab-creds' }, stringData: { token: 'glpat-SUPERSECRET' } });
    const src = new GitLabSource(chart, 'gl', props(chart, { accessToken: { secret, key: 'token' }, secretToken: { secret, key: 'token' } }));
    expect(JSON.stringify(json(src))).not.toContain('SUPERSECRET');
    expect(json(src).spec.accessToken).toEqual({ secretKeyRef: { name: 'gitlab-creds', key: 'token' } });
  });

  test('sslVerify can be turned off explicitly', () => {
    const { chart } = setup();
    expect(json(new GitLabSource(chart, 'gl', props(chart, { sslVerify: false }))).spec.sslverify).toBe(false);
  });

  test('a KnativeService sink is written as a ref in the same namespace, and a service account by name', () => {
    const { chart } = setup();
    const handler = ksvc(chart, 'handler', 'gitlab-handler');
    const sa = kplus.ServiceAccount.fromServiceAccountName(chart, 'sa', 'gitlab-adapter');
    const src = new GitLabSource(chart, 'gl', props(chart, { sink: handler, serviceAccount: sa }));
    expect(json(src).spec.sink).toEqual({ ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'gitlab-handler' } });
    expect(json(src).spec.serviceAccountName).toBe('gitlab-adapter');
    expect(errorsOf(src)).toEqual([]);
    expect(synthErrors(chart)).toEqual([]);
  });

  test('event types added later reach the output, duplicates once; CloudEvent types are derived', () => {
    const { chart } = setup();
    const src = new GitLabSource(chart, 'gl', props(chart, { eventTypes: [GitLabEventType.PUSH, GitLabEventType.PUSH, GitLabEventType.ISSUES] }));
    src.addEventType(GitLabEventType.CONFIDENTIAL_ISSUES);
    src.addEventType(GitLabEventType.MERGE_REQUESTS);
    expect(json(src).spec.eventTypes).toEqual(['push_events', 'issues_events', 'confidential_issues_events', 'merge_requests_events']);
    expect(src.cloudEventTypes).toEqual([
      'dev.knative.sources.gitlab.issue', 'dev.knative.sources.gitlab.merge_request', 'dev.knative.sources.gitlab.push',
    ]);
  });

  test('every event type is accepted by the CRD schema', () => {
    const { chart } = setup();
    const src = new GitLabSource(chart, 'gl', props(chart, { eventTypes: GitLabEventType.all() }));
    expect(json(src).spec.eventTypes).toHaveLength(14);
    expect(errorsOf(src)).toEqual([]);
  });

  test('project URLs the controller cannot use are synth errors', () => {
    expect(errorsFor((chart) => new GitLabSource(chart, 'a', props(chart, { projectUrl: 'gitlab.cern.ch/cloud/infra' })))).toEqual([
      '[test/a] projectUrl: must be an absolute http(s) URL with the project path, like https://gitlab.example.com/group/project (value: "gitlab.cern.ch/cloud/infra"; allowed: http:// or https:// with a host)',
    ]);
    expect(errorsFor((chart) => new GitLabSource(chart, 'b', props(chart, { projectUrl: 'https://gitlab.cern.ch/' })))).toEqual([
      '[test/b] projectUrl: must include the project path (value: "https://gitlab.cern.ch/"; allowed: a project URL like https://gitlab.example.com/group/project)',
    ]);
  });

  test('no event types is a synth error; a missing prop a TypeError', () => {
    expect(errorsFor((chart) => new GitLabSource(chart, 'gl', props(chart, { eventTypes: [] })))).toEqual([
      '[test/gl] eventTypes: must have at least one entry (value: []; allowed: one or more GitLabEventType values)',
    ]);
    const { chart } = setup();
    expect(() => new GitLabSource(chart, 'x', { ...props(chart), eventTypes: undefined } as any)).toThrow("GitLabSource: the required prop 'eventTypes' is missing");
  });

  test('a Secret declared in another namespace is a synth error: the controller reads the source namespace', () => {
    expect(errorsFor((chart) => {
      const secret = new kplus.Secret(chart, 'creds', { metadata: { name: 'creds', namespace: 'other' } });
      new GitLabSource(chart, 'gl', props(chart, { accessToken: { secret, key: 'token' } }));
    })).toEqual([
      expect.stringMatching(/^\[test\/gl\] accessToken: refers to Secret 'creds' in namespace 'other', but GitLabSource '.*' is in namespace 'ci'.*\(value: "other\/creds"; allowed: a Secret in namespace 'ci'\)$/),
    ]);
  });

  test('an empty secret key is a synth error', () => {
    expect(errorsFor((chart) => new GitLabSource(chart, 'gl', props(chart, { secretToken: { secret: secretNamed(chart, 'c'), key: '' } })))).toEqual([
      "[test/gl] secretToken.key: must name a key of Secret 'c' (value: \"\"; allowed: a non-empty key of the Secret)",
    ]);
  });

  test('a sink with an OIDC audience fails synth: the GitLabSource sink has no such field', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: 'ci' });
    new GitLabSource(chart, 'gl', props(chart, { sink: Sink.fromUri('https://events.example.org/', { audience: 'events' }) }));
    expect(() => app.synth()).toThrow(/spec\.sink\.audience: unknown field.*\[schema\]/);
  });
});
