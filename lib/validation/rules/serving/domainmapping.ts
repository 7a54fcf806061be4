/**
 * DomainMapping (serving v1beta1 domainmapping_validation.go). D5 (creator immutability on
 * update) is in update.ts; its lastModifier half depends on the requesting user and is not checked.
 */
import { dns1123LabelErrors, dns1123SubdomainErrors } from '../../../core/names';
import { RuleContext } from '../../types';
import { DISALLOWED, MISSING, Obj, isObj, paths, withDetails } from './util';

/** k8s validation.IsFullyQualifiedDomainName, as its aggregated error text, or undefined. */
function fqdnError(name: string): string | undefined {
  if (name.length === 0) return 'name: Required value';
  const n = name.endsWith('.') ? name.slice(0, -1) : name;
  const sub = dns1123SubdomainErrors(n);
  if (sub.length) return `name: Invalid value: "${n}": ${sub.join(',')}`;
  const labels = n.split('.');
  if (labels.length < 2) return `name: Invalid value: "${n}": should be a domain with at least two segments separated by dots`;
  for (const label of labels) {
    const errs = dns1123LabelErrors(label);
    if (errs.length) return `name: Invalid value: "${label}": ${errs.join(',')}`;
  }
  return undefined;
}

export function validateDomainMapping(obj: Obj, ctx: RuleContext): void {
  const meta: Obj = isObj(obj.metadata) ? obj.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '';
  if (meta.generateName) ctx.error('D3', 'metadata.generateName', DISALLOWED, { value: meta.generateName, allowed: 'a fixed name (the domain)' });
  const err = fqdnError(name);
  if (err) ctx.error('D1', 'metadata.name', `invalid name "${name}": ${err}`, { value: name, allowed: 'a fully-qualified domain name with at least two labels' });
  const clusterDomain = ctx.settings.servingNetwork.clusterDomain;
  if (name.endsWith(`.${clusterDomain}`)) {
    ctx.error('D2', 'metadata.name', `invalid name "${name}": must not be a subdomain of cluster local domain "${clusterDomain}"`, {
      value: name, allowed: `a domain outside ${clusterDomain}`,
    });
  }
  // spec.ref is a struct in Go (KReference.Validate always runs). The CRD schema requires ref
  // with kind and name, so only an empty value is reported here, or all three when there is no
  // spec at all (nothing in the schema requires one).
  const noSpec = !isObj(obj.spec);
  const spec: Obj = isObj(obj.spec) ? obj.spec : {};
  if (!noSpec && !isObj(spec.ref)) return;
  const ref: Obj = isObj(spec.ref) ? spec.ref : {};
  const missing = (k: string) => (noSpec ? !ref[k] : ref[k] === '');
  // Knative merges the missing fields into one error with their paths sorted.
  const absent = [missing('name') ? 'name' : '', ref.apiVersion ? '' : 'apiVersion', missing('kind') ? 'kind' : ''].filter((k) => k);
  if (absent.length) {
    ctx.error('D4', paths(...absent.map((k) => `spec.ref.${k}`)), MISSING, { allowed: 'apiVersion, kind and name of the target, e.g. serving.knative.dev/v1, Service, hello' });
  }
  // Serving never enables the kreference-group feature, so `group` is refused.
  if (ref.group) ctx.error('D4', 'spec.ref.group', DISALLOWED, { value: ref.group, allowed: 'apiVersion and kind instead of group' });
  const parentNs = typeof meta.namespace === 'string' ? meta.namespace : '';
  if (typeof ref.namespace === 'string' && ref.namespace && parentNs && ref.namespace !== parentNs) {
    ctx.error('D4', 'spec.ref.namespace', withDetails('mismatched namespaces', `parent namespace: "${parentNs}" does not match ref: "${ref.namespace}"`), {
      value: ref.namespace, allowed: `"${parentNs}" (the DomainMapping's namespace)`,
    });
  }
}
