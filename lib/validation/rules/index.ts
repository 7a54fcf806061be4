import type { KindRules } from '../types';

/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * The webhook-equivalent rule sets, one family per upstream project, each loaded the first time
 * an object of one of its API groups is checked (an app of Knative Services does not load the
 * Istio and Eventing rules). FAMILY_GROUPS must name every group a family has rules for
 * (test/validation/rules-index.test.ts checks it).
 */
export const RULE_FAMILIES: Record<string, () => readonly KindRules[]> = {
  serving: () => (require('./serving') as typeof import('./serving')).SERVING_RULES,
  eventing: () => (require('./eventing') as typeof import('./eventing')).EVENTING_RULES,
  istio: () => (require('./istio') as typeof import('./istio')).ISTIO_RULES,
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** The API groups each family has rules for. */
export const FAMILY_GROUPS: Record<string, readonly string[]> = {
  serving: ['serving.knative.dev'],
  eventing: ['eventing.knative.dev', 'sources.knative.dev', 'messaging.knative.dev', 'flows.knative.dev', 'bindings.knative.dev'],
  istio: ['networking.istio.io', 'security.istio.io'],
};

const FAMILY_OF = new Map(Object.entries(FAMILY_GROUPS).flatMap(([family, groups]) => groups.map((g) => [g, family] as const)));

/** The rule sets of a loaded family, by `group/kind`. */
const BY_KIND = new Map<string, KindRules[]>();
const loaded = new Set<string>();

/** The rule sets that apply to a group and kind. */
export function rulesFor(group: string, kind: string): readonly KindRules[] {
  const family = FAMILY_OF.get(group);
  if (family !== undefined && !loaded.has(family)) {
    loaded.add(family);
    for (const rules of RULE_FAMILIES[family]()) {
      for (const k of rules.kinds) {
        const key = `${rules.group}/${k}`;
        BY_KIND.set(key, [...(BY_KIND.get(key) ?? []), rules]);
      }
    }
  }
  return BY_KIND.get(`${group}/${kind}`) ?? [];
}
