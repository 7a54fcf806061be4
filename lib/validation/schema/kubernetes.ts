/**
 * Schema checks for built-in Kubernetes kinds (Deployment, Service, ConfigMap, ...), using the
 * validators that the kubernetes-models package compiles from the Kubernetes OpenAPI spec.
 */
import { Finding } from '../types';
import { schemaFindings } from './structural';

type ValidateFn = ((data: unknown) => boolean) & { errors?: any[] | null };

/** API groups served by the Kubernetes API server itself. */
const BUILTIN_GROUPS = new Set([
  '', 'apps', 'batch', 'autoscaling', 'policy', 'networking.k8s.io', 'rbac.authorization.k8s.io',
  'storage.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io', 'node.k8s.io',
  'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io',
  'certificates.k8s.io', 'events.k8s.io', 'flowcontrol.apiserver.k8s.io',
]);

const cache = new Map<string, ValidateFn | null>();

/** True when the apiVersion belongs to a group the Kubernetes API server serves itself. */
export function isBuiltinApiVersion(apiVersion: string): boolean {
  const i = apiVersion.lastIndexOf('/');
  return BUILTIN_GROUPS.has(i < 0 ? '' : apiVersion.slice(0, i));
}

function validatorFor(apiVersion: string, kind: string): ValidateFn | null {
  const key = `${apiVersion}/${kind}`;
  if (cache.has(key)) return cache.get(key)!;
  let fn: ValidateFn | null = null;
  if (/^[a-z0-9.]*\/?v[0-9a-z]+$/.test(apiVersion) && /^[A-Z][A-Za-z0-9]*$/.test(kind)) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(`kubernetes-models/${apiVersion}/${kind}`);
      const cls = mod[kind];
      if (cls?.prototype?.validate) {
        fn = ((data: unknown) => {
          try {
            cls.prototype.validate.call(data);
            fn!.errors = null;
            return true;
          } catch (err: any) {
            fn!.errors = err?.errors ?? [{ instancePath: '', keyword: 'schema', message: String(err?.message ?? err), params: {} }];
            return false;
          }
        }) as ValidateFn;
      }
    } catch {
      fn = null;
    }
  }
  cache.set(key, fn);
  return fn;
}

/**
 * Checks a built-in object against the Kubernetes schema. Returns undefined when the kind is
 * not known for that apiVersion (for example a removed beta API).
 */
export function validateBuiltin(obj: Record<string, unknown>): Finding[] | undefined {
  const fn = validatorFor(String(obj.apiVersion), String(obj.kind));
  if (!fn) return undefined;
  return fn(obj) ? [] : schemaFindings(fn.errors, obj);
}
