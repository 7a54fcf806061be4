/**
 * ObjectMeta checks the API server applies to every object, whatever its kind
 * (k8s.io/apimachinery/pkg/api/validation/objectmeta.go).
 */
import {
  dns1035LabelErrors, dns1123LabelErrors, dns1123SubdomainErrors, labelValueErrors, qualifiedNameErrors,
} from '../../core/names';
import { Finding } from '../types';

const TOTAL_ANNOTATION_SIZE = 256 * 1024;

/** Built-in kinds whose names are stricter than a DNS-1123 subdomain. */
const NAME_FORMAT: Record<string, (v: string) => string[]> = {
  'v1/Service': dns1035LabelErrors,
  'v1/Namespace': dns1123LabelErrors,
};

export function metadataFindings(obj: Record<string, any>): Finding[] {
  const out: Finding[] = [];
  const err = (field: string, message: string, value?: unknown, allowed?: string) =>
    out.push({ severity: 'error', rule: 'metadata', field, message, value, allowed });
  const meta = obj.metadata;
  if (meta === undefined || meta === null || typeof meta !== 'object') {
    err('metadata.name', 'name or generateName is required');
    return out;
  }
  if (!meta.name && !meta.generateName) err('metadata.name', 'name or generateName is required');
  const nameCheck = NAME_FORMAT[`${obj.apiVersion}/${obj.kind}`] ?? dns1123SubdomainErrors;
  if (typeof meta.name === 'string' && meta.name) {
    for (const e of nameCheck(meta.name)) err('metadata.name', `Invalid value: ${e}`, meta.name);
  }
  if (typeof meta.generateName === 'string' && meta.generateName) {
    // A generateName may end in '-': the server appends a random suffix.
    const prefix = meta.generateName.replace(/-$/, 'a');
    for (const e of nameCheck(prefix)) err('metadata.generateName', `Invalid value: ${e}`, meta.generateName);
  }
  if (meta.namespace !== undefined) {
    for (const e of dns1123LabelErrors(String(meta.namespace))) err('metadata.namespace', `Invalid value: ${e}`, meta.namespace);
  }
  for (const [key, value] of Object.entries<unknown>(meta.labels ?? {})) {
    for (const e of qualifiedNameErrors(key)) err(`metadata.labels`, `Invalid value: "${key}": ${e}`, key);
    if (typeof value !== 'string') err(`metadata.labels.${key}`, 'label values must be strings', value);
    else for (const e of labelValueErrors(value)) err(`metadata.labels.${key}`, `Invalid value: "${value}": ${e}`, value);
  }
  let size = 0;
  for (const [key, value] of Object.entries<unknown>(meta.annotations ?? {})) {
    for (const e of qualifiedNameErrors(key.toLowerCase())) err('metadata.annotations', `Invalid value: "${key}": ${e}`, key);
    if (typeof value !== 'string') err(`metadata.annotations.${key}`, 'annotation values must be strings', value);
    else size += key.length + value.length;
  }
  if (size > TOTAL_ANNOTATION_SIZE) {
    err('metadata.annotations', `Too long: must have at most ${TOTAL_ANNOTATION_SIZE} bytes`, size);
  }
  return out;
}
