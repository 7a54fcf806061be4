import { byRule, findings, variant } from '../../../helpers';
import { CHANNEL, EVENT_TYPE, EVENT_TYPE_V1BETA3, IMC, PARALLEL, SEQUENCE, SUBSCRIPTION, expectFinding } from './fixtures';

describe('Channel', () => {
  test('C1: channelTemplate needs apiVersion and kind; a missing template is defaulted to InMemoryChannel', () => {
    expectFinding(variant(CHANNEL, (o) => { o.spec.channelTemplate = { apiVersion: 'messaging.knative.dev/v1' }; }), 'C1', 'spec.channelTemplate.kind', 'missing field(s)');
    expect(byRule(CHANNEL, 'C1')).toEqual([]);
  });

  test('C2: subscribers are not for users', () => {
    expectFinding(variant(CHANNEL, (o) => { o.spec.subscribers = [{ subscriberUri: 'http://x.y' }]; }), 'C2', 'spec.subscribable.subscribers', 'must not set the field(s)');
  });
});

describe('InMemoryChannel', () => {
  test('IMC1: the scope annotation is cluster or namespace', () => {
    expectFinding(variant(IMC, (o) => { o.metadata.annotations['eventing.knative.dev/scope'] = 'foo'; }), 'IMC1',
      'metadata.annotations[eventing.knative.dev/scope]', "invalid value: foo (expected either 'cluster' or 'namespace')");
  });

  test('IMC2: every subscriber has a subscriberUri or a replyUri', () => {
    expectFinding(variant(IMC, (o) => { o.spec.subscribers = [{ uid: 'abc' }]; }), 'IMC2',
      'spec.subscribable.subscriber[0].replyURI, spec.subscribable.subscriber[0].subscriberURI', 'missing field(s) (expected at least one of, got none)');
    expect(byRule(variant(IMC, (o) => { o.spec.subscribers = [{ uid: 'abc', replyUri: 'http://r.example.com' }]; }), 'IMC2')).toEqual([]);
  });
});

describe('Subscription', () => {
  test('SU1: the channel is required and complete', () => {
    expectFinding(variant(SUBSCRIPTION, (o) => { delete o.spec.channel; }), 'SU1', 'spec.channel', 'missing field(s) (the Subscription must reference a channel)');
    expectFinding(variant(SUBSCRIPTION, (o) => { delete o.spec.channel.kind; }), 'SU1', 'spec.channel.kind', 'missing field(s)');
  });

  test('SU1: no channel namespace unless cross-namespace-event-links', () => {
    const other = variant(SUBSCRIPTION, (o) => { o.spec.channel.namespace = 'other'; });
    expectFinding(other, 'SU1', 'spec.channel.namespace',
      'must not set the field(s) (only name, apiVersion and kind are supported fields when feature.CrossNamespaceEventLinks is disabled)');
    expect(byRule(other, 'SU1', { eventing: { features: { 'cross-namespace-event-links': 'Enabled' } } })).toEqual([]);
  });

  test('SU2: the subscriber is required and a valid Destination', () => {
    expectFinding(variant(SUBSCRIPTION, (o) => { delete o.spec.subscriber; }), 'SU2', 'spec.subscriber', 'missing field(s) (the Subscription must reference a subscriber)');
    expectFinding(variant(SUBSCRIPTION, (o) => { o.spec.subscriber = { uri: 'no-host' }; }), 'E-D3', 'spec.subscriber.uri', /^invalid value: Relative URI/);
  });

  test('SU3: reply and delivery are checked when set', () => {
    expectFinding(variant(SUBSCRIPTION, (o) => { o.spec.reply = { ref: { kind: 'Broker', name: 'b' } }; }), 'E-D4', 'spec.reply.ref.apiVersion', 'missing field(s)');
    expectFinding(variant(SUBSCRIPTION, (o) => { o.spec.delivery.format = 'xml'; }), 'E-V6', 'spec.delivery.format', 'invalid value: xml');
  });
});

