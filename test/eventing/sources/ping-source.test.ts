import { Broker, cronScheduleError, PingData, PingSource, Sink } from '../../../lib/eventing';
import { engineErrors, json, setup, synthErrors } from '../util';

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
    const { chart } = setup();
    expect(() => new PingSource(chart, 'p', { schedule, sink }))
      .toThrow(`'schedule' (${JSON.stringify(schedule)}) is not a schedule Knative accepts: ${reason}`);
  });

  test('timezone must be an IANA zone', () => {
    const { chart } = setup();
    expect(() => new PingSource(chart, 'p', { sink, timezone: 'Knative/Land' }))
      .toThrow('\'timezone\' ("Knative/Land") is not an IANA time zone: provided bad location Knative/Land: unknown time zone Knative/Land');
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
    expect(() => PingData.fromBase64('not base64!')).toThrow('\'dataBase64\' ("not base64!") is not standard base64');
    expect(PingData.fromBase64('AQID').fields).toEqual({ dataBase64: 'AQID' });
  });

  test('CloudEvent overrides: rendered sorted, keys checked', () => {
    const { chart } = setup();
    const p = new PingSource(chart, 'p', { sink, ceOverrides: { team: 'cloud', env: 'prod' } });
    expect(json(p).spec.ceOverrides).toEqual({ extensions: { env: 'prod', team: 'cloud' } });
    expect(() => new PingSource(chart, 'bad', { sink, ceOverrides: { 'Invalid_type': 'x' } }))
      .toThrow('invalid key name "Invalid_type" in \'ceOverrides\': CloudEvent extension names must be non-empty and contain only ASCII letters and digits');
  });

  test('a dangling sink fails synth', () => {
    const { chart } = setup();
    new PingSource(chart, 'p', { sink: Sink.fromBroker('default') });
    expect(synthErrors(chart)).toEqual([
      '[test/p] spec.sink: Broker "default" (eventing.knative.dev/v1) in no namespace is not defined in this app; pass the construct itself, or, if it is deployed by something else, declare it with { external: true }',
    ]);
  });
});
