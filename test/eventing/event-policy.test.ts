import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ClusterSettings } from '../../lib/core/cluster-settings';
import { Broker } from '../../lib/eventing/broker';
import { EventPolicy, EventPolicySender, EventPolicyTarget } from '../../lib/eventing/event-policy';
import { Filter } from '../../lib/eventing/filter';
import { PingSource } from '../../lib/eventing/sources/ping-source';
import { synthErrors } from '../helpers';
import { json } from './util';

const OIDC = { eventing: { features: { 'authentication-oidc': 'Enabled' as const } } };

function setup(): { app: App; chart: Chart } {
  const app = Testing.app();
  ClusterSettings.apply(app, OIDC);
  return { app, chart: new Chart(app, 'test', { namespace: 'team-a' }) };
}

describe('EventPolicy', () => {
  test('targets, senders of every kind and filters; valid with authentication-oidc', () => {
    const { app, chart } = setup();
    const broker = new Broker(chart, 'broker', { metadata: { name: 'default' } });
    const ping = new PingSource(chart, 'ping', { metadata: { name: 'nightly' }, schedule: '0 2 * * *', sink: broker });
    const sa = new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'uploader' } });
    const policy = new EventPolicy(chart, 'policy', {
      to: [EventPolicyTarget.fromResource(broker), EventPolicyTarget.fromSelector('eventing.knative.dev/v1', 'Broker', { tier: 'gold', app: 'x' })],
      from: [
        EventPolicySender.fromResource(ping),
        EventPolicySender.fromReference({ apiVersion: 'sources.knative.dev/v1', kind: 'ApiServerSource', name: 'k8s', namespace: 'ops' }),
        EventPolicySender.fromServiceAccount(sa),
        EventPolicySender.fromSubject('system:serviceaccount:ops:*'),
      ],
      filters: [Filter.prefix({ type: 'dev.knative.sources.ping' })],
    });
    expect(json(policy).apiVersion).toBe('eventing.knative.dev/v1alpha1');
    expect(json(policy).spec).toEqual({
      to: [
        { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' } },
        { selector: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', matchLabels: { app: 'x', tier: 'gold' } } },
      ],
      from: [
        { ref: { apiVersion: 'sources.knative.dev/v1', kind: 'PingSource', name: 'nightly', namespace: 'team-a' } },
        { ref: { apiVersion: 'sources.knative.dev/v1', kind: 'ApiServerSource', name: 'k8s', namespace: 'ops' } },
        { sub: 'system:serviceaccount:team-a:uploader' },
        { sub: 'system:serviceaccount:ops:*' },
      ],
      filters: [{ prefix: { type: 'dev.knative.sources.ping' } }],
    });
    expect(synthErrors(app)).toEqual([]);
  });

  test('without authentication-oidc the synth fails with the webhook message (EP1)', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: 'team-a' });
    new EventPolicy(chart, 'policy', { from: [EventPolicySender.fromSubject('system:serviceaccount:team-a:x')] });
    expect(synthErrors(app)).toEqual([expect.stringMatching(/^\[test\/policy\/Resource\] EventPolicy team-a\/.*: metadata: oidc-authentication feature not enabled .*\[EP1\]$/)]);
  });

  test('a star inside a subject, an empty subject and a target of another namespace are synth errors', () => {
    const { app, chart } = setup();
    const otherChart = new Chart(app, 'other', { namespace: 'team-b' });
    const broker = new Broker(otherChart, 'broker');
    new EventPolicy(chart, 'policy', {
      to: [EventPolicyTarget.fromResource(broker), EventPolicyTarget.fromReference({ apiVersion: '', kind: 'Broker', name: 'x' })],
      from: [EventPolicySender.fromSubject('system:*:x'), EventPolicySender.fromSubject('')],
    });
    const errors = synthErrors(app);
    expect(errors).toEqual([
      expect.stringMatching(/^\[test\/policy\] from\[0\]\.sub: '\*' is only allowed as suffix \(value: "system:\*:x"/),
      expect.stringMatching(/^\[test\/policy\] from\[1\]\.sub: must not be empty/),
      expect.stringMatching(/^\[test\/policy\] to\[0\]: Broker ".*" is in namespace "team-b": an EventPolicy protects only resources of its own namespace .*allowed: team-a/),
      expect.stringMatching(/^\[test\/policy\] to\[1\]\.apiVersion: must not be empty/),
    ]);
  });

  test('an empty sender list is a warning: it lets no one in', () => {
    const { app, chart } = setup();
    const broker = new Broker(chart, 'broker');
    new EventPolicy(chart, 'policy', { to: [EventPolicyTarget.fromResource(broker)], from: [] });
    const warn = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      app.synthYaml();
      expect(warn.mock.calls.map((c) => String(c[0])).join('')).toContain('[test/policy] from: an EventPolicy without senders lets no one send to its targets');
    } finally {
      warn.mockRestore();
    }
  });
});
