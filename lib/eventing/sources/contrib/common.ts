/**
 * What the contributed sources and sinks share: secret references that never carry a value, and
 * constructor checks that quote the prop.
 */
import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';

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
 * Checks a secret key reference at construction time and returns its selector. The contributed
 * controllers read Secrets from the namespace of the object that references them, so a Secret
 * declared in another namespace could never be found.
 */
export function secretKeySelector(owner: ApiObject, prop: string, value: kplus.SecretValue): SecretKeySelectorJson {
  if (!value.key) {
    throw new Error(`'${prop}.key' must name a key of Secret '${value.secret.name}' (got an empty string)`);
  }
  checkSecretNamespace(owner, prop, value.secret);
  return { name: value.secret.name, key: value.key };
}

/** Throws when `secret` declares a namespace other than `owner`'s. */
export function checkSecretNamespace(owner: ApiObject, prop: string, secret: kplus.ISecret): void {
  const secretNs = namespaceOfSecret(secret);
  const ownerNs = owner.metadata.namespace;
  if (secretNs && ownerNs && secretNs !== ownerNs) {
    throw new Error(
      `'${prop}' refers to Secret '${secret.name}' in namespace '${secretNs}', but ${owner.kind} '${owner.name}' is in `
      + `namespace '${ownerNs}': the controller only reads Secrets from the ${owner.kind}'s own namespace`,
    );
  }
}

/** Throws when a list prop is empty or holds blank strings. */
export function requireNonEmptyList(prop: string, values: readonly string[]): void {
  if (!values.length) throw new Error(`'${prop}' must have at least one entry (got [])`);
  const blank = values.findIndex((v) => !v || !v.trim());
  if (blank >= 0) throw new Error(`'${prop}[${blank}]' must not be empty (got ${JSON.stringify(values[blank])})`);
}

/** Throws unless `value` (when given) is an integer within [min, max]. */
export function requireIntegerIn(prop: string, value: number | undefined, min: number, max?: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || (max !== undefined && value > max)) {
    const range = max === undefined ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
    throw new Error(`'${prop}' must be ${range} (got ${value})`);
  }
}

/** Throws unless `text` is an absolute http(s) URL with a host. */
export function requireHttpUrl(prop: string, text: string, hint: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || !url.host) {
    throw new Error(`'${prop}' must be an absolute http(s) URL${hint} (got ${JSON.stringify(text)})`);
  }
  return url;
}
