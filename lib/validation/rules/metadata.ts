/**
 * ObjectMeta checks the API server applies to every object, whatever its kind
 * (k8s.io/apimachinery/pkg/api/validation/objectmeta.go).
 */
import {
  dns1035LabelErrors, dns1123LabelErrors, dns1123SubdomainErrors, labelValueErrors, qualifiedNameErrors,
} from '../../core/names';
import { Finding } from '../types';

const TOTAL_ANNOTATION_SIZE = 256 * 1024;

/** Kinds of the core group (`v1`) whose names are stricter than a DNS-1123 subdomain. */
const NAME_FORMAT = new Map<unknown, (v: string) => string[]>([
  ['Service', dns1035LabelErrors],
  ['Namespace', dns1123LabelErrors],
]);

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

/**
 * `check(value)`, remembered: label and annotation keys and namespaces repeat across the objects
 * of an app. The answers are shared arrays, read only.
 */
function remembered(check: (v: string) => string[]): (v: string) => readonly string[] {
  const answers = new Map<string, readonly string[]>();
  return (v) => {
    let a = answers.get(v);
    if (a === undefined) {
      if (answers.size >= 10_000) answers.clear();
      a = check(v);
      answers.set(v, a);
    }
    return a;
  };
}

const namespaceErrors = remembered(dns1123LabelErrors);
const labelKeyErrors = remembered(qualifiedNameErrors);
const labelValueErrorsOf = remembered(labelValueErrors);
const annotationKeyErrors = remembered((key) => qualifiedNameErrors(key.toLowerCase()));

function metaError(out: Finding[], field: string, message: string, value?: unknown, allowed?: string): void {
  out.push({ severity: 'error', rule: 'metadata', field, message, value, allowed });
}

/** One metadata error per problem in `errors`, each message `prefix` + the problem. */
function metaErrors(out: Finding[], errors: readonly string[], field: string, prefix: string, value: unknown): void {
  for (let i = 0; i < errors.length; i++) metaError(out, field, prefix + errors[i], value);
}

export function metadataFindings(obj: Record<string, any>): Finding[] {
  const out: Finding[] = [];
  const meta = obj.metadata;
  if (meta === undefined || meta === null || typeof meta !== 'object') {
    metaError(out, 'metadata.name', 'name or generateName is required');
    return out;
  }
  for (const key in meta) {
    if (Object.prototype.hasOwnProperty.call(meta, key) && !OBJECT_META_SET.has(key)) {
      for (const f of unknownObjectMetaFields(meta, 'metadata')) out.push(f);
      break;
    }
  }
  if (!meta.name && !meta.generateName) metaError(out, 'metadata.name', 'name or generateName is required');
  const nameCheck = (obj.apiVersion === 'v1' ? NAME_FORMAT.get(obj.kind) : undefined) ?? dns1123SubdomainErrors;
  if (typeof meta.name === 'string' && meta.name) {
    metaErrors(out, nameCheck(meta.name), 'metadata.name', 'Invalid value: ', meta.name);
  }
  if (typeof meta.generateName === 'string' && meta.generateName) {
    // A generateName may end in '-': the server appends a random suffix.
    const prefix = meta.generateName.replace(/-$/, 'a');
    metaErrors(out, nameCheck(prefix), 'metadata.generateName', 'Invalid value: ', meta.generateName);
  }
  if (meta.namespace !== undefined) {
    metaErrors(out, namespaceErrors(String(meta.namespace)), 'metadata.namespace', 'Invalid value: ', meta.namespace);
  }
  const labels = meta.labels ?? {};
  const labelKeys = Object.keys(labels);
  for (let i = 0; i < labelKeys.length; i++) {
    const key = labelKeys[i];
    const value: unknown = labels[key];
    const keyErrors = labelKeyErrors(key);
    if (keyErrors.length) metaErrors(out, keyErrors, 'metadata.labels', `Invalid value: "${key}": `, key);
    if (typeof value !== 'string') metaError(out, `metadata.labels.${key}`, 'label values must be strings', value);
    else {
      const errors = labelValueErrorsOf(value);
      if (errors.length) metaErrors(out, errors, `metadata.labels.${key}`, `Invalid value: "${value}": `, value);
    }
  }
  let size = 0;
  const annotations = meta.annotations ?? {};
  const annotationKeys = Object.keys(annotations);
  for (let i = 0; i < annotationKeys.length; i++) {
    const key = annotationKeys[i];
    const value: unknown = annotations[key];
    const errors = annotationKeyErrors(key);
    if (errors.length) metaErrors(out, errors, 'metadata.annotations', `Invalid value: "${key}": `, key);
    if (typeof value !== 'string') metaError(out, `metadata.annotations.${key}`, 'annotation values must be strings', value);
    else size += key.length + value.length;
  }
  if (size > TOTAL_ANNOTATION_SIZE) {
    metaError(out, 'metadata.annotations', `Too long: must have at most ${TOTAL_ANNOTATION_SIZE} bytes`, size);
  }
  return out;
}
