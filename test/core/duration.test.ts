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
