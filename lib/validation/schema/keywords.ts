/**
 * The functions behind the custom ajv keywords of ./structural.ts (and the CEL keyword of
 * ./cel-keyword.ts), registered as ajv `code` keywords that call them. Unlike keywords defined
 * with a `validate` function, these can be serialized by ajv's standalone code generation: the
 * generated code refers to the functions of this module through the context its factory receives
 * (see GENERATED_CONTEXT), which is how the validators generated at build time into
 * imports/validators (see ./standalone.ts) use them.
 *
 * The generated call is the one ajv writes for a `validate` keyword (schema, data, parent schema,
 * data context; the function's `errors` appended to the validator's and given their paths), so a
 * compiled and a generated validator report the same errors. The ajv compiler modules are loaded
 * only to register the keywords: generated validators load this module without them.
 */
import type Ajv from 'ajv';
import type { KeywordCxt } from 'ajv';
import { unknownObjectMetaFields } from '../rules/metadata';
import { celRules } from './cel-keyword';

type KeywordFunction = ((schema: any, data: unknown, parentSchema?: any, dataCxt?: unknown) => boolean) & { errors?: unknown };

/** `x-int-or-string`: the value is an integer or a string. */
function intOrString(_s: boolean, data: unknown): boolean {
  const ok = typeof data === 'string' || (typeof data === 'number' && Number.isInteger(data));
  if (!ok) (intOrString as KeywordFunction).errors = [{ keyword: 'type', params: { type: 'integer or string' }, message: 'must be an integer or a string' }];
  return ok;
}

/** `x-list-unique`: `x-kubernetes-list-type: set` (true) or `map` (the list-map keys). */
function listUnique(keys: true | string[], data: unknown, _parentSchema?: unknown, dataCxt?: unknown): boolean {
  if (!Array.isArray(data) || data.length < 2) return true;
  const seen = new Set<string>();
  for (let i = 0; i < data.length; i++) {
    const item = data[i];
    const id = keys === true ? JSON.stringify(item) : mapKey(keys, item);
    if (seen.has(id)) {
      (listUnique as KeywordFunction).errors = [{
        keyword: 'x-list-unique',
        // The item's full path (ajv prefixes the list's path only when instancePath is unset).
        instancePath: `${(dataCxt as { instancePath?: string } | undefined)?.instancePath ?? ''}/${i}`,
        params: { keys },
        message: keys === true ? 'Duplicate value' : `Duplicate value: ${id} (list items must be unique by ${keys.join(', ')})`,
      }];
      return false;
    }
    seen.add(id);
  }
  return true;
}

/** The identity of a list-map item: its key fields, as JSON. */
function mapKey(keys: string[], item: unknown): string {
  if (keys.length === 1) {
    // One key (`name`, `port`): the same JSON as the general case, without the array.
    const v = item && typeof item === 'object' ? (item as any)[keys[0]] : undefined;
    return `[${v === undefined ? 'null' : JSON.stringify(v) ?? 'null'}]`;
  }
  return JSON.stringify(keys.map((k) => (item && typeof item === 'object' ? (item as any)[k] : undefined)));
}

/** `x-object-meta`: the fields of an embedded ObjectMeta (see rules/metadata.ts). */
function objectMeta(prunedBy: 'api-server' | 'webhook', data: unknown): boolean {
  const found = unknownObjectMetaFields(data, '', prunedBy);
  if (found.length === 0) return true;
  (objectMeta as KeywordFunction).errors = found.map((f) => ({
    keyword: 'x-object-meta', params: { field: f.field, allowed: f.allowed }, message: f.message,
  }));
  return false;
}

/** The keyword functions by name; generated validators call `require(<this module>).KEYWORD_FUNCTIONS[name]`. */
export const KEYWORD_FUNCTIONS: Record<string, KeywordFunction> = { intOrString, listUnique, objectMeta, celRules };

/**
 * The name under which generated validators receive the keyword functions and formats: each
 * module in imports/validators exports a factory `(kfc) => validate`, called with
 * `{ keywords: KEYWORD_FUNCTIONS, formats: KUBERNETES_FORMATS }` (see crd-store.ts).
 */
export const GENERATED_CONTEXT = 'kfc';

/* eslint-disable @typescript-eslint/no-require-imports */
function addFunctionKeyword(ajv: Ajv, keyword: string, schemaType: 'boolean' | 'string' | 'array' | undefined, name: string): void {
  const { _, Name, nil, not } = require('ajv/dist/compile/codegen') as typeof import('ajv/dist/compile/codegen');
  const { extendErrors } = require('ajv/dist/compile/errors') as typeof import('ajv/dist/compile/errors');
  const N = (require('ajv/dist/compile/names') as typeof import('ajv/dist/compile/names')).default;
  const { callValidateCode } = require('ajv/dist/vocabularies/code') as typeof import('ajv/dist/vocabularies/code');
  const fn = KEYWORD_FUNCTIONS[name];
  ajv.addKeyword({
    keyword,
    ...(schemaType ? { schemaType } : {}),
    trackErrors: true,
    code(cxt: KeywordCxt) {
      const { gen } = cxt;
      const ref = gen.scopeValue('keyword', { ref: fn, code: _`${new Name(GENERATED_CONTEXT)}.keywords[${name}]` });
      const valid = gen.let('valid');
      const errs = _`${ref}.errors`;
      gen.assign(errs, null);
      gen.assign(valid, callValidateCode(cxt, ref, nil, true));
      gen.if(not(valid), () => {
        gen.if(_`Array.isArray(${errs})`, () => {
          gen.assign(N.vErrors, _`${N.vErrors} === null ? ${errs} : ${N.vErrors}.concat(${errs})`).assign(N.errors, _`${N.vErrors}.length`);
          extendErrors(cxt);
        }, () => cxt.error());
      });
      cxt.ok(valid);
    },
  });
}
/* eslint-enable @typescript-eslint/no-require-imports */

/** Registers x-int-or-string, x-list-unique, x-object-meta and x-kubernetes-validations. */
export function addKubernetesKeywords(ajv: Ajv): void {
  addFunctionKeyword(ajv, 'x-int-or-string', 'boolean', 'intOrString');
  addFunctionKeyword(ajv, 'x-list-unique', undefined, 'listUnique');
  addFunctionKeyword(ajv, 'x-object-meta', 'string', 'objectMeta');
  addFunctionKeyword(ajv, 'x-kubernetes-validations', 'array', 'celRules');
}
