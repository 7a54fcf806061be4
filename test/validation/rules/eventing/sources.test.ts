import { byRule, variant } from '../../../helpers';
import { API_SERVER, CONTAINER, PING, SINK_BINDING, expectFinding, ruleErrors } from './fixtures';

describe('PingSource', () => {
  test('PS1: a schedule with the wrong number of fields', () => {
    const f = expectFinding(variant(PING, (o) => { o.spec.schedule = '2'; }), 'PS1', 'spec.schedule', 'invalid value: expected 5 to 6 fields, found 1: [2]');
    expect(f.value).toBe('2');
  });

  test('PS1: @every is refused even though robfig parses it', () => {
    expectFinding(variant(PING, (o) => { o.spec.schedule = '@every 1m'; }), 'PS1', 'spec.schedule', 'invalid value: unsupported descriptor @every');
  });

  test('PS1: out-of-range fields use robfig\'s words', () => {
    expectFinding(variant(PING, (o) => { o.spec.schedule = '0 2 * * 7'; }), 'PS1', 'spec.schedule', 'invalid value: end of range (7) above maximum (6): 7');
  });

  test('PS1 boundary: six fields with seconds and descriptors are accepted; an empty schedule is defaulted', () => {
    for (const schedule of ['0/5 * * * * *', '10 0/5 * * * ?', '@hourly', '@midnight', '', undefined]) {
      expect(byRule(variant(PING, (o) => { o.spec.schedule = schedule; }), 'PS1')).toEqual([]);
    }
  });

  test('PS2: an unknown time zone is reported on spec.timezone', () => {
    expectFinding(variant(PING, (o) => { o.spec.timezone = 'Knative/Land'; }), 'PS2', 'spec.timezone',
      'invalid value: provided bad location Knative/Land: unknown time zone Knative/Land');
  });

  test('PS3: data and dataBase64 together', () => {
    expectFinding(variant(PING, (o) => { o.spec.dataBase64 = 'e30='; }), 'PS3', 'spec.data, spec.dataBase64', 'expected exactly one, got both');
  });

  test('PS4: dataBase64 must be standard base64', () => {
    expectFinding(variant(PING, (o) => { delete o.spec.data; o.spec.dataBase64 = '!!!!'; }), 'PS4', 'spec.dataBase64', 'invalid value: illegal base64 data at input byte 0');
    expectFinding(variant(PING, (o) => { delete o.spec.data; o.spec.dataBase64 = 'e30'; }), 'PS4', 'spec.dataBase64', 'invalid value: illegal base64 data at input byte 0');
    expect(byRule(variant(PING, (o) => { delete o.spec.data; o.spec.dataBase64 = Buffer.from('{"a":1}').toString('base64'); }), 'PS4')).toEqual([]);
  });

  test('PS5: application/json data must be a JSON object', () => {
    expectFinding(variant(PING, (o) => { o.spec.data = 'Invalid'; }), 'PS5', 'spec.data', "invalid value: invalid character 'I' looking for beginning of value");
    expectFinding(variant(PING, (o) => { o.spec.data = '[1,2]'; }), 'PS5', 'spec.data',
      'invalid value: json: cannot unmarshal array into Go value of type map[string]interface {}');
    expectFinding(variant(PING, (o) => { delete o.spec.data; o.spec.dataBase64 = Buffer.from('42').toString('base64'); }), 'PS5', 'spec.dataBase64',
      'invalid value: json: cannot unmarshal number into Go value of type map[string]interface {}');
  });

  test('PS5 boundary: other content types take any data', () => {
    expect(byRule(variant(PING, (o) => { o.spec.contentType = 'text/plain'; o.spec.data = 'Invalid'; }), 'PS5')).toEqual([]);
  });

  test('PS6: data-max-size from config-ping-defaults (no limit by default)', () => {
    const big = variant(PING, (o) => { o.spec.data = JSON.stringify({ pad: 'x'.repeat(5000) }); });
    expect(byRule(big, 'PS6')).toEqual([]);
    const size = Buffer.byteLength(big.spec.data);
    expectFinding(big, 'PS6', 'spec.data', `invalid value: the data length of ${size} bytes exceeds limit set at 4096.`, { eventing: { pingDataMaxSize: 4096 } });
    expect(byRule(variant(PING, (o) => { o.spec.data = JSON.stringify({ pad: 'x'.repeat(4096 - 10) }); }), 'PS6', { eventing: { pingDataMaxSize: 4096 } })).toEqual([]);
  });

  test('PS7: the sink is a required Destination (E-D ids)', () => {
    expectFinding(variant(PING, (o) => { delete o.spec.sink; }), 'E-D1', 'spec.sink.ref, spec.sink.uri', 'expected at least one, got none');
  });

  test('PS8: ceOverrides extension keys (E-CE1)', () => {
    const f = expectFinding(variant(PING, (o) => { o.spec.ceOverrides.extensions = { Invalid_type: 'x' }; }), 'E-CE1', 'spec.ceOverrides.extensions',
      'invalid key name "Invalid_type" (keys are expected to be alphanumeric)');
    expect(f.value).toBe('Invalid_type');
  });

  test('every problem is reported together', () => {
    const bad = variant(PING, (o) => { o.spec.schedule = '2'; o.spec.data = '[]'; o.spec.sink = {}; });
    expect(ruleErrors(bad).map((f) => f.rule).sort()).toEqual(['E-D1', 'PS1', 'PS5']);
  });
});

