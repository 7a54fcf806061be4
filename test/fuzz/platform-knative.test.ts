/**
 * KnativeInstall under random props: both modes (release mode on the committed fixture), with
 * and without a mesh, random settings, install options and replicas, nasty values included.
 * Each case ends in a synth error naming the install and a field, or in output the strict
 * validator accepts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Duration } from 'cdk8s';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { ClusterSettingsProps, EVENTING_FEATURE_FLAGS, SERVING_FEATURE_FLAGS } from '../../lib/core/cluster-settings';
import { KnativeInstall, KnativeInstallMode, KnativeInstallProps } from '../../lib/platform/knative';
import { IMeshInstall, Phase, PlatformComponent } from '../../lib/platform/model';
import { registerCrd } from '../../lib/validation/schema/crd-store';
import { arb, fuzz } from './harness';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'knative-release');
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
const rec = <T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }) => fc.record(model, { requiredKeys: [], noNullPrototype: true });
const state = fc.constantFrom('Enabled' as const, 'Disabled' as const, 'Allowed' as const);
const duration = () => fc.oneof(
  fc.integer({ min: 0, max: 200_000 }).map((s) => Duration.seconds(s)),
  fc.constantFrom(Duration.millis(1500), Duration.seconds(NaN), Duration.seconds(Infinity), Duration.seconds(0), Duration.hours(48)),
);
const quantity = () => fc.constantFrom('25m', '1', '400Mi', '1.5Gi', 'lots', '', '-1');

const serving: fc.Arbitrary<NonNullable<ClusterSettingsProps['serving']>> = rec({
  features: opt(fc.dictionary(fc.constantFrom(...SERVING_FEATURE_FLAGS), state, { maxKeys: 3, noNullPrototype: true })),
  securePodDefaults: opt(fc.constantFrom('Disabled' as const, 'Enabled' as const, 'AllowRootBounded' as const)),
  autoscaler: opt(rec({ initialScale: opt(arb.number()), maxScale: opt(arb.number()), maxScaleLimit: opt(arb.number()), stableWindow: opt(fc.constantFrom('60s', '5s', '1m30s', 'soon')), podAutoscalerClass: opt(fc.constantFrom('kpa.autoscaling.knative.dev', 'hpa.autoscaling.knative.dev')) })),
  network: opt(rec({
    ingressClass: opt(fc.constantFrom('istio.ingress.networking.knative.dev', 'kourier.ingress.networking.knative.dev')), externalDomainTls: opt(fc.boolean()),
    httpProtocol: opt(fc.constantFrom('Enabled' as const, 'Redirected' as const)), defaultExternalScheme: opt(fc.constantFrom('http', 'https')),
    autocreateClusterDomainClaims: opt(fc.boolean()), clusterDomain: opt(fc.constantFrom('cluster.local', 'k8s.example')), rolloutDurationSeconds: opt(arb.number()),
  })),
  domains: opt(fc.dictionary(fc.constantFrom('example.org', 'fn.example.org'), rec({ selector: opt(fc.dictionary(fc.constantFrom('team', 'app'), fc.string({ maxLength: 6 }), { maxKeys: 2, noNullPrototype: true })) }), { maxKeys: 2, noNullPrototype: true })),
  defaults: opt(rec({ revisionTimeoutSeconds: opt(arb.number()), maxRevisionTimeoutSeconds: opt(arb.number()) })),
});
const eventing: fc.Arbitrary<NonNullable<ClusterSettingsProps['eventing']>> = rec({
  features: opt(fc.dictionary(fc.constantFrom(...EVENTING_FEATURE_FLAGS), state, { maxKeys: 3, noNullPrototype: true })),
  defaultBrokerClass: opt(fc.constantFrom('MTChannelBasedBroker', 'Kafka', '')),
  pingDataMaxSize: opt(arb.number()),
});

interface Case {
  readonly mode: 'operator' | 'release' | 'kustomize';
  readonly version?: string;
  readonly postInstallJobs?: 'named' | 'omit';
  readonly mesh?: { readonly selector: Record<string, string>; readonly namespace: string; readonly strictMtls: boolean };
  readonly props: Omit<KnativeInstallProps, 'mode' | 'mesh'>;
}

const arbitrary: fc.Arbitrary<Case> = fc.record({
  mode: fc.oneof({ weight: 3, arbitrary: fc.constant('operator' as const) }, { weight: 1, arbitrary: fc.constant('release' as const) }, { weight: 1, arbitrary: fc.constant('kustomize' as const) }),
  version: opt(fc.constantFrom('1.23.0', '1.23', 'latest', 'v1.23.0', '1.22', '1.19.0', '1', 'one', '')),
  postInstallJobs: opt(fc.constantFrom('named' as const, 'omit' as const)),
  mesh: opt(fc.record({
    selector: fc.dictionary(fc.constantFrom('istio', 'app'), fc.constantFrom('ingressgateway', 'edge', ''), { maxKeys: 2, noNullPrototype: true }),
    namespace: fc.oneof(fc.constant('istio-system'), arb.name()),
    strictMtls: fc.boolean(),
  }, { noNullPrototype: true })),
  props: rec({
    serving: opt(serving),
    eventing: opt(eventing),
    highAvailability: opt(fc.record({ replicas: arb.number() }, { noNullPrototype: true })),
    servingInstall: opt(rec({
      deployment: opt(rec({
        registriesSkippingTagResolving: opt(fc.array(fc.constantFrom('kind.local', 'registry.example.org', 'a,b', '', 'x y'), { maxLength: 3 })),
        digestResolutionTimeout: opt(duration()), progressDeadline: opt(duration()),
        queueSidecar: opt(rec({ cpuRequest: opt(quantity()), memoryLimit: opt(quantity()) })),
      })),
      certManager: opt(rec({ issuerRef: opt(fc.record({ kind: fc.constantFrom('ClusterIssuer' as const, 'Issuer' as const), name: arb.name() }, { noNullPrototype: true })) })),
      gc: opt(rec({
        retainSinceCreateTime: opt(fc.oneof(duration(), fc.constant('disabled' as const))), minNonActiveRevisions: opt(arb.number()),
        maxNonActiveRevisions: opt(fc.oneof(arb.number(), fc.constant('disabled' as const))),
      })),
      hpaAutoscaler: opt(fc.boolean()),
    })),
    eventingInstall: opt(rec({
      brokerChannel: opt(fc.record({ apiVersion: fc.constantFrom('messaging.knative.dev/v1', ''), kind: fc.constantFrom('InMemoryChannel', 'KafkaChannel', '') }, { noNullPrototype: true })),
      inMemoryChannel: opt(fc.boolean()), mtChannelBroker: opt(fc.boolean()),
    })),
  }),
}, { requiredKeys: ['mode', 'props'], noNullPrototype: true });

// The harness validates strictly; the caching Image's CRD comes with the release (as validateFiles
// and the CLI register CRDs found among their inputs), so the fixture's copy is registered here.
const fixtureCrds = parseAllDocuments(fs.readFileSync(path.join(FIXTURE, 'serving-core.yaml'), 'utf8')).map((d) => d.toJS());
for (const crd of fixtureCrds) if (crd?.metadata?.name === 'images.caching.internal.knative.dev') registerCrd(crd);

describe('KnativeInstall', () => {
  fuzz({
    name: 'KnativeInstall',
    arbitrary,
    build(chart: Chart, c: Case) {
      const app = chart.node.scope as App;
      let mesh: IMeshInstall | undefined;
      if (c.mesh) {
        const ready = [new PlatformComponent(app, 'istiod', { phase: Phase.CONTROLLERS })];
        mesh = { ingressGatewaySelector: c.mesh.selector, ingressGatewayNamespace: c.mesh.namespace, ingressGatewayService: 'istio-ingressgateway', strictMtls: c.mesh.strictMtls, settings: {}, readyComponents: ready };
      }
      const mode = c.mode === 'operator' ? KnativeInstallMode.operator({ version: c.version })
        : c.mode === 'kustomize' ? KnativeInstallMode.kustomize({ version: c.version })
          : KnativeInstallMode.releaseManifests({ from: FIXTURE, postInstallJobs: c.postInstallJobs });
      const install = new KnativeInstall(app, 'knative', { mode, mesh, ...c.props });
      // The kustomize form is files, not objects: each must be YAML without null, NaN or undefined.
      for (const [file, text] of Object.entries(install.kustomization ?? {})) {
        if (/(^|[\s:-])(\.nan|[-+]?\.inf|undefined|null)$/im.test(text)) throw new Error(`${file} holds a value no Kubernetes field wants:\n${text}`);
        parseAllDocuments(text).forEach((d) => { if (d.errors.length) throw new Error(`${file}: ${d.errors[0].message}`); });
      }
    },
  });
});
