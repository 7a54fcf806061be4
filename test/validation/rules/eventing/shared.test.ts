/** The shared building blocks: Destination (E-D), DeliverySpec (E-V) and ceOverrides (E-CE1). */
import { byRule, variant } from '../../../helpers';
import { PING, SUBSCRIPTION, TRIGGER, expectFinding } from './fixtures';

const CSR = '-----BEGIN CERTIFICATE REQUEST-----\nMIIBAA==\n-----END CERTIFICATE REQUEST-----\n';
const CERT = '-----BEGIN CERTIFICATE-----\nMIIBAA==\n-----END CERTIFICATE-----\n';

describe('Destination', () => {
  test('E-D1: ref or uri is required', () => {
    expectFinding(variant(TRIGGER, (o) => { o.spec.subscriber = {}; }), 'E-D1', 'spec.subscriber.ref, spec.subscriber.uri', 'expected at least one, got none');
  });

  test('E-D2: a ref with an absolute uri', () => {
    expectFinding(variant(TRIGGER, (o) => { o.spec.subscriber.uri = 'https://example.com/hook'; }), 'E-D2',
      'spec.subscriber.[apiVersion, kind, name], spec.subscriber.ref, spec.subscriber.uri', 'Absolute URI is not allowed when Ref or [apiVersion, kind, name] is present');
  });

  test('E-D3: a uri alone must be absolute with a host', () => {
    for (const uri of ['/path', 'http:opaque', 'http://', '']) {
      expectFinding(variant(TRIGGER, (o) => { o.spec.subscriber = { uri }; }), 'E-D3', 'spec.subscriber.uri',
        'invalid value: Relative URI is not allowed when Ref and [apiVersion, kind, name] is absent');
    }
    expect(byRule(variant(TRIGGER, (o) => { o.spec.subscriber = { uri: 'http://user@host:8080/p?q#f' }; }), 'E-D3')).toEqual([]);
  });

  test('E-D4: a ref needs name, apiVersion and kind', () => {
    const bad = variant(TRIGGER, (o) => { o.spec.subscriber.ref = { namespace: 'x' }; });
    expectFinding(bad, 'E-D4', 'spec.subscriber.ref.name', 'missing field(s)');
    expectFinding(bad, 'E-D4', 'spec.subscriber.ref.apiVersion', 'missing field(s)');
    expectFinding(bad, 'E-D4', 'spec.subscriber.ref.kind', 'missing field(s)');
  });

  test('E-D4: ref.group needs kreference-group, which then stands in for apiVersion', () => {
    const grouped = variant(TRIGGER, (o) => { o.spec.subscriber.ref = { group: 'serving.knative.dev', kind: 'Service', name: 'h' }; });
    expectFinding(grouped, 'E-D4', 'spec.subscriber.ref.group', 'must not set the field(s)');
    expect(byRule(grouped, 'E-D4', { eventing: { features: { 'kreference-group': 'Enabled' } } })).toEqual([]);
  });

  test('E-D5: a ref with a relative uri is accepted and the ref is not checked', () => {
    expect(byRule(variant(TRIGGER, (o) => { o.spec.subscriber = { ref: { name: 'only-name' }, uri: '/extra/path' }; }), 'E-D4')).toEqual([]);
  });

  test('E-D6: CACerts must be a PEM certificate', () => {
    const base = variant(TRIGGER, (o) => { o.spec.subscriber = { uri: 'https://hook.example.com' }; });
    expectFinding(variant(base, (o) => { o.spec.subscriber.CACerts = 'not pem'; }), 'E-D6', 'spec.subscriber.caCert', 'invalid value: CA Cert provided is invalid');
    expectFinding(variant(base, (o) => { o.spec.subscriber.CACerts = CSR; }), 'E-D6', 'spec.subscriber.caCert', 'invalid value: CA Cert provided is not a certificate');
    expect(byRule(variant(base, (o) => { o.spec.subscriber.CACerts = CERT; }), 'E-D6')).toEqual([]);
  });
});

