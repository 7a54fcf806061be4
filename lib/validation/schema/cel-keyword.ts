/**
 * The `x-kubernetes-validations` ajv keyword. The CEL evaluator (./cel, with @bufbuild/cel and
 * its protobuf and RE2 stacks, about a quarter of the package's load time) is loaded the first
 * time a value meets a schema node that carries rules: the Knative schemas carry none, so apps
 * that only use Knative kinds never load it.
 */
import type * as CelModule from './cel';
import type { CelValidationRule, SchemaNode } from './cel';

let cel: typeof CelModule | undefined;

function loadCel(): typeof CelModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (cel ??= require('./cel') as typeof CelModule);
}

/** Turns a rule's JSONPath-like fieldPath (`.spec.x['a.b']`) into a dotted Kubernetes path suffix. */
export function fieldPathSuffix(fieldPath: string | undefined): string {
  if (!fieldPath) return '';
  return fieldPath.replace(/\[\s*'((?:[^'\\]|\\.)*)'\s*\]/g, '.$1').replace(/^\./, '');
}

/**
 * The function behind the `x-kubernetes-validations` ajv keyword (registered by ./keywords.ts).
 * ajv calls it for every value present at a schema node carrying rules; each failing rule becomes
 * one error with keyword `x-kubernetes-validations` and params `{ rule, fieldPath, reason, severity }`.
 */
export function celRules(rules: CelValidationRule[], data: unknown, parentSchema?: SchemaNode): boolean {
  const { evaluateCelRule, matchesType, toCel } = loadCel();
  // A value of the wrong type already fails the schema; the API server does not run CEL on it.
  if (parentSchema && !matchesType(data, parentSchema)) return true;
  const errors: Record<string, unknown>[] = [];
  let self: unknown;
  let converted = false;
  for (const r of rules) {
    if (!r || typeof r.rule !== 'string') continue;
    if (!converted) {
      self = toCel(data, parentSchema);
      converted = true;
    }
    const res = evaluateCelRule(r, self);
    if (res.outcome === false || res.outcome === 'not-compiled') {
      errors.push({
        keyword: 'x-kubernetes-validations',
        message: res.message,
        params: { rule: r.rule, fieldPath: r.fieldPath, reason: r.reason, severity: res.outcome === 'not-compiled' ? 'warning' : 'error' },
      });
    }
  }
  (celRules as { errors?: unknown }).errors = errors;
  return errors.length === 0;
}
