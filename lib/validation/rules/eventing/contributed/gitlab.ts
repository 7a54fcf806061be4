/**
 * GitLabSource (knative-extensions/eventing-gitlab, sources.knative.dev/v1alpha1).
 *
 * Its webhook (pkg/apis/sources/v1alpha1/gitlabsource_validation.go) checks only the sink:
 * GL1 sink follows the Destination rules (reported with the E-D ids). Everything else
 * (projectUrl, eventTypes, tokens) is left to the CRD schema.
 */
import { KindRules } from '../../../types';
import { isObject, namespaceOf } from '../common';
import { defaultDestination, reportOptionalDestination } from '../destination';

export const GITLAB_SOURCE_RULES: KindRules = {
  group: 'sources.knative.dev',
  kinds: ['GitLabSource'],
  default(obj) {
    defaultDestination(obj.spec?.sink, namespaceOf(obj));
  },
  validate(obj, ctx) {
    // A nil *Destination validates clean upstream; the CRD schema requires sink.
    reportOptionalDestination(ctx, isObject(obj.spec) ? obj.spec.sink : undefined, 'spec.sink');
  },
};
