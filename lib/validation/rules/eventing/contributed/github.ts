/**
 * GitHubSource (knative-extensions/eventing-github, sources.knative.dev/v1alpha1).
 *
 * The upstream validation source could not be retrieved for this release; the CRD and the
 * sibling GitLab source state the same contract, which is implemented: GH1 sink follows the
 * Destination rules (reported with the E-D ids). ownerAndRepository, eventTypes and the tokens
 * are required by the CRD schema.
 */
import { KindRules } from '../../../types';
import { isObject, namespaceOf } from '../common';
import { defaultDestination, reportOptionalDestination } from '../destination';

export const GITHUB_SOURCE_RULES: KindRules = {
  group: 'sources.knative.dev',
  kinds: ['GitHubSource'],
  default(obj) {
    defaultDestination(obj.spec?.sink, namespaceOf(obj));
  },
  validate(obj, ctx) {
    reportOptionalDestination(ctx, isObject(obj.spec) ? obj.spec.sink : undefined, 'spec.sink');
  },
};