describe('DeliverySpec', () => {
  const withDelivery = (delivery: Record<string, unknown>) => variant(SUBSCRIPTION, (o) => { o.spec.delivery = { ...o.spec.delivery, ...delivery }; });

  test('E-V1: retry >= 0', () => {
    expectFinding(withDelivery({ retry: -1 }), 'E-V1', 'spec.delivery.retry', 'invalid value: -1');
    expect(byRule(withDelivery({ retry: 0 }), 'E-V1')).toEqual([]);
  });

  test('E-V2: backoffPolicy', () => {
    expectFinding(withDelivery({ backoffPolicy: 'fibonacci' }), 'E-V2', 'spec.delivery.backoffPolicy', 'invalid value: fibonacci');
  });

  test('E-V3: backoffDelay is ISO-8601, not a Go duration', () => {
    expectFinding(withDelivery({ backoffDelay: '1s' }), 'E-V3', 'spec.delivery.backoffDelay', 'invalid value: 1s');
    expect(byRule(withDelivery({ backoffDelay: 'PT0.2S' }), 'E-V3')).toEqual([]);
  });

  test('E-V4: timeout is a non-zero ISO-8601 duration, and needs delivery-timeout', () => {
    expectFinding(withDelivery({ timeout: 'PT0S' }), 'E-V4', 'spec.delivery.timeout', 'invalid value: PT0S');
    expect(byRule(withDelivery({ timeout: 'PT30S' }), 'E-V4')).toEqual([]);
    expectFinding(withDelivery({ timeout: 'PT30S' }), 'E-V4', 'spec.delivery.timeout', 'must not set the field(s)', { eventing: { features: { 'delivery-timeout': 'Disabled' } } });
  });

  test('E-V5: retryAfterMax needs delivery-retryafter and must not be negative', () => {
    expectFinding(withDelivery({ retryAfterMax: 'PT10S' }), 'E-V5', 'spec.delivery.retryAfterMax', 'must not set the field(s)');
    const on = { eventing: { features: { 'delivery-retryafter': 'Enabled' as const } } };
    expect(byRule(withDelivery({ retryAfterMax: 'PT10S' }), 'E-V5', on)).toEqual([]);
    expect(byRule(withDelivery({ retryAfterMax: 'PT0S' }), 'E-V5', on)).toEqual([]);
    expectFinding(withDelivery({ retryAfterMax: '-PT10S' }), 'E-V5', 'spec.delivery.retryAfterMax', 'invalid value: -PT10S', on);
  });

  test('E-V6: format is json or binary', () => {
    expectFinding(withDelivery({ format: 'xml' }), 'E-V6', 'spec.delivery.format', 'invalid value: xml');
  });

  test('E-V7: deadLetterSink follows the Destination rules', () => {
    expectFinding(withDelivery({ deadLetterSink: { uri: 'dlq' } }), 'E-D3', 'spec.delivery.deadLetterSink.uri',
      'invalid value: Relative URI is not allowed when Ref and [apiVersion, kind, name] is absent');
  });
});

describe('CloudEvent overrides', () => {
  test('E-CE1: keys must be non-empty ASCII alphanumerics', () => {
    for (const key of ['with-dash', 'with.dot', 'ünï']) {
      expectFinding(variant(PING, (o) => { o.spec.ceOverrides.extensions = { [key]: 'v' }; }), 'E-CE1', 'spec.ceOverrides.extensions',
        `invalid key name "${key}" (keys are expected to be alphanumeric)`);
    }
    expectFinding(variant(PING, (o) => { o.spec.ceOverrides.extensions = { '': 'v' }; }), 'E-CE1', 'spec.ceOverrides.extensions',
      'invalid key name "" (keys MUST NOT be empty)');
    expect(byRule(variant(PING, (o) => { o.spec.ceOverrides.extensions = { Team42: 'v' }; }), 'E-CE1')).toEqual([]);
  });
});
