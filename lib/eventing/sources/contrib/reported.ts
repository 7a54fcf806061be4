/**
 * Prop checks of the newer contributed constructs that report user mistakes at synth
 * (`reportError`) instead of throwing: each returns the checked value, or undefined after
 * recording the error on `scope`.
 */
import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { dns1123SubdomainErrors } from '../../../core/names';
import { reportError } from '../../../core/report';
import { namespaceOfSecret, SecretKeySelectorJson } from './common';

/**
 * A `secretKeyRef` from a cdk8s-plus SecretValue. The controllers and webhooks read Secrets from
 * the namespace of the object that refers to them, so a Secret declared in another namespace
 * could never be found; an empty key is refused by the webhooks; a malformed Secret name or key
 * would make every pod the Secret is mounted into fail.
 */
export function reportedSecretKey(scope: IConstruct, owner: ApiObject, prop: string, value: kplus.SecretValue): SecretKeySelectorJson | undefined {
  let ok = true;
  const nameErrors = dns1123SubdomainErrors(value.secret.name);
  if (nameErrors.length) {
    // The webhook takes any name, but every pod the Secret is mounted into would be refused.
    ok = !!reportError(scope, `${prop}.secret`, `is not a valid Secret name: ${nameErrors[0]}`, { value: value.secret.name, allowed: 'a DNS-1123 subdomain' });
  }
  if (!value.key) {
    ok = !!reportError(scope, `${prop}.key`, `must name a key of Secret "${value.secret.name}"`, { value: value.key, allowed: 'a non-empty key' });
  } else if (!/^[-._a-zA-Z0-9]+$/.test(value.key) || value.key.length > 253) {
    ok = !!reportError(scope, `${prop}.key`, 'is not a valid Secret key: a key consists of alphanumeric characters, \'-\', \'_\' or \'.\'', {
      value: value.key, allowed: 'a key such as accessToken',
    });
  }
  if (!reportedSecretNamespace(scope, owner, prop, value.secret)) ok = false;
  return ok ? { name: value.secret.name, key: value.key } : undefined;
}

/** False (after reporting) when `secret` declares a namespace other than `owner`'s. */
export function reportedSecretNamespace(scope: IConstruct, owner: ApiObject, prop: string, secret: kplus.ISecret): boolean {
  const secretNs = namespaceOfSecret(secret);
  const ownerNs = owner.metadata.namespace;
  if (secretNs && ownerNs && secretNs !== ownerNs) {
    reportError(scope, prop, `Secret "${secret.name}" is in namespace "${secretNs}", but ${owner.kind} "${owner.name}" is in namespace "${ownerNs}": `
      + `the controller only reads Secrets from the ${owner.kind}'s own namespace`, { value: secretNs, allowed: ownerNs });
    return false;
  }
  return true;
}

/** The integer when it lies in [min, max]; otherwise reports it (NaN, Infinity and fractions included). */
export function reportedInteger(scope: IConstruct, prop: string, value: number | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || value > max) {
    return reportError(scope, prop, `must be an integer from ${min} to ${max}`, { value, allowed: `${min}..${max}` });
  }
  return value;
}

/** The string when it is not blank; otherwise reports it. */
export function reportedNonBlank(scope: IConstruct, prop: string, value: string, what: string): string | undefined {
  if (!value || !value.trim()) return reportError(scope, prop, `must not be empty`, { value, allowed: what });
  return value;
}
