/**
 * Random platforms for the ordering property and the fuzz target: components in random phases,
 * Helm or objects, CRDs, custom resources, webhooks intercepting some kinds, ConfigMaps, random
 * dependsOn, plain application charts.
 */
import { Chart } from 'cdk8s';
import fc from 'fast-check';
import { Construct } from 'constructs';
import { Phase, PHASE_ORDER, phaseIndex, PlatformComponent } from '../../../lib/platform/model';
import { configMap, crd, webhook, widget } from './fixtures';

export const KINDS = ['Alpha', 'Beta', 'Gamma', 'Delta'];

export interface ComponentSpec {
  readonly phase: Phase;
  readonly helm: boolean;
  readonly crs: number[];
  readonly hook?: number[];
  readonly configMaps: number;
  readonly deps: number[];
}

export interface PlatformSpec {
  readonly components: ComponentSpec[];
  /** For each kind, which component holds its CRD (modulo the count), or none. */
  readonly crdOwner: (number | undefined)[];
  readonly apps: { readonly crs: number[]; readonly configMaps: number }[];
}

const kinds = (): fc.Arbitrary<number[]> => fc.subarray([0, 1, 2, 3], { maxLength: 2 });

export const platformSpec = (): fc.Arbitrary<PlatformSpec> => fc.record({
  components: fc.array(fc.record({
    phase: fc.constantFrom(...PHASE_ORDER),
    helm: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    crs: kinds(),
    hook: fc.option(kinds(), { nil: undefined, freq: 3 }),
    configMaps: fc.integer({ min: 0, max: 2 }),
    deps: fc.array(fc.nat({ max: 10 }), { maxLength: 2 }),
  }, { noNullPrototype: true }), { minLength: 1, maxLength: 7 }),
  crdOwner: fc.array(fc.option(fc.nat({ max: 10 }), { nil: undefined }), { minLength: 4, maxLength: 4 }),
  apps: fc.array(fc.record({ crs: kinds(), configMaps: fc.integer({ min: 0, max: 2 }) }, { noNullPrototype: true }), { maxLength: 2 }),
}, { noNullPrototype: true });

/** Builds a drawn platform in `app`. */
export function buildPlatform(app: Construct, spec: PlatformSpec): void {
  const comps: PlatformComponent[] = [];
  spec.components.forEach((c, i) => {
    const deps = i === 0 ? [] : [...new Set(c.deps.map((d) => d % i))].map((d) => comps[d]).filter((d) => phaseIndex(d.phase) <= phaseIndex(c.phase));
    comps.push(new PlatformComponent(app, `c${i}`, {
      phase: c.phase,
      dependsOn: deps,
      helm: c.helm ? {
        chart: { repository: i % 2 ? 'oci://ghcr.io/example/charts' : 'https://charts.example.org/stable', chart: `chart${i}`, version: `1.${i}.0` },
        releaseName: `release-${i}`, namespace: `ns-${i}`, values: { index: i, nested: { list: [i, 'x'] } },
      } : undefined,
    }));
  });
  spec.crdOwner.forEach((owner, k) => {
    if (owner === undefined) return;
    const c = comps[owner % comps.length];
    if (!c.helm) crd(c, KINDS[k]);
  });
  spec.components.forEach((c, i) => {
    if (c.helm) return;
    for (const k of c.crs) widget(comps[i], KINDS[k], `cr-${i}`, 'default');
    if (c.hook) webhook(comps[i], `wh${i}`, 'default', c.hook.map((k) => `${KINDS[k].toLowerCase()}s`));
    for (let n = 0; n < c.configMaps; n++) configMap(comps[i], `cm-${i}-${n}`, 'default');
  });
  spec.apps.forEach((a, i) => {
    const chart = new Chart(app, `app${i}`, { namespace: 'default' });
    for (const k of a.crs) widget(chart, KINDS[k], `app-${i}`, 'default');
    for (let n = 0; n < a.configMaps; n++) configMap(chart, `app-${i}-${n}`, 'default');
  });
}
