import { Duration } from 'cdk8s';
import {
  formatGoDuration, parseGoDuration, parseIsoDuration, toGoSeconds, toIsoSeconds, toProtoDuration,
} from '../../lib/core/duration';

describe('Go durations', () => {
  test.each([
    ['90s', 90_000], ['1m30s', 90_000], ['1h', 3_600_000], ['500ms', 500], ['1.5s', 1500], ['-2s', -2000], ['0', 0],
  ])('%s parses to %d ms', (text, ms) => expect(parseGoDuration(text)).toBe(ms));

  test.each(['', '10', 's', '1d', 'PT1S', '1 s'])('%j is not a Go duration', (text) => expect(parseGoDuration(text)).toBeUndefined());

  test('formats like Go', () => {
    expect(formatGoDuration(3_600_000)).toBe('1h0m0s');
    expect(formatGoDuration(90_000)).toBe('1m30s');
    expect(formatGoDuration(6000)).toBe('6s');
    expect(formatGoDuration(250)).toBe('250ms');
  });

  test('toGoSeconds keeps whole seconds and refuses fractions', () => {
    expect(toGoSeconds(Duration.minutes(2))).toBe('120s');
    expect(() => toGoSeconds(Duration.millis(1500))).toThrow(/whole number of seconds/);
  });
});

describe('ISO-8601 and protobuf durations', () => {
  test('ISO-8601 parse and format', () => {
    expect(parseIsoDuration('PT0.2S')).toBe(200);
    expect(parseIsoDuration('P1DT1H')).toBe(90_000_000);
    expect(parseIsoDuration('P1M')).toBeUndefined();
    expect(parseIsoDuration('1s')).toBeUndefined();
    expect(toIsoSeconds(Duration.millis(200))).toBe('PT0.2S');
    expect(toIsoSeconds(Duration.minutes(1))).toBe('PT60S');
  });

  test('protobuf JSON durations', () => {
    expect(toProtoDuration(Duration.millis(1500))).toBe('1.5s');
    expect(toProtoDuration(Duration.seconds(30))).toBe('30s');
  });
});

describe('checkedSeconds / checkedMillis', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { App, Chart, Duration: D } = require('cdk8s') as typeof import('cdk8s');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { checkedMillis, checkedSeconds } = require('../../lib/core/duration') as typeof import('../../lib/core/duration');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { errorsOf } = require('../../lib/core/report') as typeof import('../../lib/core/report');

  test('whole seconds pass, sub-second and non-finite durations are synth errors naming the prop', () => {
    const c = new Chart(new App(), 'c');
    expect(checkedSeconds(c, 'probe.period', D.seconds(10))).toBe(10);
    expect(checkedSeconds(c, 'probe.period', D.millis(1500))).toBeUndefined();
    expect(checkedMillis(c, 'delivery.timeout', D.seconds(NaN))).toBeUndefined();
    expect(checkedMillis(c, 'delivery.timeout', D.millis(200))).toBe(200);
    expect(errorsOf(c)).toEqual([
      { prop: 'probe.period', message: 'must be a whole number of seconds: Kubernetes and Knative take these in seconds', value: '1 second 500 millis', allowed: 'whole seconds, e.g. Duration.seconds(2)' },
      { prop: 'delivery.timeout', message: 'must be a finite, non-negative duration', value: 'NaN millis', allowed: 'Duration.seconds(n) with 0 <= n < Infinity' },
    ]);
  });
});

test('the formatters take sub-millisecond durations instead of throwing in serialization', () => {
  expect(toProtoDuration(Duration.millis(0.5))).toBe('0.0005s');
  expect(toIsoSeconds(Duration.millis(1500.4))).toBe('PT1.5S');
});
