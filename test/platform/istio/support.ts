/**
 * Chart metadata for the IstioInstall tests: the gateway chart's values.schema.json and the
 * charts' default values from ../shared/charts/istio/1.30.3 (not in the repo: the charts are
 * pulled at install time), or a committed subset schema when ../shared is absent.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { parse } from 'yaml';

export const CHARTS = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'charts', 'istio', '1.30.3');
/** Whether ../shared holds the Istio chart metadata (ISTIO_TESTS_WITHOUT_SHARED=1 runs the fresh-clone path). */
export const haveCharts = fs.existsSync(path.join(CHARTS, 'gateway', 'values.schema.json')) && !process.env.ISTIO_TESTS_WITHOUT_SHARED;
if (!haveCharts) {
  // eslint-disable-next-line no-console
  console.warn(`IstioInstall tests: ${CHARTS} is absent; checking gateway values against the committed subset schema only, and skipping the chart-defaults checks`);
}

/** The gateway chart's values schema (the real one when available, else the committed subset). */
export function gatewaySchema(): Record<string, unknown> {
  const file = haveCharts ? path.join(CHARTS, 'gateway', 'values.schema.json') : path.join(__dirname, 'fixtures', 'gateway-values.subset.schema.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

let compiled: ((v: unknown) => string[]) | undefined;
/** The schema errors of gateway values, as `path: message` lines ([] when valid). */
export function gatewaySchemaErrors(values: unknown): string[] {
  if (!compiled) {
    // The chart's schema names draft "schema#" and carries a non-standard `defaults` key: Helm's
    // validator ignores both, so does this one.
    const { $schema: _ignored, ...schema } = gatewaySchema();
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    compiled = (v) => (validate(v) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`));
  }
  return compiled(values);
}

/** A chart's defaults (`_internal_defaults_do_not_set` of its values.yaml). */
export function chartDefaults(chart: 'base' | 'istiod' | 'gateway'): Record<string, unknown> {
  const doc = parse(fs.readFileSync(path.join(CHARTS, chart, 'values.yaml'), 'utf8')) as Record<string, unknown>;
  return doc._internal_defaults_do_not_set as Record<string, unknown>;
}

/**
 * Paths of `values` the chart's defaults do not have: a typo, or a value the chart does not
 * read. Below an `opaque` path (a Kubernetes or MeshConfig structure) and below maps that are
 * empty in the defaults, only the root is checked.
 */
export function unknownPaths(values: unknown, defaults: unknown, opaque: readonly string[], at = ''): string[] {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(values)) {
    const p = at ? `${at}.${k}` : k;
    const d = typeof defaults === 'object' && defaults !== null ? defaults as Record<string, unknown> : undefined;
    if (!d || !(k in d)) {
      out.push(p);
      continue;
    }
    // An empty map in the defaults (annotations: {}, nodeSelector: {}) is free-form.
    const freeForm = typeof d[k] === 'object' && d[k] !== null && Object.keys(d[k] as object).length === 0;
    if (!opaque.includes(p) && !freeForm) out.push(...unknownPaths(v, d[k], opaque, p));
  }
  return out;
}
