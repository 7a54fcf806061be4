/**
 * Update-only serving rules, run when the previously deployed manifest is given: they compare
 * it with the new one, both after defaulting (the webhook compares the stored object, defaulted
 * when it was written, with the defaulted update).
 *
 * S-M8 / D5 the `serving.knative.dev/creator` annotation is immutable (knative.dev/pkg
 * apis.ValidateCreatorAndModifier). Service and DomainMapping always; Route and Configuration
 * only when they have no ownerReferences (those owned by a Service are the controller's).
 * Knative's defaulting webhook writes the requesting user into this annotation when the object
 * is created, so a manifest that sets it at all will usually be refused on update; this check
 * sees only what changes between the two manifests.
 *
 * S-T4 with a BYO revision name: if `spec.template.metadata.name` is set and unchanged, the
 * rest of the template must be unchanged too (RevisionTemplateSpec.VerifyNameChange).
 *
 * Not checked: S-M9 (lastModifier may change only with the spec: the webhook compares it with
 * the requesting user, whom a manifest validator does not know).
 */
import { RuleContext } from '../../types';
import { shortDiff } from '../diff';
import { Obj, isObj, strMap, withDetails } from './util';

const CREATOR = 'serving.knative.dev/creator';

function creatorChange(previous: Obj, current: Obj): { before: string; after: string } | undefined {
  const before = strMap(previous.metadata?.annotations)[CREATOR] ?? '';
  const after = strMap(current.metadata?.annotations)[CREATOR] ?? '';
  return before === after ? undefined : { before, after };
}

function creatorExtra(c: { before: string; after: string }): { value: string; allowed: string } {
  return { value: c.after, allowed: c.before ? `${JSON.stringify(c.before)} (the creator may not change)` : 'no creator annotation (Knative sets it)' };
}

/** Whether the object has ownerReferences; Go's nil check, and the API server drops an empty list. */
function hasOwners(obj: Obj): boolean {
  const refs = isObj(obj.metadata) ? obj.metadata.ownerReferences : undefined;
  return Array.isArray(refs) && refs.length > 0;
}

/** S-M8 for Service, Route and Configuration. */
export function validateCreatorUpdate(previous: Obj, current: Obj, ctx: RuleContext): void {
  if (current.kind !== 'Service' && hasOwners(current)) return;
  const change = creatorChange(previous, current);
  if (change) ctx.error('S-M8', `metadata.annotations.${CREATOR}`, 'annotation value is immutable', creatorExtra(change));
}

/** D5: the creator rule of S-M8 for DomainMapping. */
export function validateDomainMappingUpdate(previous: Obj, current: Obj, ctx: RuleContext): void {
  const change = creatorChange(previous, current);
  if (change) ctx.error('D5', `metadata.annotations.${CREATOR}`, 'annotation value is immutable', creatorExtra(change));
}

/** S-T4 for Service and Configuration. */
export function validateTemplateNameChange(previous: Obj, current: Obj, ctx: RuleContext): void {
  const before = isObj(previous.spec) ? previous.spec.template : undefined;
  const after = isObj(current.spec) ? current.spec.template : undefined;
  const name = isObj(after) && isObj(after.metadata) && typeof after.metadata.name === 'string' ? after.metadata.name : '';
  if (!name) return;
  const previousName = isObj(before) && isObj(before.metadata) ? before.metadata.name : undefined;
  if (name !== previousName) return;
  const diff = shortDiff(before, after, 'spec.template');
  if (diff) {
    ctx.error('S-T4', 'spec.template.metadata.name', withDetails('Saw the following changes without a name change (-old +new)', diff), {
      value: name, allowed: 'a new spec.template.metadata.name with every template change (or none, to let Knative name revisions)',
    });
  }
}
