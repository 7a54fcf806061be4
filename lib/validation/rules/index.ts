import { KindRules } from '../types';
import { EVENTING_RULES } from './eventing';
import { ISTIO_RULES } from './istio';
import { SERVING_RULES } from './serving';

/** Every webhook-equivalent rule set, by `group/kind`. */
const BY_KIND = new Map<string, KindRules[]>();
for (const rules of [...SERVING_RULES, ...EVENTING_RULES, ...ISTIO_RULES]) {
  for (const kind of rules.kinds) {
    const key = `${rules.group}/${kind}`;
    BY_KIND.set(key, [...(BY_KIND.get(key) ?? []), rules]);
  }
}

/** The rule sets that apply to a group and kind. */
export function rulesFor(group: string, kind: string): readonly KindRules[] {
  return BY_KIND.get(`${group}/${kind}`) ?? [];
}
