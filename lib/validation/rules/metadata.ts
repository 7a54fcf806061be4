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

/**
 * The JSON fields of ObjectMeta (k8s.io/apimachinery/pkg/apis/meta/v1, Kubernetes 1.33).
 * `clusterName` was removed in 1.25 and is unknown since.
 */
export const OBJECT_META_FIELDS: readonly string[] = [
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation',
  'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations',
  'ownerReferences', 'finalizers', 'managedFields',
];
const OBJECT_META_SET = new Set(OBJECT_META_FIELDS);

/** What an unknown ObjectMeta field of a resource (top level or embedded resource) gets. */
export const UNKNOWN_META_FIELD_MESSAGE = 'unknown field: not an ObjectMeta field; the API server rejects it under strict field validation and otherwise drops it';

/**
 * What an unknown field gets in a template's metadata that the CRD schema keeps open
 * (`x-kubernetes-preserve-unknown-fields`, as Knative's `spec.template.metadata`): the API server
 * keeps it, but Knative's defaulting webhook round-trips the object through its Go types, where
 * the template's metadata is ObjectMeta, and its patch removes the field: silently pruned.
 */
export const DROPPED_META_FIELD_MESSAGE = 'unknown field: not an ObjectMeta field; the defaulting webhook decodes the template\'s metadata as ObjectMeta and prunes it silently';

/**
 * Reports the keys of `meta` that ObjectMeta does not have. `at` is the path of the metadata
 * (`metadata`, `spec.template.metadata`); `prunedBy` says who drops them.
 */
export function unknownObjectMetaFields(meta: unknown, at: string, prunedBy: 'api-server' | 'webhook' = 'api-server'): Finding[] {
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return [];
  const out: Finding[] = [];
  for (const key of Object.keys(meta)) {
    if (OBJECT_META_SET.has(key)) continue;
    out.push({
      severity: 'error', rule: 'metadata', field: at ? `${at}.${key}` : key,
      message: prunedBy === 'api-server' ? UNKNOWN_META_FIELD_MESSAGE : DROPPED_META_FIELD_MESSAGE,
      allowed: `ObjectMeta fields: ${OBJECT_META_FIELDS.join(', ')}`,
    });
  }
  return out;
}

export function metadataFindings(obj: Record<string, any>): Finding[] {
  const out: Finding[] = [];
  const err = (field: string, message: string, value?: unknown, allowed?: string) =>
    out.push({ severity: 'error', rule: 'metadata', field, message, value, allowed });
  const meta = obj.metadata;
  if (meta === undefined || meta === null || typeof meta !== 'object') {
    err('metadata.name', 'name or generateName is required');
    return out;
  }
  out.push(...unknownObjectMetaFields(meta, 'metadata'));
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
