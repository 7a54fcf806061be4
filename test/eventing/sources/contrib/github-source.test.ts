import { Chart } from 'cdk8s';
import { Broker } from '../../../../lib/eventing/broker';
import { Sink } from '../../../../lib/eventing/sink';
import { GitHubEventType, GitHubSource, GitHubSourceProps } from '../../../../lib/eventing/sources/contrib';
import { errorsOf, json, secretNamed, setup, synthErrors, errorsFor } from './helpers';

function props(chart: Chart, overrides: Partial<GitHubSourceProps> = {}): GitHubSourceProps {
  const creds = secretNamed(chart, 'github-credentials');
  return {
    ownerAndRepository: 'cern/dynafed',
    eventTypes: [GitHubEventType.PUSH, GitHubEventType.PULL_REQUEST],
    accessToken: { secret: creds, key: 'accessToken' },
    secretToken: { secret: creds, key: 'secretToken' },
    sink: Sink.fromUri('https://events.example.org/in'),
    ...overrides,
  };
}

describe('GitHubSource', () => {
  test('default output: secret refs, event names, sink; valid for the engine', () => {
    const { chart } = setup();
    const src = new GitHubSource(chart, 'gh', props(chart));
    const out = json(src);
    expect(out.apiVersion).toBe('sources.knative.dev/v1alpha1');
    expect(out.spec).toEqual({
      ownerAndRepository: 'cern/dynafed',
      eventTypes: ['push', 'pull_request'],
      accessToken: { secretKeyRef: { name: 'github-credentials', key: 'accessToken' } },
      secretToken: { secretKeyRef: { name: 'github-credentials', key: 'secretToken' } },
      sink: { uri: 'https://events.example.org/in' },
    });
    expect(errorsOf(src)).toEqual([]);
  });

  test('GitHub Enterprise URL, secure, service account and sorted CloudEvent overrides', () => {
    const { chart } = setup();
    const src = new GitHubSource(chart, 'gh', props(chart, {
      githubApiUrl: 'https://github.example.com/api/v3/',
      secure: true,
      ceOverrides: { team: 'cloud', env: 'prod' },
    }));
    const spec = json(src).spec;
    expect(spec.githubAPIURL).toBe('https://github.example.com/api/v3/');
    expect(spec.secure).toBe(true);
    expect(Object.keys(spec.ceOverrides.extensions)).toEqual(['env', 'team']);
    expect(errorsOf(src)).toEqual([]);
  });

  test('wired to a Broker of the app: a ref without namespace, no synth errors', () => {
    const { chart } = setup();
    const broker = new Broker(chart, 'events', { metadata: { name: 'default' } });
    const src = new GitHubSource(chart, 'gh', props(chart, { sink: broker }));
    expect(json(src).spec.sink).toEqual({ ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' } });
    expect(synthErrors(chart)).toEqual([]);
  });

  test('a sink named but defined nowhere fails synth instead of failing in the cluster ("empty hostname")', () => {
    const { app, chart } = setup();
    new GitHubSource(chart, 'gh', props(chart, { sink: Sink.fromKnativeService('event-display') }));
    expect(() => app.synth()).toThrow(/\[test\/gh\] spec\.sink: Service "event-display" \(serving\.knative\.dev\/v1\) in namespace "ci" is not defined in this app/);
    const { app: app2, chart: chart2 } = setup();
    new GitHubSource(chart2, 'gh', props(chart2, { sink: Sink.fromKnativeService('event-display', { external: true }) }));
    expect(() => app2.synth()).not.toThrow();
  });

  test('CloudEvent types and source, for Trigger filters', () => {
    const { chart } = setup();
    const src = new GitHubSource(chart, 'gh', props(chart));
    src.addEventType(GitHubEventType.PUSH);
    src.addEventType(GitHubEventType.RELEASE);
    expect(json(src).spec.eventTypes).toEqual(['push', 'pull_request', 'release']);
    expect(src.cloudEventTypes).toEqual([
      'dev.knative.source.github.push', 'dev.knative.source.github.pull_request', 'dev.knative.source.github.release',
    ]);
    expect(src.cloudEventSource).toBe('https://github.com/cern/dynafed');
  });

  test('an organization alone is accepted; malformed owner/repository is a synth error', () => {
    const { chart } = setup();
    expect(json(new GitHubSource(chart, 'org', props(chart, { ownerAndRepository: 'cern' }))).spec.ownerAndRepository).toBe('cern');
    expect(errorsFor((c) => {
      new GitHubSource(c, 'a', props(c, { ownerAndRepository: 'a/b/c' }));
      new GitHubSource(c, 'b', props(c, { ownerAndRepository: '/repo' }));
    })).toEqual([
      `[test/a] ownerAndRepository: must be 'owner/repository' or 'owner' (value: "a/b/c"; allowed: 'owner/repository' or 'owner')`,
      expect.stringMatching(/^\[test\/b\] ownerAndRepository: .*value: "\/repo"/),
    ]);
  });

  test('bad API URL and CloudEvent override names are synth errors', () => {
    expect(errorsFor((c) => {
      new GitHubSource(c, 'a', props(c, { githubApiUrl: 'github.example.com' }));
      new GitHubSource(c, 'b', props(c, { ceOverrides: { 'my-team': 'x' } }));
    })).toEqual([
      '[test/a] githubApiUrl: must be an absolute http(s) URL such as https://github.example.com/api/v3/ (value: "github.example.com"; allowed: http:// or https:// with a host)',
      expect.stringMatching(/^\[test\/b\] ceOverrides: invalid key name "my-team"/),
    ]);
  });

  test('no event types is a synth error', () => {
    expect(errorsFor((c) => new GitHubSource(c, 'gh', props(c, { eventTypes: [] })))).toEqual([
      '[test/gh] eventTypes: must have at least one entry (value: []; allowed: one or more GitHubEventType values)',
    ]);
  });
});
