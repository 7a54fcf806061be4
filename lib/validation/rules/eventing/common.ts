/**
 * Small helpers shared by the eventing rules: reading untyped JSON safely and spelling values
 * and messages the way knative.dev/pkg/apis.FieldError does.
 *
 * Knative prints an error as `<message>: <paths>` and, when it has details, the details on the
 * next line. A Finding keeps the path in `field`; details are appended to the message in
 * parentheses so one finding stays one line: `invalid key name "x" (keys are expected to be alphanumeric)`.
 */
import { EventingFeatureFlag } from '../../../core/cluster-settings';
import { RuleContext } from '../../types';

/** True for a JSON object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A string field, or '' when absent or not a string (Go's zero value). */
export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** `<message> (<details>)`, or the message alone. */
export function withDetails(message: string, details?: string): string {
  return details ? `${message} (${details})` : message;
}

/** A value as Go's `%v` prints scalars; objects and arrays as JSON. */
export function goValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (v === undefined || v === null) return '<nil>';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** `spec.sink` + `ref` = `spec.sink.ref`. */
export function join(path: string, field: string): string {
  return path ? `${path}.${field}` : field;
}

/** The object's namespace, when the manifest states it. */
export function namespaceOf(obj: Record<string, any>): string {
  return str(obj.metadata?.namespace);
}

/** The object's annotations (empty when absent). */
export function annotationsOf(obj: Record<string, any>): Record<string, unknown> {
  return isObject(obj.metadata?.annotations) ? obj.metadata.annotations : {};
}

/**
 * Knative Eventing's `feature.FromContext(ctx).IsEnabled(flag)`: true only for Enabled
 * (Allowed means "opt in per object" and does not switch these checks).
 */
export function featureEnabled(ctx: RuleContext, flag: EventingFeatureFlag): boolean {
  return ctx.settings.eventingFeature(flag) === 'Enabled';
}

/**
 * The object's spec for defaulting: created when absent, undefined when it is not an object
 * (the schema reports that; defaulting leaves it alone).
 */
export function specForDefaults(obj: Record<string, any>): Record<string, any> | undefined {
  if (obj.spec === undefined || obj.spec === null) obj.spec = {};
  return isObject(obj.spec) ? obj.spec : undefined;
}

/** The object's annotations for defaulting, created when absent; undefined when malformed. */
export function annotationsForDefaults(obj: Record<string, any>): Record<string, any> | undefined {
  if (obj.metadata === undefined || obj.metadata === null) obj.metadata = {};
  if (!isObject(obj.metadata)) return undefined;
  if (obj.metadata.annotations === undefined || obj.metadata.annotations === null) obj.metadata.annotations = {};
  return isObject(obj.metadata.annotations) ? obj.metadata.annotations : undefined;
}
