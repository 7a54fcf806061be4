/**
 * The string formats the API server checks in CRD schemas (k8s.io/kube-openapi strfmt). Formats
 * it does not know are accepted, as it accepts them; int32/int64/float/double only document the
 * JSON type and are not range-checked by the API server either.
 */
import Ajv from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats';
import { parseGoDuration } from '../../core/duration';

const ALWAYS = () => true;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const CIDR = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(?:3[0-2]|[12]?\d)|[0-9a-fA-F:.]+\/(?:12[0-8]|1[01]\d|[1-9]?\d))$/;
const MAC = /^(?:[0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/;

export function addKubernetesFormats(ajv: Ajv): void {
  ajv.addFormat('date-time', fullFormats['date-time'] as any);
  ajv.addFormat('datetime', fullFormats['date-time'] as any);
  ajv.addFormat('date', fullFormats.date as any);
  ajv.addFormat('uri', fullFormats.uri as any);
  ajv.addFormat('email', fullFormats.email as any);
  ajv.addFormat('hostname', fullFormats.hostname as any);
  ajv.addFormat('ipv4', fullFormats.ipv4 as any);
  ajv.addFormat('ipv6', fullFormats.ipv6 as any);
  ajv.addFormat('uuid', fullFormats.uuid as any);
  ajv.addFormat('byte', BASE64);
  ajv.addFormat('cidr', CIDR);
  ajv.addFormat('mac', MAC);
  ajv.addFormat('duration', { type: 'string', validate: (s: string) => parseGoDuration(s) !== undefined });
  for (const f of ['int32', 'int64', 'float', 'double', 'password', 'string', 'quantity', 'int-or-string', 'uuid3', 'uuid4', 'uuid5']) {
    ajv.addFormat(f, { validate: ALWAYS });
  }
}
