/**
 * Platforms for the delivery tests, built from components of the tests' own: a Helm chart, a
 * CRD, a controller with a validating webhook, custom resources the webhook intercepts, and
 * plain application charts.
 */
import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Phase, PlatformComponent } from '../../../lib/platform/model';

export const GROUP = 'widgets.example.org';

/** A Namespace. */
export function namespace(scope: Construct, name: string): ApiObject {
  return new ApiObject(scope, `ns-${name}`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

/** A CRD of `kind` in GROUP, namespaced, with a small structural schema. */
export function crd(scope: Construct, kind: string, options: { conversionService?: { namespace: string; name: string } } = {}): ApiObject {
  const plural = `${kind.toLowerCase()}s`;
  return new ApiObject(scope, `crd-${plural}`, {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${GROUP}` },
    spec: {
      group: GROUP,
      names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
      scope: 'Namespaced',
      versions: [{
        name: 'v1', served: true, storage: true,
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer', minimum: 0 } } } } } },
      }],
      ...(options.conversionService ? {
        conversion: { strategy: 'Webhook', webhook: { conversionReviewVersions: ['v1'], clientConfig: { service: { ...options.conversionService, path: '/convert' } } } },
      } : {}),
    },
  });
}

/** A custom resource of `kind`. */
export function widget(scope: Construct, kind: string, name: string, ns: string): ApiObject {
  return new ApiObject(scope, `cr-${kind.toLowerCase()}-${name}`, { apiVersion: `${GROUP}/v1`, kind, metadata: { name, namespace: ns }, spec: { size: 1 } });
}

/** A Deployment + Service `name` in `ns`, and a ValidatingWebhookConfiguration for `kinds` served by them. */
export function webhook(scope: Construct, name: string, ns: string, plurals: string[]): ApiObject[] {
  const labels = { app: name };
  return [
    new ApiObject(scope, `deploy-${name}`, {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: ns },
      spec: {
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: 'webhook', image: 'registry.example.org/webhook:1.0', ports: [{ containerPort: 8443 }] }] } },
      },
    }),
    new ApiObject(scope, `svc-${name}`, {
      apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns },
      spec: { selector: labels, ports: [{ port: 443, targetPort: 8443 }] },
    }),
    new ApiObject(scope, `vwc-${name}`, {
      apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: `${name}.${GROUP}` },
      webhooks: [{
        name: `${name}.${GROUP}`, admissionReviewVersions: ['v1'], sideEffects: 'None', failurePolicy: 'Fail',
        clientConfig: { service: { name, namespace: ns, path: '/validate' } },
        rules: [{ apiGroups: [GROUP], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: plurals }],
      }],
    }),
  ];
}

/** A ConfigMap. */
export function configMap(scope: Construct, name: string, ns: string, data: Record<string, string> = { key: 'value' }): ApiObject {
  return new ApiObject(scope, `cm-${name}`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data });
}

/** The platform of the tests: every kind of component once, in a realistic order. */
export function samplePlatform(app: Construct): { base: PlatformComponent; crds: PlatformComponent; controller: PlatformComponent; widgets: PlatformComponent; team: Chart } {
  const base = new PlatformComponent(app, 'istio-base', {
    phase: Phase.FOUNDATION,
    description: 'Istio CRDs',
    helm: {
      chart: { repository: 'https://istio-release.storage.googleapis.com/charts', chart: 'base', version: '1.30.3' },
      releaseName: 'istio-base', namespace: 'istio-system', values: { defaultRevision: 'default' },
    },
  });
  const crds = new PlatformComponent(app, 'widget-crds', { phase: Phase.FOUNDATION, description: 'Widget CRDs' });
  namespace(crds, 'widgets-system');
  crd(crds, 'Widget');
  const controller = new PlatformComponent(app, 'widget-controller', { phase: Phase.CONTROLLERS });
  webhook(controller, 'widget-webhook', 'widgets-system', ['widgets']);
  const widgets = new PlatformComponent(app, 'widgets', { phase: Phase.CONFIGURATION });
  widget(widgets, 'Widget', 'default-widget', 'widgets-system');
  const team = new Chart(app, 'team-a', { namespace: 'widgets-system' });
  configMap(team, 'team-a-settings', 'widgets-system');
  return { base, crds, controller, widgets, team };
}