describe('ApiServerSource', () => {
  test('AS1: mode is case-sensitive; a missing mode is defaulted to Reference', () => {
    expectFinding(variant(API_SERVER, (o) => { o.spec.mode = 'Ref'; }), 'AS1', 'spec.mode', 'invalid value: Ref');
    expect(byRule(variant(API_SERVER, (o) => { delete o.spec.mode; }), 'AS1')).toEqual([]);
  });

  test('AS2: resources are required, with a parseable apiVersion and a kind', () => {
    expectFinding(variant(API_SERVER, (o) => { o.spec.resources = []; }), 'AS2', 'spec.resources', 'missing field(s)');
    expectFinding(variant(API_SERVER, (o) => { o.spec.resources[0].kind = ' '; }), 'AS2', 'spec.resources[0].kind', 'missing field(s)');
    expectFinding(variant(API_SERVER, (o) => { o.spec.resources[0].apiVersion = 'a/b/c'; }), 'AS2', 'spec.resources[0].apiVersion', 'invalid value: a/b/c');
  });

  test('AS3: owner apiVersion and kind', () => {
    const bad = variant(API_SERVER, (o) => { o.spec.owner = { apiVersion: 'apps/v1/x', kind: '' }; });
    expectFinding(bad, 'AS3', 'spec.owner.apiVersion', 'invalid value: apps/v1/x');
    expectFinding(bad, 'AS3', 'spec.owner.kind', 'missing field(s)');
  });

  test('AS4: filters need new-apiserversource-filters, then follow the Trigger filter rules', () => {
    const withFilters = variant(API_SERVER, (o) => { o.spec.filters = [{ exact: { type: 'x' }, prefix: { source: 'y' } }]; });
    expectFinding(withFilters, 'AS4', 'spec.filters', 'Filters is not empty but the NewAPIServerFilters feature is disabled.');
    const on = { eventing: { features: { 'new-apiserversource-filters': 'Enabled' as const } } };
    expect(byRule(withFilters, 'AS4', on)).toEqual([]);
    expectFinding(withFilters, 'G4', 'spec.filters[0]', 'multiple dialects found, filters can have only one dialect set', on);
  });

  test('AS5: sink and ceOverrides (E-D / E-CE1)', () => {
    expectFinding(variant(API_SERVER, (o) => { o.spec.sink = { uri: '/relative' }; }), 'E-D3', 'spec.sink.uri',
      'invalid value: Relative URI is not allowed when Ref and [apiVersion, kind, name] is absent');
  });
});

describe('ContainerSource', () => {
  test('CS1: at least one container', () => {
    expectFinding(variant(CONTAINER, (o) => { o.spec.template.spec.containers = []; }), 'CS1', 'spec.containers', 'missing field(s)');
  });

  test('CS2: each container needs an image; the name is defaulted', () => {
    expectFinding(variant(CONTAINER, (o) => { delete o.spec.template.spec.containers[0].image; }), 'CS2', 'spec.containers[0].image', 'missing field(s)');
    expect(byRule(CONTAINER, 'CS2')).toEqual([]);
  });

  test('CS3: sink (E-D ids)', () => {
    expectFinding(variant(CONTAINER, (o) => { delete o.spec.sink.ref.kind; }), 'E-D4', 'spec.sink.ref.kind', 'missing field(s)');
  });
});

describe('SinkBinding', () => {
  test('SB1: subject apiVersion and kind are required', () => {
    const bad = variant(SINK_BINDING, (o) => { delete o.spec.subject.kind; delete o.spec.subject.apiVersion; });
    expectFinding(bad, 'SB1', 'spec.subject.kind', 'missing field(s)');
    expectFinding(bad, 'SB1', 'spec.subject.apiVersion', 'missing field(s)');
  });

  test('SB2: exactly one of name and selector', () => {
    expectFinding(variant(SINK_BINDING, (o) => { delete o.spec.subject.name; }), 'SB2', 'spec.subject.name, spec.subject.selector', 'expected exactly one, got neither');
    expectFinding(variant(SINK_BINDING, (o) => { o.spec.subject.selector = { matchLabels: { app: 'x' } }; }), 'SB2',
      'spec.subject.name, spec.subject.selector', 'expected exactly one, got both');
    expectFinding(variant(SINK_BINDING, (o) => { o.spec.subject.name = 'Producer.A'; }), 'SB2', 'spec.subject.name', /^invalid value: a lowercase RFC 1123 label/);
  });

  test('SB2: the selector must be a valid label selector', () => {
    const bad = variant(SINK_BINDING, (o) => { delete o.spec.subject.name; o.spec.subject.selector = { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['x'] }] }; });
    expectFinding(bad, 'SB2', 'spec.subject.selector', 'invalid value: "Equals" is not a valid label selector operator');
  });

  test('SB3: the subject lives in the binding\'s namespace (defaulted when absent)', () => {
    expectFinding(variant(SINK_BINDING, (o) => { o.spec.subject.namespace = 'other-ns'; }), 'SB3', 'spec.subject.namespace', 'invalid value: other-ns');
    expect(byRule(variant(SINK_BINDING, (o) => { o.spec.subject.namespace = 'team-a'; }), 'SB3')).toEqual([]);
  });

  test('SB4: sink (E-D ids)', () => {
    expectFinding(variant(SINK_BINDING, (o) => { o.spec.sink.uri = 'http://x.example.com'; }), 'E-D2',
      'spec.sink.[apiVersion, kind, name], spec.sink.ref, spec.sink.uri', 'Absolute URI is not allowed when Ref or [apiVersion, kind, name] is present');
  });
});
