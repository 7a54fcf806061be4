/**
 * What the contributed sources and sinks share: secret references that never carry a value, and
 * constructor checks that report user mistakes on the construct (with the prop) at synth.
 */
import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { reportError, showValue } from '../../../core/report';

/** A `secretKeyRef` as the contributed CRDs spell it. */
export interface SecretKeySelectorJson {
  /** The Secret's name. */
  readonly name: string;
  /** The key inside the Secret. */
  readonly key: string;
}

/**
 * CloudEvent extension attributes a source adds to (or overrides on) every event it sends
 * (upstream `ceOverrides.extensions`). Names must be non-empty ASCII letters and digits; the
 * webhook rejects `_`, `-` and `.`.
 */
export type CloudEventExtensions = Readonly<Record<string, string>>;

/** The namespace a cdk8s-plus Secret declares, if any (imported Secrets declare none). */
export function namespaceOfSecret(secret: kplus.ISecret): string | undefined {
  const metadata = (secret as { metadata?: { namespace?: string } }).metadata;
  return metadata?.namespace;
}

/**
 * Checks a secret key reference and returns its selector; problems are reported on `scope`. The
 * contributed controllers read Secrets from the namespace of the object that references them, so
 * a Secret declared in another namespace could never be found.
 */
export function secretKeySelector(scope: IConstruct, owner: ApiObject, prop: string, value: kplus.SecretValue): SecretKeySelectorJson {
  if (typeof value !== 'object' || value === null || typeof value.secret !== 'object' || value.secret === null) {
    throw new TypeError(`'${prop}' must be a kplus.SecretValue ({ secret, key }), got ${showValue(value)}`);
  }
  if (!value.key) {
    reportError(scope, `${prop}.key`, `must name a key of Secret '${value.secret.name}'`, { value: value.key, allowed: 'a non-empty key of the Secret' });
  }
  checkSecretNamespace(scope, owner, prop, value.secret);
  return { name: value.secret.name, key: value.key };
}

/** Reports on `scope` when `secret` declares a namespace other than `owner`'s. */
export function checkSecretNamespace(scope: IConstruct, owner: ApiObject, prop: string, secret: kplus.ISecret): void {
  const secretNs = namespaceOfSecret(secret);
  const ownerNs = owner.metadata.namespace;
  if (secretNs && ownerNs && secretNs !== ownerNs) {
    reportError(scope, prop,
      `refers to Secret '${secret.name}' in namespace '${secretNs}', but ${owner.kind} '${owner.name}' is in `
      + `namespace '${ownerNs}': the controller only reads Secrets from the ${owner.kind}'s own namespace`,
      { value: `${secretNs}/${secret.name}`, allowed: `a Secret in namespace '${ownerNs}'` });
  }
}

/** Reports on `scope` when a list prop is empty or holds blank strings; returns true when it is fine. */
export function requireNonEmptyList(scope: IConstruct, prop: string, values: readonly string[]): boolean {
  if (!Array.isArray(values)) throw new TypeError(`'${prop}' must be an array of strings, got ${showValue(values)}`);
  if (!values.length) {
    reportError(scope, prop, 'must have at least one entry', { value: [], allowed: 'one or more non-empty strings' });
    return false;
  }
  let ok = true;
  values.forEach((v, i) => {
    if (!v || !v.trim()) {
      reportError(scope, `${prop}[${i}]`, 'must not be empty', { value: v, allowed: 'a non-empty string' });
      ok = false;
    }
  });
  return ok;
}

/** Reports on `scope` unless `value` (when given) is an integer within [min, max]; returns true when it is fine. */
export function requireIntegerIn(scope: IConstruct, prop: string, value: number | undefined, min: number, max?: number): boolean {
  if (value === undefined) return true;
  if (!Number.isInteger(value) || value < min || (max !== undefined && value > max)) {
    const range = max === undefined ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
    reportError(scope, prop, `must be ${range}`, { value, allowed: range });
    return false;
  }
  return true;
}

/** The URL when `text` is an absolute http(s) URL with a host; otherwise reports on `scope` and returns undefined. */
export function requireHttpUrl(scope: IConstruct, prop: string, text: string, hint: string): URL | undefined {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || !url.host) {
    return reportError(scope, prop, `must be an absolute http(s) URL${hint}`, { value: text, allowed: 'http:// or https:// with a host' });
  }
  return url;
}
