/** Shared set-up of the KnativeInstall tests. */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { WarningPolicy } from '../../../lib/core/report';
import { IMeshInstall, Phase, PlatformComponent } from '../../../lib/platform/model';
import { KnativeInstall, KnativeInstallProps } from '../../../lib/platform/knative';

/** The committed fixture: a few trimmed documents of each Knative 1.23 release file. */
export const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'knative-release');
/** The real Knative 1.23 release files, when the shared folder is there. */
export const SHARED = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'manifests', 'knative');
export const HAVE_SHARED = fs.existsSync(path.join(SHARED, 'serving', '1.23.0', '2-serving-core.yaml'));

/** A mesh as IstioInstall describes one; `readyComponents` made on demand in the app. */
export function mesh(app: App, over: Partial<IMeshInstall> = {}): IMeshInstall {
  const istiod = new PlatformComponent(app, 'istiod', { phase: Phase.CONTROLLERS });
  const gateway = new PlatformComponent(app, 'istio-ingress', { phase: Phase.CONTROLLERS });
  const policy = new PlatformComponent(app, 'istio-policy', { phase: Phase.CONFIGURATION });
  return {
    ingressGatewaySelector: { istio: 'ingressgateway' },
    ingressGatewayNamespace: 'istio-system',
    ingressGatewayService: 'istio-ingressgateway',
    strictMtls: false,
    settings: {},
    readyComponents: [istiod, gateway, policy],
    ...over,
  };
}

/** An app that does not print warnings. */
export function quietApp(): App {
  const app = new App({ outdir: fs.mkdtempSync(path.join(require('os').tmpdir(), 'knative-install-')) });
  WarningPolicy.apply(app, { printWarnings: false });
  return app;
}

/** The objects of one component, as synthesized. */
export function objectsOf(c: Chart): any[] {
  return c.toJson() as any[];
}

/** All objects the install renders, in component order. */
export function allObjects(install: KnativeInstall): any[] {
  return install.components.flatMap((c) => objectsOf(c));
}

/** The component of an install by id. */
export function component(install: KnativeInstall, id: string): PlatformComponent {
  const c = install.components.find((x) => x.componentName === id);
  if (!c) throw new Error(`no component ${id}; have ${install.components.map((x) => x.componentName).join(', ')}`);
  return c;
}

/** Finds one object. */
export function find(objects: any[], kind: string, name: string, namespace?: string): any {
  const o = objects.find((x) => x.kind === kind && x.metadata?.name === name && (namespace === undefined || x.metadata?.namespace === namespace));
  if (!o) throw new Error(`no ${kind} ${namespace ?? ''}/${name}`);
  return o;
}

/** Builds an install in a fresh app. */
export function install(props: KnativeInstallProps, app = quietApp()): { app: App; install: KnativeInstall } {
  return { app, install: new KnativeInstall(app, 'knative', props) };
}

/** The YAML documents of a synth. */
export function synthDocs(app: App): any[] {
  return parseAllDocuments(app.synthYaml()).map((d) => d.toJS()).filter(Boolean);
}
