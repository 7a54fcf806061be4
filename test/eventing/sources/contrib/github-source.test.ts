import { Chart } from 'cdk8s';
import { Broker } from '../../../../lib/eventing/broker';
import { Sink } from '../../../../lib/eventing/sink';
import { GitHubEventType, GitHubSource, GitHubSourceProps } from '../../../../lib/eventing/sources/contrib';
import { errorsOf, json, secretNamed, setup, synthErrors } from './helpers';

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

  test('an organization alone is accepted; malformed owner/repository is refused early', () => {
    const { chart } = setup();
    expect(json(new GitHubSource(chart, 'org', props(chart, { ownerAndRepository: 'cern' }))).spec.ownerAndRepository).toBe('cern');
    expect(() => new GitHubSource(chart, 'a', props(chart, { ownerAndRepository: 'a/b/c' })))
      .toThrow(`'ownerAndRepository' must be 'owner/repository' or 'owner' (got "a/b/c")`);
    expect(() => new GitHubSource(chart, 'b', props(chart, { ownerAndRepository: '/repo' }))).toThrow(/'ownerAndRepository'/);
  });

  test('bad API URL and CloudEvent override names are refused early', () => {
    const { chart } = setup();
    expect(() => new GitHubSource(chart, 'a', props(chart, { githubApiUrl: 'github.example.com' })))
      .toThrow(`'githubApiUrl' must be an absolute http(s) URL such as https://github.example.com/api/v3/ (got "github.example.com")`);
    expect(() => new GitHubSource(chart, 'b', props(chart, { ceOverrides: { 'my-team': 'x' } }))).toThrow(/invalid key name "my-team"/);
  });

  test('no event types is refused early', () => {
    const { chart } = setup();
    expect(() => new GitHubSource(chart, 'gh', props(chart, { eventTypes: [] }))).toThrow("'eventTypes' must have at least one entry (got [])");
  });
});
