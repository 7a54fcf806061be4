/**
 * What every Eventing L2 shares: metadata props and the way its object is created.
 *
 * The objects are plain `ApiObject`s carrying the GVK of the generated L1 class rather than
 * instances of it: the generated `toJson` keeps only the fields the import knew about, and the
 * Knative CRDs mark several fields `x-kubernetes-preserve-unknown-fields` that the import
 * therefore drops (`delivery.timeout`, `delivery.retryAfterMax`, ...), escape-hatch patches
 * included. The engine validates the output against the full CRD schema instead.
 */
import { ApiObject, ApiObjectMetadata, GroupVersionKind, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { dns1123LabelErrors, envVarNameErrors } from '../core/names';
import { reportError, requireProp, showValue } from '../core/report';
import { validateOnSynth } from '../validation/construct';
import type { ContainerSourceContainer } from './sources/container-source';
import { ContainerSecurityLevel, securityContextToJson } from '../serving/security';

/** Props every Eventing construct accepts. */
export interface EventingResourceProps {
  /**
   * Metadata of the object: name, namespace, labels, annotations.
   * @default - a name derived from the construct path, the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
}

/**
 * Creates the object of an L2 under the id 'Resource', with a spec produced at synth time
 * (so later `addXxx()` calls reach the output) and validated by the engine on synth.
 */
export function createEventingObject(scope: Construct, gvk: GroupVersionKind, metadata: ApiObjectMetadata | undefined, spec: () => Record<string, unknown> | undefined): ApiObject {
  const obj = new ApiObject(scope, 'Resource', {
    ...gvk,
    metadata,
    spec: Lazy.any({ produce: spec }),
  });
  validateOnSynth(obj);
  return obj;
}

/** Checks CloudEvent override keys as the Eventing webhook does; reports every bad key on `scope`. */
export function checkCeOverrides(scope: IConstruct, extensions: Readonly<Record<string, string>> | undefined, prop = 'ceOverrides'): void {
  for (const key of Object.keys(extensions ?? {})) {
    if (!/^[A-Za-z0-9]+$/.test(key)) {
      reportError(scope, prop, `invalid key name ${JSON.stringify(key)}: CloudEvent extension names must be non-empty and contain only ASCII letters and digits`, {
        value: key, allowed: 'ASCII letters and digits, e.g. "team"',
      });
    }
  }
}

/** `{ extensions }` for `spec.ceOverrides`, or undefined when there is nothing to override. */
export function renderCeOverrides(extensions: Record<string, string> | undefined): Record<string, unknown> | undefined {
  if (!extensions || Object.keys(extensions).length === 0) return undefined;
  return { extensions: sortedRecord(extensions) };
}

/** A copy of `r` with its keys sorted, for deterministic output. */
export function sortedRecord<T>(r: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Drops undefined values from a spec so that empty parts are left out. */
export function compact(spec: Record<string, unknown>): Record<string, unknown> | undefined {
  const out = Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined));
  return Object.keys(out).length ? out : undefined;
}

/**
 * Reports on `scope` the container mistakes a pod spec would be refused for: no container, an
 * empty image, names that are not DNS-1123 labels or not unique, env names Kubernetes refuses.
 * Throws a TypeError for what is not a list of containers.
 */
export function checkContainers(scope: IConstruct, containers: readonly ContainerSourceContainer[], prop = 'containers'): void {
  if (!Array.isArray(containers)) throw new TypeError(`'${prop}' must be an array of containers ({ image, ... }), got ${showValue(containers)}`);
  if (containers.length === 0) {
    reportError(scope, prop, 'must list at least one container', { value: [], allowed: "one or more containers, e.g. [{ image: 'registry.example.org/app:1' }]" });
    return;
  }
  const names = new Set<string>();
  containers.forEach((c, i) => {
    requireProp('ContainerSourceContainer', c, 'image');
    if (!c.image.trim()) reportError(scope, `${prop}[${i}].image`, 'must not be empty', { value: c.image, allowed: 'an image reference' });
    if (c.name !== undefined) {
      const nameErrors = dns1123LabelErrors(c.name);
      if (nameErrors.length) {
        reportError(scope, `${prop}[${i}].name`, nameErrors.join('; '), { value: c.name, allowed: 'lower-case letters, digits and -, starting and ending with a letter or digit, at most 63 characters' });
      } else if (names.has(c.name)) {
        reportError(scope, `${prop}[${i}].name`, 'must be unique among the containers', { value: c.name });
      }
      names.add(c.name);
    }
    for (const env of Object.keys(c.env ?? {})) {
      const envErrors = envVarNameErrors(env);
      if (envErrors.length) reportError(scope, `${prop}[${i}].env`, envErrors.join('; '), { value: env, allowed: "printable ASCII characters other than '='" });
    }
  });
}

/** Containers as a pod spec lists them, with the secure security context of `level` (see ContainerSecurity). */
export function renderContainers(containers: ContainerSourceContainer[], level: ContainerSecurityLevel, defaultName?: (index: number) => string): Record<string, unknown>[] {
  return containers.map((c, i) => compact({
    name: c.name ?? defaultName?.(i),
    image: c.image,
    command: c.command,
    args: c.args,
    env: c.env ? Object.entries(sortedRecord(c.env)).map(([name, value]) => ({ name, value })) : undefined,
    // The same secure defaults as Knative Service containers, so one policy covers every workload.
    securityContext: securityContextToJson({}, level),
  })!);
}
