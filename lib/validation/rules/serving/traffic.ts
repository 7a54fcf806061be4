/**
 * Traffic of a Service or Route (serving v1 route_validation.go validateTrafficList and
 * TrafficTarget.Validate), after defaulting (percent 0, latestRevision inferred).
 */
import { dns1035LabelErrors, qualifiedNameErrors } from '../../../core/names';
import { RuleContext } from '../../types';
import { goList } from './metadata';
import { BOTH, DISALLOWED, NEITHER, Obj, arr, invalidValue, isObj, outOfBounds, paths, withDetails } from './util';

/** Validates `spec.traffic`; `inService` means the Service's own configuration is implied. */
export function validateTraffic(spec: Obj, inService: boolean, ctx: RuleContext): void {
  const base = 'spec.traffic';
  const traffic = arr(spec.traffic);
  const tags = new Map<string, number>();
  let sum = 0;
  for (let i = 0; i < traffic.length; i++) {
    const tt = traffic[i];
    if (!isObj(tt)) continue;
    validateTarget(tt, `${base}[${i}]`, inService, ctx);
    if (typeof tt.percent === 'number') sum += tt.percent;
    const tag = typeof tt.tag === 'string' ? tt.tag : '';
    if (tag === '') continue;
    const errs = dns1035LabelErrors(tag);
    if (errs.length) {
      // Knative's path for this one is `traffic.tag[i]` (sic).
      ctx.error('T7', `${base}.tag[${i}]`, invalidValue(`not a DNS 1035 label: ${goList(errs)}`), { value: tag, allowed: 'a DNS-1035 label' });
    }
    const first = tags.get(tag);
    if (first !== undefined) {
      ctx.error('T8', paths(`${base}[${i}].tag`, `${base}[${first}].tag`), `Multiple definitions for "${tag}"`, { value: tag, allowed: 'unique tags' });
    } else tags.set(tag, i);
  }
  if (sum !== 100) ctx.error('T2', base, `Traffic targets sum to ${sum}, want 100`, { value: sum, allowed: '100' });
}

function validateTarget(tt: Obj, at: string, inService: boolean, ctx: RuleContext): void {
  const rev = typeof tt.revisionName === 'string' ? tt.revisionName : '';
  const cfg = typeof tt.configurationName === 'string' ? tt.configurationName : '';
  // T6: latestRevision must agree with whether a revision is pinned.
  if (typeof tt.latestRevision === 'boolean' && (rev !== '') === tt.latestRevision) {
    ctx.error('T6', `${at}.latestRevision`, `may not set revisionName "${rev}" when latestRevision is ${tt.latestRevision}`, {
      value: tt.latestRevision, allowed: tt.latestRevision ? 'no revisionName with latestRevision: true' : 'a revisionName with latestRevision: false',
    });
  }
  if (inService && cfg !== '') {
    ctx.error('T3', `${at}.configurationName`, DISALLOWED, { value: cfg, allowed: "revisionName or latestRevision (the Service's configuration is implied)" });
  } else if (rev !== '' && cfg !== '') {
    ctx.error('T4', paths(`${at}.configurationName`, `${at}.revisionName`), BOTH, { allowed: 'exactly one of revisionName, configurationName' });
  } else if (rev !== '') {
    const errs = qualifiedNameErrors(rev);
    if (errs.length) ctx.error('T5', `${at}.revisionName`, withDetails(`invalid key name "${rev}"`, errs.join(', ')), { value: rev, allowed: 'a qualified name' });
  } else if (cfg !== '') {
    const errs = qualifiedNameErrors(cfg);
    if (errs.length) ctx.error('T5', `${at}.configurationName`, withDetails(`invalid key name "${cfg}"`, errs.join(', ')), { value: cfg, allowed: 'a qualified name' });
  } else if (!inService) {
    ctx.error('T4', paths(`${at}.configurationName`, `${at}.revisionName`), NEITHER, { allowed: 'exactly one of revisionName, configurationName' });
  }
  if (typeof tt.percent === 'number' && (tt.percent < 0 || tt.percent > 100)) {
    ctx.error('T1', `${at}.percent`, outOfBounds(tt.percent, 0, 100), { value: tt.percent, allowed: '0..100' });
  }
  if (typeof tt.url === 'string' && tt.url !== '') {
    ctx.error('T9', `${at}.url`, DISALLOWED, { value: tt.url, allowed: 'no url in spec (status only)' });
  }
}
