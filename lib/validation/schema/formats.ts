/**
 * The formats the API server checks in CRD schemas (k8s.io/kube-openapi strfmt for strings, and
 * the range check of its number validator for int32/int64/float/double, which refuses a value
 * its Go type cannot hold: `must be of type int32`). Formats it does not know are accepted, as it
 * accepts them.
 */
import type Ajv from 'ajv';
import type { Format } from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats';
import { parseGoDuration } from '../../core/duration';

const ALWAYS = () => true;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const CIDR = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(?:3[0-2]|[12]?\d)|[0-9a-fA-F:.]+\/(?:12[0-8]|1[01]\d|[1-9]?\d))$/;
const MAC = /^(?:[0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/;

const INT32_MAX = 2 ** 31 - 1;
const INT64_LIMIT = 2 ** 63;
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * The range of the Go type behind each numeric format. A value that is not an integer fails
 * int32/int64 as in Go's strconv.ParseInt of its decimal form; non-finite numbers are reported
 * separately (JSON cannot carry them at all).
 */
export const NUMBER_FORMATS: Record<string, (n: number) => boolean> = {
  int32: (n) => !Number.isFinite(n) || (Number.isInteger(n) && n >= -INT32_MAX - 1 && n <= INT32_MAX),
  int64: (n) => !Number.isFinite(n) || (Number.isInteger(n) && n >= -INT64_LIMIT && n < INT64_LIMIT),
  float: (n) => !Number.isFinite(n) || Math.abs(n) <= FLOAT32_MAX,
  double: () => true,
};

/**
 * Every format by name, as ajv takes them. Exported so that the validators generated at build
 * time (imports/validators, see ./standalone.ts) are given the same functions.
 */
export const KUBERNETES_FORMATS: Record<string, Format> = {
  'date-time': fullFormats['date-time'] as Format,
  'datetime': fullFormats['date-time'] as Format,
  'date': fullFormats.date as Format,
  'uri': fullFormats.uri as Format,
  'email': fullFormats.email as Format,
  'hostname': fullFormats.hostname as Format,
  'ipv4': fullFormats.ipv4 as Format,
  'ipv6': fullFormats.ipv6 as Format,
  'uuid': fullFormats.uuid as Format,
  'byte': BASE64,
  'cidr': CIDR,
  'mac': MAC,
  'duration': { type: 'string', validate: (s: string) => parseGoDuration(s) !== undefined },
  ...Object.fromEntries(Object.entries(NUMBER_FORMATS).map(([f, validate]) => [f, { type: 'number', validate } as Format])),
  ...Object.fromEntries(['password', 'string', 'quantity', 'int-or-string', 'uuid3', 'uuid4', 'uuid5'].map((f) => [f, { validate: ALWAYS }])),
};

export function addKubernetesFormats(ajv: Ajv): void {
  for (const [name, format] of Object.entries(KUBERNETES_FORMATS)) ajv.addFormat(name, format);
}
