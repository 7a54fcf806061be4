/**
 * PingSource (sources.knative.dev/v1 and v1beta2), ping_defaults.go and ping_validation.go.
 *
 * PS1 schedule is a robfig cron spec (5 fields, or 6 with seconds; descriptors, but @every is
 * refused wherever it appears); PS2 timezone is a known IANA zone; PS3 data and dataBase64 are exclusive; PS4 dataBase64 is
 * standard base64; PS5 with contentType application/json the data is a JSON object; PS6 data
 * length <= config-ping-defaults data-max-size; PS7 sink (E-D ids); PS8 ceOverrides (E-CE1).
 */
import { KindRules, RuleContext } from '../../../types';
import { isObject, namespaceOf, specForDefaults, str } from '../common';
import { reportSourceSpec } from '../ce-overrides';
import { defaultDestination } from '../destination';
import { cronProblem } from './cron';
import { goJsonObjectError } from '../go-json';

const B64_CHAR = /[A-Za-z0-9+/]/;
const SCHEDULES = new Map<string, ReturnType<typeof cronProblem>>();

/** Go's base64.StdEncoding.DecodeString: the decoded text, or the CorruptInputError message. */
export function decodeStdBase64(text: string): { data?: string; error?: string } {
  // Go skips \r and \n anywhere in the input.
  const positions: number[] = [];
  let chars = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\r' || text[i] === '\n') continue;
    positions.push(i);
    chars += text[i];
  }
  const fail = (at: number) => ({ error: `illegal base64 data at input byte ${positions[at] ?? text.length}` });
  let pad = chars.indexOf('=');
  if (pad < 0) pad = chars.length;
  for (let i = 0; i < pad; i++) if (!B64_CHAR.test(chars[i])) return fail(i);
  const padding = chars.slice(pad);
  if (padding.length > 2 || /[^=]/.test(padding)) return fail(pad);
  if (chars.length % 4 !== 0) return fail(chars.length - (chars.length % 4));
  if (padding.length && pad % 4 < 2) return fail(pad);
  return { data: Buffer.from(chars, 'base64').toString('utf8') };
}

function reportPing(obj: Record<string, any>, ctx: RuleContext): void {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const timezone = str(spec.timezone);
  const schedule = timezone ? `CRON_TZ=${timezone} ${str(spec.schedule)}` : str(spec.schedule);
  // Knative refuses @every anywhere in the schedule, before (and besides) parsing it.
  if (str(spec.schedule).includes('@every')) {
    ctx.error('PS1', 'spec.schedule', 'invalid value: unsupported descriptor @every', { value: spec.schedule, allowed: 'a cron schedule or @hourly/@daily/...' });
  }
  let problem = SCHEDULES.get(schedule);
  if (!SCHEDULES.has(schedule)) {
    problem = cronProblem(schedule);
    if (SCHEDULES.size < 10_000) SCHEDULES.set(schedule, problem);
  }
  if (problem?.location) {
    ctx.error('PS2', 'spec.timezone', `invalid value: ${problem.message}`, { value: timezone, allowed: 'an IANA time zone such as Europe/Berlin' });
  } else if (problem) {
    ctx.error('PS1', 'spec.schedule', `invalid value: ${problem.message}`, { value: spec.schedule, allowed: 'a cron schedule: 5 fields, or 6 with seconds, or @hourly/@daily/...' });
  }

  const data = str(spec.data);
  const dataBase64 = str(spec.dataBase64);
  const maxSize = ctx.settings.eventing.pingDataMaxSize;
  const json = spec.contentType === 'application/json';
  if (data && dataBase64) {
    ctx.error('PS3', 'spec.data, spec.dataBase64', 'expected exactly one, got both');
  } else if (dataBase64) {
    const size = Buffer.byteLength(dataBase64, 'utf8');
    if (maxSize > -1 && size > maxSize) {
      ctx.error('PS6', 'spec.dataBase64', `invalid value: the dataBase64 length of ${size} bytes exceeds limit set at ${maxSize}.`, { value: size, allowed: `<= ${maxSize} bytes` });
    }
    const decoded = decodeStdBase64(dataBase64);
    if (decoded.error) ctx.error('PS4', 'spec.dataBase64', `invalid value: ${decoded.error}`, { value: dataBase64 });
    else if (json) {
      const err = goJsonObjectError(decoded.data!);
      if (err) ctx.error('PS5', 'spec.dataBase64', `invalid value: ${err}`, { allowed: 'a base64-encoded JSON object' });
    }
  } else if (data) {
    const size = Buffer.byteLength(data, 'utf8');
    if (maxSize > -1 && size > maxSize) {
      ctx.error('PS6', 'spec.data', `invalid value: the data length of ${size} bytes exceeds limit set at ${maxSize}.`, { value: size, allowed: `<= ${maxSize} bytes` });
    }
    if (json) {
      const err = goJsonObjectError(data);
      if (err) ctx.error('PS5', 'spec.data', `invalid value: ${err}`, { value: data, allowed: 'a JSON object' });
    }
  }
  reportSourceSpec(ctx, spec, 'spec');
}

export const PING_SOURCE_RULES: KindRules = {
  group: 'sources.knative.dev',
  kinds: ['PingSource'],
  default(obj) {
    const spec = specForDefaults(obj);
    if (!spec) return;
    if (!spec.schedule) spec.schedule = '* * * * *';
    defaultDestination(spec.sink, namespaceOf(obj));
  },
  validate: reportPing,
};
