/** Valid serving objects that the tests break one thing at a time. */
import { ClusterSettingsProps } from '../../../../lib/core/cluster-settings';
import { byRule, findings } from '../../../helpers';

/** A container that also satisfies the insecure-default warnings. */
export const CONTAINER = {
  image: 'ghcr.io/knative/helloworld-go:1.0',
  ports: [{ containerPort: 8080 }],
  securityContext: {
    runAsNonRoot: true, allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' }, capabilities: { drop: ['ALL'] },
  },
};

export const SERVICE = {
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Service',
  metadata: { name: 'hello', namespace: 'default' },
  spec: {
    template: {
      metadata: { annotations: { 'autoscaling.knative.dev/min-scale': '1' } },
      spec: { containers: [CONTAINER] },
    },
  },
};

export const ROUTE = {
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Route',
  metadata: { name: 'hello', namespace: 'default' },
  spec: { traffic: [{ configurationName: 'hello', percent: 100 }] },
};

export const CONFIGURATION = {
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Configuration',
  metadata: { name: 'hello', namespace: 'default' },
  spec: { template: { spec: { containers: [CONTAINER] } } },
};

export const REVISION = {
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Revision',
  metadata: { name: 'hello-00001', namespace: 'default' },
  spec: { containers: [CONTAINER] },
};

export const DOMAIN_MAPPING = {
  apiVersion: 'serving.knative.dev/v1beta1',
  kind: 'DomainMapping',
  metadata: { name: 'hello.example.com', namespace: 'default' },
  spec: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'hello' } },
};

/** The one finding of `rule` for `obj`, failing when there is not exactly one. */
export function only(obj: unknown, rule: string, settings?: ClusterSettingsProps) {
  const found = byRule(obj, rule, settings);
  expect(found).toHaveLength(1);
  return found[0];
}

/** All error findings, for "this is accepted" assertions. */
export function errorsOf(obj: unknown, settings?: ClusterSettingsProps) {
  return findings(obj, settings).filter((f) => f.severity === 'error');
}

/** The template's pod spec of a (mutable) Service variant. */
export function pod(o: any): any {
  return o.spec.template.spec;
}

/** The first container of a (mutable) Service variant. */
export function ctr(o: any): any {
  return o.spec.template.spec.containers[0];
}

/** The template annotations of a (mutable) Service variant. */
export function ann(o: any): Record<string, string> {
  return o.spec.template.metadata.annotations;
}
