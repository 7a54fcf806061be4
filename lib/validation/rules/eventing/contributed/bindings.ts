/**
 * GitHubBinding (knative-extensions/eventing-github knative-v1.21.0) and GitLabBinding
 * (eventing-gitlab knative-v1.22.1), bindings.knative.dev/v1alpha1:
 * pkg/apis/bindings/v1alpha1/git{hub,lab}binding_{defaults,validation}.go and
 * knative.dev/pkg/tracker Reference.Validate. The two webhooks are the same code.
 *
 * Defaulting: an empty `spec.subject.namespace` becomes the binding's namespace.
 * GHB1 / GLB1: subject apiVersion (a qualified name), kind (a C identifier) and namespace (a
 * DNS-1123 label) are set and well formed; GHB2 / GLB2: exactly one of subject name (a DNS-1123
 * label) and selector (a valid label selector); GHB3 / GLB3: the subject's namespace is the
 * binding's; GHB4 / GLB4: `spec.accessToken.secretKeyRef` with its name and key is set.
 * The webhooks have no update-only checks.
 */
import { dns1123LabelErrors, qualifiedNameErrors } from '../../../../core/names';
import { KindRules, RuleContext } from '../../../types';
import { isObject, namespaceOf, specForDefaults, str } from '../common';
import { selectorError } from '../label-selector';

const C_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const C_IDENTIFIER_MESSAGE = "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_' "
  + "(e.g. 'my_name',  or 'MY_NAME',  or 'MyName', regex used for validation is '[A-Za-z_][A-Za-z0-9_]*')";


type Ids = readonly [wellFormed: 'GHB1' | 'GLB1', oneOf: 'GHB2' | 'GLB2', sameNs: 'GHB3' | 'GLB3', token: 'GHB4' | 'GLB4'];

/** tracker.Reference.Validate at spec.subject, plus the binding's own namespace check. */
function reportBindingSubject(ids: Ids, ctx: RuleContext, subject: Record<string, any>, bindingNs: string): void {
  const [formed, oneOf, sameNs] = ids;
  const apiVersion = str(subject.apiVersion);
  if (!apiVersion) ctx.error(formed, 'spec.subject.apiVersion', 'missing field(s)');
  else {
    const errs = qualifiedNameErrors(apiVersion);
    if (errs.length) ctx.error(formed, 'spec.subject.apiVersion', `invalid value: ${errs.join(', ')}`, { value: apiVersion });
  }
  const kind = str(subject.kind);
  if (!kind) ctx.error(formed, 'spec.subject.kind', 'missing field(s)');
  else if (!C_IDENTIFIER.test(kind)) ctx.error(formed, 'spec.subject.kind', `invalid value: ${C_IDENTIFIER_MESSAGE}`, { value: kind });
  // An empty namespace is defaulted from the request, so it is checked only when present.
  const ns = str(subject.namespace);
  if (ns) {
    const errs = dns1123LabelErrors(ns);
    if (errs.length) ctx.error(formed, 'spec.subject.namespace', `invalid value: ${errs.join(', ')}`, { value: ns });
    if (bindingNs && ns !== bindingNs) ctx.error(sameNs, 'spec.subject.namespace', `invalid value: ${ns}`, { value: ns, allowed: bindingNs });
  }
  const name = str(subject.name);
  const selector = isObject(subject.selector) ? subject.selector : undefined;
  if (selector && name) ctx.error(oneOf, 'spec.subject.name, spec.subject.selector', 'expected exactly one, got both');
  else if (selector) {
    const e = selectorError(selector);
    if (e) ctx.error(oneOf, 'spec.subject.selector', `invalid value: ${e}`, { value: selector });
  } else if (name) {
    const errs = dns1123LabelErrors(name);
    if (errs.length) ctx.error(oneOf, 'spec.subject.name', `invalid value: ${errs.join(', ')}`, { value: name });
  } else {
    ctx.error(oneOf, 'spec.subject.name, spec.subject.selector', 'expected exactly one, got neither');
  }
}

/** The access token reference: a SecretKeySelector with name and key. */
function reportAccessToken(rule: 'GHB4' | 'GLB4', ctx: RuleContext, token: unknown): void {
  const ref = isObject(token) ? token.secretKeyRef : undefined;
  if (!isObject(ref)) {
    ctx.error(rule, 'spec.accessToken.secretKeyRef', 'missing field(s)', { allowed: 'a key of a Secret in the binding\'s namespace' });
    return;
  }
  if (!str(ref.name)) ctx.error(rule, 'spec.accessToken.secretKeyRef.name', 'missing field(s)');
  if (!str(ref.key)) ctx.error(rule, 'spec.accessToken.secretKeyRef.key', 'missing field(s)');
}

function defaultSubjectNamespace(obj: Record<string, any>): void {
  const spec = specForDefaults(obj);
  const ns = namespaceOf(obj);
  if (spec && isObject(spec.subject) && !spec.subject.namespace && ns) spec.subject.namespace = ns;
}

export const GITHUB_BINDING_RULES: KindRules = {
  group: 'bindings.knative.dev',
  kinds: ['GitHubBinding'],
  default: defaultSubjectNamespace,
  validate(obj, ctx) {
    const spec = isObject(obj.spec) ? obj.spec : {};
    reportBindingSubject(['GHB1', 'GHB2', 'GHB3', 'GHB4'], ctx, isObject(spec.subject) ? spec.subject : {}, namespaceOf(obj));
    reportAccessToken('GHB4', ctx, spec.accessToken);
  },
};

export const GITLAB_BINDING_RULES: KindRules = {
  group: 'bindings.knative.dev',
  kinds: ['GitLabBinding'],
  default: defaultSubjectNamespace,
  validate(obj, ctx) {
    const spec = isObject(obj.spec) ? obj.spec : {};
    reportBindingSubject(['GLB1', 'GLB2', 'GLB3', 'GLB4'], ctx, isObject(spec.subject) ? spec.subject : {}, namespaceOf(obj));
    reportAccessToken('GLB4', ctx, spec.accessToken);
  },
};
