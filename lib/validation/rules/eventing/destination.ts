/**
 * Destination and KReference checks (knative.dev/pkg/apis/duck/v1 destination.go, knative_reference.go),
 * used by every sink, subscriber, reply and deadLetterSink.
 *
 * E-D1 ref or uri is required; E-D2 ref with an absolute uri; E-D3 a uri alone must be absolute
 * with a host; E-D4 a ref alone needs name, apiVersion and kind (group only with kreference-group);
 * E-D5 ref plus a relative uri: the ref is not checked; E-D6 CACerts must be a PEM certificate.
 *
 * The kind-level "follows the Destination rules" entries of the catalogue (PS7, AS5, CS3, SB4, G7,
 * SU3, SQ4, PA4, E-V7, GL1, GH1, KS5) delegate here, so their findings carry these E-D ids at the
 * kind's field path.
 */
import { RuleContext } from '../../types';
import { featureEnabled, isObject, join, str, withDetails } from './common';

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\r\n\s:,.-]*?)-----END \1-----/;

/** Go's url.URL: IsAbs() (a scheme) and the host. */
function parseUri(uri: string): { abs: boolean; host: string } {
  const m = SCHEME.exec(uri);
  if (!m) return { abs: false, host: '' };
  const rest = uri.slice(m[0].length);
  if (!rest.startsWith('//')) return { abs: true, host: '' };
  const authority = rest.slice(2).split(/[/?#]/, 1)[0];
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  return { abs: true, host };
}

/** Options of a KReference check. */
export interface KReferenceOptions {
  /** The namespace of the parent, when a differing ref namespace must be rejected. */
  readonly sameNamespaceAs?: string;
}

/**
 * KReference.Validate, reporting under `rule` (E-D4 for destinations, B2 for Broker config,
 * SU1 for a Subscription's channel).
 */
export function reportKReference(rule: string, ctx: RuleContext, ref: Record<string, any>, path: string, opts: KReferenceOptions = {}): void {
  const groupAllowed = featureEnabled(ctx, 'kreference-group');
  if (!str(ref.name)) ctx.error(rule, join(path, 'name'), 'missing field(s)');
  if (!str(ref.apiVersion) && !(groupAllowed && str(ref.group))) ctx.error(rule, join(path, 'apiVersion'), 'missing field(s)');
  if (!str(ref.kind)) ctx.error(rule, join(path, 'kind'), 'missing field(s)');
  if (str(ref.group) && !groupAllowed) {
    ctx.error(rule, join(path, 'group'), 'must not set the field(s)', { value: ref.group, allowed: 'apiVersion, or group with the kreference-group feature' });
  }
  const ns = str(ref.namespace);
  if (ns && opts.sameNamespaceAs && ns !== opts.sameNamespaceAs) {
    ctx.error(rule, join(path, 'namespace'), withDetails('mismatched namespaces', `parent namespace: "${opts.sameNamespaceAs}" does not match ref: "${ns}"`), {
      value: ns, allowed: opts.sameNamespaceAs,
    });
  }
}

/** Validates a Destination at `path`; absent (undefined/null) counts as empty, so E-D1 fires. */
export function reportDestination(ctx: RuleContext, dest: unknown, path: string): void {
  const d = isObject(dest) ? dest : {};
  const ref = isObject(d.ref) ? d.ref : undefined;
  // An empty uri still decodes to a non-nil *apis.URL upstream, so it counts as set (and relative).
  const uri = typeof d.uri === 'string' ? d.uri : undefined;
  if (!ref && uri === undefined) {
    ctx.error('E-D1', `${join(path, 'ref')}, ${join(path, 'uri')}`, 'expected at least one, got none');
    return;
  }
  if (ref && uri !== undefined) {
    if (parseUri(uri).abs) {
      ctx.error('E-D2', `${join(path, '[apiVersion, kind, name]')}, ${join(path, 'ref')}, ${join(path, 'uri')}`,
        'Absolute URI is not allowed when Ref or [apiVersion, kind, name] is present', { value: uri });
      return;
    }
    // E-D5: a ref with a relative uri (a path on the ref's address) is accepted as is.
  } else if (uri !== undefined) {
    const u = parseUri(uri);
    if (!u.abs || !u.host) {
      ctx.error('E-D3', join(path, 'uri'), 'invalid value: Relative URI is not allowed when Ref and [apiVersion, kind, name] is absent', {
        value: uri, allowed: 'an absolute URI with scheme and host',
      });
      return;
    }
  } else if (ref) {
    reportKReference('E-D4', ctx, ref, join(path, 'ref'));
    return;
  }
  if (typeof d.CACerts === 'string') {
    const block = PEM_BLOCK.exec(d.CACerts);
    if (!block) ctx.error('E-D6', join(path, 'caCert'), 'invalid value: CA Cert provided is invalid');
    else if (block[1] !== 'CERTIFICATE') ctx.error('E-D6', join(path, 'caCert'), 'invalid value: CA Cert provided is not a certificate', { value: block[1] });
  }
}

/** Validates an optional Destination: only when set. */
export function reportOptionalDestination(ctx: RuleContext, dest: unknown, path: string): void {
  if (dest !== undefined && dest !== null) reportDestination(ctx, dest, path);
}

/** Destination defaulting: a ref without namespace gets the parent's (when the manifest names it). */
export function defaultDestination(dest: unknown, namespace: string): void {
  if (namespace && isObject(dest) && isObject(dest.ref) && !dest.ref.namespace) dest.ref.namespace = namespace;
}