describe('Sequence', () => {
  test('SQ1: steps are required', () => {
    expectFinding(variant(SEQUENCE, (o) => { o.spec.steps = []; }), 'SQ1', 'spec.steps', 'missing field(s)');
  });

  test('SQ2: an invalid step is reported by index with the step printed', () => {
    const f = expectFinding(variant(SEQUENCE, (o) => { o.spec.steps[1] = { uri: '/relative' }; }), 'SQ2', 'spec.steps[1]', 'invalid value: {"uri":"/relative"}');
    expect(f.value).toEqual({ uri: '/relative' });
    const badDelivery = variant(SEQUENCE, (o) => { o.spec.steps[0].delivery = { retry: -1 }; });
    expectFinding(badDelivery, 'SQ2', 'spec.steps[0]', /^invalid value: \{"ref":.*"delivery":\{"retry":-1\}\}$/);
    expect(byRule(badDelivery, 'E-V1')).toEqual([]);
  });

  test('SQ3: channelTemplate needs apiVersion and kind (defaulted when absent)', () => {
    expectFinding(variant(SEQUENCE, (o) => { o.spec.channelTemplate = { kind: 'InMemoryChannel' }; }), 'SQ3', 'spec.channelTemplate.apiVersion', 'missing field(s)');
    expect(byRule(SEQUENCE, 'SQ3')).toEqual([]);
  });

  test('SQ4: reply is an optional Destination', () => {
    expectFinding(variant(SEQUENCE, (o) => { o.spec.reply = { ref: { apiVersion: 'v1', kind: 'Service' } }; }), 'E-D4', 'spec.reply.ref.name', 'missing field(s)');
  });
});

describe('Parallel', () => {
  test('PA1: branches are required', () => {
    expectFinding(variant(PARALLEL, (o) => { o.spec.branches = []; }), 'PA1', 'spec.branches', 'missing field(s)');
  });

  test('PA2: each branch needs a valid subscriber; filter and reply when set', () => {
    const f = expectFinding(variant(PARALLEL, (o) => { o.spec.branches[1].subscriber = {}; }), 'PA2', 'spec.branches.subscriber[1]', 'invalid value: {"subscriber":{}}');
    expect(f.value).toEqual({ subscriber: {} });
    expectFinding(variant(PARALLEL, (o) => { o.spec.branches[0].filter = { uri: 'relative' }; }), 'PA2', 'spec.branches.filter[0]', /^invalid value: \{"filter"/);
    expectFinding(variant(PARALLEL, (o) => { o.spec.branches[0].reply = { ref: {} }; }), 'PA2', 'spec.branches.reply[0]', /^invalid value: /);
  });

  test('PA5: a branch delivery the Subscription webhook would refuse is an error, with the Subscription rule id', () => {
    const f = expectFinding(variant(PARALLEL, (o) => { o.spec.branches[1].delivery = { retry: -1 }; }), 'PA5', 'spec.branches[1].delivery.retry',
      'invalid value: -1 (the Subscription the Parallel controller creates for branch 1 would be refused: E-V1)');
    expect(f.value).toBe(-1);
    expectFinding(variant(PARALLEL, (o) => { o.spec.branches[0].delivery = { backoffPolicy: 'random' }; }), 'PA5', 'spec.branches[0].delivery.backoffPolicy', /^invalid value: random \(.*E-V2\)$/);
    expectFinding(variant(PARALLEL, (o) => { o.spec.branches[0].delivery = { deadLetterSink: { uri: '/x' } }; }), 'PA5', 'spec.branches[0].delivery.deadLetterSink.uri', /E-D3\)$/);
    expect(byRule(variant(PARALLEL, (o) => { o.spec.branches[0].delivery = { retry: 3, backoffDelay: 'PT1S' }; }), 'PA5')).toEqual([]);
  });

  test('PA3: channelTemplate apiVersion and kind', () => {
    expectFinding(variant(PARALLEL, (o) => { o.spec.channelTemplate = { apiVersion: 'messaging.knative.dev/v1' }; }), 'PA3', 'spec.channelTemplate.kind', 'missing field(s)');
  });

  test('PA4: reply is an optional Destination', () => {
    expectFinding(variant(PARALLEL, (o) => { o.spec.reply = { uri: 'http://' }; }), 'E-D3', 'spec.reply.uri', /^invalid value: Relative URI/);
  });
});

describe('EventType', () => {
  test('ET1: v1beta2 needs spec.type', () => {
    expectFinding(variant(EVENT_TYPE, (o) => { delete o.spec.type; }), 'ET1', 'spec.type', 'missing field(s)');
  });

  test('ET2: v1beta3 attributes define type, source, specversion and id (a warning: not enforced at admission in 1.22)', () => {
    const bad = variant(EVENT_TYPE_V1BETA3, (o) => { o.spec.attributes = o.spec.attributes.filter((a: { name: string }) => a.name === 'type'); });
    const f = expectFinding(bad, 'ET2', 'spec.attributes.id, spec.attributes.source, spec.attributes.specversion', 'missing field(s)');
    expect(f.severity).toBe('warning');
    expect(findings(bad).filter((x) => x.severity === 'error')).toEqual([]);
  });
});
