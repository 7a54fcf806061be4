/**
 * SinkBinding (sources.knative.dev/v1), sinkbinding_defaults.go / _validation.go and
 * knative.dev/pkg/tracker Reference.Validate.
 *
 * SB1 subject apiVersion (a qualified name), kind and namespace (defaulted) are set and well
 * formed; SB2 exactly one of subject name (a DNS-1123 label) and selector (a valid label
 * selector); SB3 subject namespace equals the binding's; SB4 sink (E-D ids) and ceOverrides (E-CE1).
 */
import { dns1123LabelErrors, qualifiedNameErrors } from '../../../../core/names';
import { KindRules, RuleContext } from '../../../types';
import { isObject, namespaceOf, specForDefaults, str } from '../common';
import { selectorError } from '../label-selector';
import { reportSourceSpec } from '../ce-overrides';
import { defaultDestination } from '../destination';

const C_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;


function reportSubject(ctx: RuleContext, subject: Record<string, any>, bindingNs: string): void {
  const apiVersion = str(subject.apiVersion);
  if (!apiVersion) ctx.error('SB1', 'spec.subject.apiVersion', 'missing field(s)');
  else {
    const errs = qualifiedNameErrors(apiVersion);
    if (errs.length) ctx.error('SB1', 'spec.subject.apiVersion', `invalid value: ${errs.join(', ')}`, { value: apiVersion });
  }
  const kind = str(subject.kind);
  if (!kind) ctx.error('SB1', 'spec.subject.kind', 'missing field(s)');
  else if (!C_IDENTIFIER.test(kind)) {
    ctx.error('SB1', 'spec.subject.kind', "invalid value: a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName', regex used for validation is '[A-Za-z_][A-Za-z0-9_]*')", { value: kind });
  }
  const ns = str(subject.namespace);
  // An empty namespace is defaulted from the request, so it is only checked when present.
  if (ns) {
    const errs = dns1123LabelErrors(ns);
    if (errs.length) ctx.error('SB1', 'spec.subject.namespace', `invalid value: ${errs.join(', ')}`, { value: ns });
    else if (bindingNs && ns !== bindingNs) ctx.error('SB3', 'spec.subject.namespace', `invalid value: ${ns}`, { value: ns, allowed: bindingNs });
  }
  const name = str(subject.name);
  const selector = isObject(subject.selector) ? subject.selector : undefined;
  if (selector && name) ctx.error('SB2', 'spec.subject.name, spec.subject.selector', 'expected exactly one, got both');
  else if (selector) {
    const e = selectorError(selector);
    if (e) ctx.error('SB2', 'spec.subject.selector', `invalid value: ${e}`, { value: selector });
  } else if (name) {
    const errs = dns1123LabelErrors(name);
    if (errs.length) ctx.error('SB2', 'spec.subject.name', `invalid value: ${errs.join(', ')}`, { value: name });
  } else {
    ctx.error('SB2', 'spec.subject.name, spec.subject.selector', 'expected exactly one, got neither');
  }
}

export const SINK_BINDING_RULES: KindRules = {
  group: 'sources.knative.dev',
  kinds: ['SinkBinding'],
  default(obj) {
    const ns = namespaceOf(obj);
    const spec = specForDefaults(obj);
    if (!spec) return;
    if (isObject(spec.subject) && !spec.subject.namespace && ns) spec.subject.namespace = ns;
    defaultDestination(spec.sink, ns);
  },
  validate(obj, ctx) {
    const spec = isObject(obj.spec) ? obj.spec : {};
    reportSubject(ctx, isObject(spec.subject) ? spec.subject : {}, namespaceOf(obj));
    reportSourceSpec(ctx, spec, 'spec');
  },
};
