/**
 * Sequence and Parallel (flows.knative.dev/v1).
 *
 * SQ1 steps is non-empty; SQ2 an invalid step (its Destination or its delivery) is reported by
 * index with the step printed, as SequenceStep.Validate folds both into one error; SQ3 channelTemplate (defaulted) has apiVersion and kind;
 * SQ4 reply is an optional Destination (E-D ids). PA1 branches is non-empty; PA2 each branch has
 * a valid subscriber, and a valid filter and reply when set, reported by index with the branch
 * printed; PA3 channelTemplate; PA4 reply (E-D ids); PA5 each branch's delivery passes the
 * Subscription delivery checks (E-V1..E-V7): the Parallel webhook does not look at it, but the
 * controller copies it into the Subscription it creates for the branch, which the Subscription
 * webhook refuses, so the Parallel never becomes ready. Reported with the E-V message and the
 * id of the Subscription rule it fails.
 */
import { KindRules, RuleContext } from '../../types';
import { isObject, namespaceOf, specForDefaults } from './common';
import { defaultDelivery, reportDelivery } from './delivery';
import { defaultDestination, reportDestination, reportOptionalDestination } from './destination';
import { defaultChannelTemplate, reportChannelTemplate } from './messaging';

/** Runs checks silently: do they find anything? (Knative reports these by index, not by field.) */
function anyError(ctx: RuleContext, check: (probe: RuleContext) => void): boolean {
  let found = false;
  check({ settings: ctx.settings, error: () => { found = true; }, warn: () => undefined });
  return found;
}

function destinationInvalid(ctx: RuleContext, dest: unknown, optional: boolean): boolean {
  return anyError(ctx, (probe) => (optional ? reportOptionalDestination : reportDestination)(probe, dest, ''));
}

export const SEQUENCE_RULES: KindRules = {
  group: 'flows.knative.dev',
  kinds: ['Sequence'],
  default(obj, settings) {
    const ns = namespaceOf(obj);
    const spec = specForDefaults(obj);
    if (!spec) return;
    // Upstream looks the template up under the webhook's parent, which is unset here: the
    // cluster default, never a namespace default (sequence_defaults.go, parallel_defaults.go).
    defaultChannelTemplate(obj.spec, settings, '');
    for (const step of Array.isArray(spec.steps) ? spec.steps : []) {
      defaultDestination(step, ns);
      if (isObject(step)) defaultDelivery(step.delivery, ns);
    }
    defaultDestination(spec.reply, ns);
  },
  validate(obj, ctx) {
    const spec = isObject(obj.spec) ? obj.spec : {};
    const steps = Array.isArray(spec.steps) ? spec.steps : [];
    if (steps.length === 0) ctx.error('SQ1', 'spec.steps', 'missing field(s)');
    steps.forEach((step: unknown, i: number) => {
      const invalid = anyError(ctx, (probe) => {
        reportDestination(probe, step, '');
        if (isObject(step)) reportDelivery(probe, step.delivery, 'delivery');
      });
      if (invalid) {
        ctx.error('SQ2', `spec.steps[${i}]`, `invalid value: ${JSON.stringify(step)}`, {
          value: step, allowed: 'a Destination (ref, or an absolute uri) with a valid delivery',
        });
      }
    });
    reportChannelTemplate('SQ3', ctx, spec.channelTemplate);
    reportOptionalDestination(ctx, spec.reply, 'spec.reply');
  },
};

export const PARALLEL_RULES: KindRules = {
  group: 'flows.knative.dev',
  kinds: ['Parallel'],
  default(obj, settings) {
    const ns = namespaceOf(obj);
    const spec = specForDefaults(obj);
    if (!spec) return;
    // Upstream looks the template up under the webhook's parent, which is unset here: the
    // cluster default, never a namespace default (sequence_defaults.go, parallel_defaults.go).
    defaultChannelTemplate(obj.spec, settings, '');
    for (const branch of Array.isArray(spec.branches) ? spec.branches : []) {
      if (!isObject(branch)) continue;
      defaultDestination(branch.subscriber, ns);
      defaultDestination(branch.filter, ns);
      defaultDestination(branch.reply, ns);
      defaultDelivery(branch.delivery, ns);
    }
    defaultDestination(spec.reply, ns);
  },
  validate(obj, ctx) {
    const spec = isObject(obj.spec) ? obj.spec : {};
    const branches = Array.isArray(spec.branches) ? spec.branches : [];
    if (branches.length === 0) ctx.error('PA1', 'spec.branches', 'missing field(s)');
    branches.forEach((b: unknown, i: number) => {
      const branch = isObject(b) ? b : {};
      for (const [part, optional] of [['filter', true], ['subscriber', false], ['reply', true]] as const) {
        if (destinationInvalid(ctx, branch[part], optional)) {
          ctx.error('PA2', `spec.branches.${part}[${i}]`, `invalid value: ${JSON.stringify(b)}`, { value: b, allowed: `a valid ${part} Destination` });
        }
      }
      const forward = (id: string, message: string) => `${message} (the Subscription the Parallel controller creates for branch ${i} would be refused: ${id})`;
      reportDelivery({
        settings: ctx.settings,
        error: (id, field, message, extra) => ctx.error('PA5', field, forward(id, message), extra),
        warn: (id, field, message, extra) => ctx.warn('PA5', field, forward(id, message), extra),
      }, branch.delivery, `spec.branches[${i}].delivery`);
    });
    reportChannelTemplate('PA3', ctx, spec.channelTemplate);
    reportOptionalDestination(ctx, spec.reply, 'spec.reply');
  },
};
