import { Broker, cronScheduleError, PingData, PingSource, Sink } from '../../../lib/eventing';
import { engineErrors, json, setup, synthErrors } from '../util';
import { synthErrors as appErrors } from '../../helpers';

const sink = Sink.fromUri('https://sink.example.org');

describe('PingSource', () => {
  test('default output: every minute, written explicitly, valid', () => {
    const { chart } = setup('events');
    const broker = new Broker(chart, 'b', { metadata: { name: 'default' } });
    const ping = new PingSource(chart, 'p', { sink: broker, metadata: { name: 'ping' } });
    expect(json(ping)).toEqual({
      apiVersion: 'sources.knative.dev/v1', kind: 'PingSource',
      metadata: { name: 'ping', namespace: 'events' },
      spec: { schedule: '* * * * *', sink: { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' } } },
    });
    expect(engineErrors(ping)).toEqual([]);
    expect(synthErrors(chart)).toEqual([]);
  });

  test.each([
    '*/2 * * * *', '0/5 * * * * *', '10 0/5 * * * ?', '@hourly', '@daily', '@midnight', '0 9 * * MON-FRI',
    '0 0 1 JAN,JUL *', '30 2 * * 0', 'CRON_TZ=Europe/Zurich 0 9 * * *', '0 0 * * */7',
  ])('accepts %s', (schedule) => {
    expect(cronScheduleError(schedule)).toBeUndefined();
    const { chart } = setup();
    expect(json(new PingSource(chart, 'p', { schedule, sink })).spec.schedule).toBe(schedule);
  });

  test.each([
    ['@every 1m', 'unsupported descriptor @every'],
    ['@often', 'unrecognized descriptor: @often'],
    ['2', 'expected 5 to 6 fields, found 1: [2]'],
    ['* * * * * * *', 'expected 5 to 6 fields, found 7: [* * * * * * *]'],
    ['61 * * * *', 'end of range (61) above maximum (59): 61'],
    ['0 0 L * *', 'failed to parse int from L: strconv.Atoi: parsing "L": invalid syntax'],
    ['0 0 * * 1#2', 'failed to parse int from 1#2: strconv.Atoi: parsing "1#2": invalid syntax'],
    ['0 0 * * 7', 'end of range (7) above maximum (6): 7'],
    ['CRON_TZ=Knative/Land * * * * *', 'provided bad location Knative/Land: unknown time zone Knative/Land'],
  ])('refuses %s with "%s"', (schedule, reason) => {
    expect(cronScheduleError(schedule)).toBe(reason);
    const { app, chart } = setup();
    new PingSource(chart, 'p', { schedule, sink });
    expect(appErrors(app)).toEqual([
      `[test/p] schedule: is not a schedule Knative accepts: ${reason} (value: ${JSON.stringify(schedule)}; allowed: 5 cron fields, 6 with leading seconds, or a descriptor such as '@hourly' (not '@every'))`,
    ]);
  });

  test('timezone must be an IANA zone', () => {
    const bad = setup();
    new PingSource(bad.chart, 'p', { sink, timezone: 'Knative/Land' });
    expect(appErrors(bad.app)).toEqual([
      "[test/p] timezone: is not an IANA time zone: provided bad location Knative/Land: unknown time zone Knative/Land (value: \"Knative/Land\"; allowed: an IANA time zone such as 'Europe/Zurich')",
    ]);
    const { chart } = setup();
    const ok = new PingSource(chart, 'ok', { sink, schedule: '0 9 * * 1-5', timezone: 'Europe/Zurich' });
    expect(json(ok).spec.timezone).toBe('Europe/Zurich');
    expect(engineErrors(ok)).toEqual([]);
  });

  test('data: JSON object with its content type, text, bytes; data and dataBase64 never both', () => {
    const { chart } = setup();
    const j = new PingSource(chart, 'j', { sink, data: PingData.fromJson({ message: 'Hello' }) });
    expect(json(j).spec).toMatchObject({ contentType: 'application/json', data: '{"message":"Hello"}' });
    expect(json(j).spec.dataBase64).toBeUndefined();
    const t = new PingSource(chart, 't', { sink, data: PingData.fromText('hi', 'text/plain') });
    expect(json(t).spec).toMatchObject({ contentType: 'text/plain', data: 'hi' });
    const b = new PingSource(chart, 'b', { sink, data: PingData.fromBytes(new Uint8Array([1, 2, 3])), contentType: 'application/octet-stream' });
    expect(json(b).spec).toMatchObject({ contentType: 'application/octet-stream', dataBase64: 'AQID' });
    expect(json(b).spec.data).toBeUndefined();
    for (const s of [j, t, b]) expect(engineErrors(s)).toEqual([]);
    const bad = setup();
    new PingSource(bad.chart, 'p', { sink, data: PingData.fromBase64('not base64!') });
    expect(appErrors(bad.app)).toEqual(['[test/p] data.dataBase64: is not standard base64 (value: "not base64!"; allowed: standard base64 (A-Z, a-z, 0-9, +, /, = padding))']);
    expect(PingData.fromBase64('AQID').fields).toEqual({ dataBase64: 'AQID' });
  });

  test('CloudEvent overrides: rendered sorted, keys checked', () => {
    const { app, chart } = setup();
    const p = new PingSource(chart, 'p', { sink, ceOverrides: { team: 'cloud', env: 'prod' } });
    expect(json(p).spec.ceOverrides).toEqual({ extensions: { env: 'prod', team: 'cloud' } });
    new PingSource(chart, 'bad', { sink, ceOverrides: { 'Invalid_type': 'x', 'ok': 'y', '': 'z' } });
    expect(appErrors(app)).toEqual([
      '[test/bad] ceOverrides: invalid key name "Invalid_type": CloudEvent extension names must be non-empty and contain only ASCII letters and digits (value: "Invalid_type"; allowed: ASCII letters and digits, e.g. "team")',
      expect.stringMatching(/^\[test\/bad\] ceOverrides: invalid key name "": .*\(value: ""/),
    ]);
  });

  test('JSON data: a string is kept verbatim; values JSON cannot hold are synth errors, not a TypeError or null', () => {
    const { chart } = setup();
    const text = '{ "b": 1.50, "a": [1e3] }';
    expect(json(new PingSource(chart, 'verbatim', { sink, data: PingData.fromJson(text) })).spec.data).toBe(text);
    const bad = setup();
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    new PingSource(bad.chart, 'big', { sink, data: PingData.fromJson({ n: BigInt(2) ** BigInt(64) }) });
    new PingSource(bad.chart, 'cycle', { sink, data: PingData.fromJson(cyclic) });
    new PingSource(bad.chart, 'nan', { sink, data: PingData.fromJson({ x: [1, NaN], y: { z: Infinity } }) });
    new PingSource(bad.chart, 'text', { sink, data: PingData.fromJson('[1, 2]') });
    new PingSource(bad.chart, 'broken', { sink, data: PingData.fromJson('{"a":') });
    const allowed = 'allowed: values JSON can represent: strings, finite numbers, booleans, null, arrays and plain objects';
    expect(appErrors(bad.app)).toEqual([
      `[test/big] data: $.n: BigInt 18446744073709551616n has no JSON form; pass it as a string or a number (${allowed})`,
      `[test/cycle] data: $.self: a cycle (the value contains itself) (${allowed})`,
      `[test/nan] data: $.x[1]: NaN has no JSON form (JSON.stringify writes null) (${allowed})`,
      `[test/nan] data: $.y.z: Infinity has no JSON form (JSON.stringify writes null) (${allowed})`,
      '[test/text] data: must be a JSON object with content type application/json (value: "[1, 2]"; allowed: the text of a JSON object, {...})',
      expect.stringMatching(/^\[test\/broken\] data: is not JSON: .*\(value: "\{\\"a\\":"; allowed: the text of a JSON object\)$/),
    ]);
  });

  test('a JavaScript caller that forgets the sink gets a TypeError', () => {
    const { chart } = setup();
    expect(() => new PingSource(chart, 'p', {} as any)).toThrow("PingSource: the required prop 'sink' is missing");
    expect(() => new PingSource(chart, 'q', { sink, data: { data: 'x' } } as any)).toThrow(/'data' must be a PingData/);
  });

  test('a dangling sink fails synth', () => {
    const { chart } = setup();
    new PingSource(chart, 'p', { sink: Sink.fromBroker('default') });
    expect(synthErrors(chart)).toEqual([
      '[test/p] spec.sink: Broker "default" (eventing.knative.dev/v1) in no namespace is not defined in this app; pass the construct itself, or, if it is deployed by something else, declare it with { external: true }',
    ]);
  });
});
