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
  // The rules of a schema node are a function of the value alone (on create, without oldSelf):
  // a value seen before at this node gets the same errors without evaluating CEL again.
  const key = memoKey(data);
  let memo = memos.get(rules);
  let errors = key === undefined ? undefined : memo?.get(key);
  if (!errors) {
    errors = evaluate(rules, data, parentSchema);
    if (key !== undefined) {
      if (!memo) memos.set(rules, (memo = new Map()));
      if (memo.size >= MAX_MEMO) memo.clear();
      memo.set(key, errors);
    }
  }
  // ajv takes the array over (appending later errors to it) and gives each error its path, so
  // it gets fresh copies, never the remembered ones.
  (celRules as { errors?: unknown }).errors = errors.map((e) => ({ ...e, params: { ...(e.params as object) } }));
  return errors.length === 0;
}

/** The errors found for a value, by rule set (schema node) and value. */
const memos = new WeakMap<CelValidationRule[], Map<string, Record<string, unknown>[]>>();
/** Values remembered per schema node, at most. */
const MAX_MEMO = 10_000;

/** A value's identity for the memo: its JSON, when it has one that tells values apart (no NaN, undefined...). */
function memoKey(data: unknown): string | undefined {
  if (typeof data === 'string') return `s${data}`;
  if (typeof data === 'boolean' || (typeof data === 'number' && Number.isFinite(data))) return `n${String(data)}`;
  if (typeof data !== 'object' || data === null) return undefined;
  let json: string;
  try {
    json = JSON.stringify(data, (_k, v: unknown) => {
      if (v === undefined || typeof v === 'function' || typeof v === 'bigint' || (typeof v === 'number' && !Number.isFinite(v))) throw NOT_JSON;
      return v;
    });
  } catch {
    return undefined;
  }
  return `j${json}`;
}
const NOT_JSON = new Error('not JSON');

/** Each failing rule of `rules` on `data`, as an ajv error. */
function evaluate(rules: CelValidationRule[], data: unknown, parentSchema?: SchemaNode): Record<string, unknown>[] {
  const { evaluateCelRule, matchesType, toCel } = loadCel();
  // A value of the wrong type already fails the schema; the API server does not run CEL on it.
  if (parentSchema && !matchesType(data, parentSchema)) return [];
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
  return errors;
}
