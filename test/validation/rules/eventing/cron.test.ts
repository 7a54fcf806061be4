import { cronProblem, isKnownTimeZone } from '../../../../lib/validation/rules/eventing/sources/cron';

describe('robfig/cron schedule parsing', () => {
  test.each([
    '* * * * *', '*/5 * * * *', '0 2 * * 1-5', '0 0 1 jan,jul *', '0 9 * * MON-FRI', '15,45 * * * ?',
    '0/5 * * * * *', '10 0/5 * * * ?', '59 59 23 31 12 6', '0 0 29 2 *',
    '@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly', '@every 1m',
    'CRON_TZ=Europe/Berlin 0 2 * * *', 'TZ=UTC 0 2 * * *', '  0   2 * * *  ',
  ])('accepts %j', (spec) => {
    expect(cronProblem(spec)).toBeUndefined();
  });

  test.each([
    ['2', 'expected 5 to 6 fields, found 1: [2]'],
    ['* * * * * * *', 'expected 5 to 6 fields, found 7: [* * * * * * *]'],
    ['', 'empty spec string'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['* 24 * * *', 'end of range (24) above maximum (23): 24'],
    ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['* * * 13 *', 'end of range (13) above maximum (12): 13'],
    ['* * * * 7', 'end of range (7) above maximum (6): 7'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['*/2/3 * * * *', 'too many slashes: */2/3'],
    ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ['* * * * L', 'failed to parse int from L: strconv.Atoi: parsing "L": invalid syntax'],
    ['@reboot', 'unrecognized descriptor: @reboot'],
    ['@every nope', 'failed to parse duration @every nope: time: invalid duration "nope"'],
  ])('rejects %j', (spec, message) => {
    expect(cronProblem(spec)).toEqual({ location: false, message });
  });

  test('an unknown CRON_TZ location is a location problem', () => {
    expect(cronProblem('CRON_TZ=Knative/Land * * * * *')).toEqual({ location: true, message: 'provided bad location Knative/Land: unknown time zone Knative/Land' });
  });

  test('time zones are checked against the IANA database', () => {
    expect(isKnownTimeZone('America/New_York')).toBe(true);
    expect(isKnownTimeZone('UTC')).toBe(true);
    expect(isKnownTimeZone('Local')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
