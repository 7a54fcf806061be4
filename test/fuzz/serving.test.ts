/**
 * Fuzz targets of the Serving constructs: KnativeService (containers, env, probes, volumes,
 * autoscaling, traffic, timeouts, security), Configuration, Route, DomainMapping and
 * ClusterDomainClaim. Every drawn prop set must end in a synth error naming a field, or in
 * valid output (see harness.ts).
 */
import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import fc from 'fast-check';
import {
  AutoscalerClass, AutoscalingProps, ClusterDomainClaim, Configuration, ContainerImage, ContainerProbe,
  ContainerSecurity, ContainerSecurityLevel, ContainerSecurityProps, DomainMapping, EmptyDirMedium,
  KnativeService, MetricAggregationAlgorithm, PortProtocol, ProbeOptions, RevisionContainerProps,
  RevisionTemplateProps, RevisionVolume, Route, ScalingMetric, SeccompProfileType, TrafficTarget, Visibility,
} from '../../lib/serving';
import { arb, fuzz } from './harness';

/** Mostly unset: with a dozen optional fields, each must rarely be set for valid output to be reached. */
const opt = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: a });

/**
 * Each case draws either clean values (mostly valid, so valid output is explored deeply) or
 * nasty ones (NaN, Infinity, 2^31, negative, fractional, sub-second, empty, huge).
 */
const either = <T>(clean: fc.Arbitrary<T>, nasty: fc.Arbitrary<T>) => (n: boolean): fc.Arbitrary<T> => (n ? fc.oneof(clean, nasty) : clean);

/** Durations a caller can build: whole and sub-second, zero, huge, NaN and infinite. */
const nastyDuration = (): fc.Arbitrary<Duration> => fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 4000 }).map((s) => Duration.seconds(s)) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 100_000 }).map((ms) => Duration.millis(ms)) },
  { weight: 1, arbitrary: fc.double({ min: 0, max: 1e6, noNaN: true }).map((s) => Duration.seconds(s)) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, 2 ** 31, 2 ** 53).map((s) => Duration.seconds(s)) },
);

const cleanDuration = fc.integer({ min: 1, max: 300 }).map((s) => Duration.seconds(s));
/** Whether the arbitraries being built draw nasty values (read while they are built, twice). */
let N = false;
const duration = (): fc.Arbitrary<Duration> => either(cleanDuration, nastyDuration())(N);
const mebibytes = (m: number): Size => Size.mebibytes(m < 0 ? -m : m);
const num = (lo: number, hi: number): fc.Arbitrary<number> => either(fc.integer({ min: lo, max: hi }), arb.number())(N);

const nastyText = (): fc.Arbitrary<string> => fc.oneof(
  { weight: 5, arbitrary: fc.stringMatching(/^[a-zA-Z0-9._/-]{1,20}$/) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'x'.repeat(300)) },
);

const text = (): fc.Arbitrary<string> => either(fc.stringMatching(/^[a-z0-9]{1,12}$/), nastyText())(N);
const name = (): fc.Arbitrary<string> => either(fc.stringMatching(/^[a-z]([a-z0-9-]{0,10}[a-z0-9])?$/), arb.name())(N);

function arbitraries() {
  const image = (): fc.Arbitrary<string | ContainerImage> => fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom('ghcr.io/lab/app:1.0', 'gcr.io/knative-samples/helloworld-go', 'nginx') },
    { weight: 1, arbitrary: text() },
    { weight: 1, arbitrary: fc.tuple(text(), text()).map(([r, t]) => ContainerImage.fromTag(r, t)) },
    { weight: 1, arbitrary: fc.tuple(text(), fc.oneof(fc.constant(`sha256:${'a'.repeat(64)}`), text())).map(([r, d]) => ContainerImage.fromDigest(r, d)) },
  );

  const probeOptions = (): fc.Arbitrary<ProbeOptions> => fc.record({
    initialDelay: opt(duration()),
    period: opt(duration()),
    timeout: opt(duration()),
    failureThreshold: opt(num(1, 10)),
    successThreshold: opt(num(1, 1)),
  }, { requiredKeys: [], noNullPrototype: true });

  const probe = (): fc.Arbitrary<ContainerProbe> => fc.oneof(
    fc.tuple(fc.oneof(fc.constant('/healthz'), text()), probeOptions(), opt(num(8080, 8080)), opt(fc.constantFrom('HTTP' as const, 'HTTPS' as const)),
      opt(fc.dictionary(fc.stringMatching(/^[A-Za-z-]{1,10}$/), text(), { maxKeys: 2, noNullPrototype: true })))
      .map(([path, o, port, scheme, headers]) => ContainerProbe.httpGet(path, { ...o, port, scheme, headers })),
    fc.tuple(probeOptions(), opt(num(8080, 8080))).map(([o, port]) => ContainerProbe.tcpSocket({ ...o, port })),
    fc.tuple(probeOptions(), opt(num(8080, 8080)), opt(text())).map(([o, port, service]) => ContainerProbe.grpc({ ...o, port, service })),
    fc.tuple(fc.array(text(), { maxLength: 3 }), probeOptions()).map(([cmd, o]) => ContainerProbe.exec(cmd, o)),
  );

  const volume = (): fc.Arbitrary<RevisionVolume> => fc.oneof(
    fc.tuple(name(), opt(fc.constantFrom(EmptyDirMedium.DEFAULT, EmptyDirMedium.MEMORY)), opt(fc.integer({ min: 1, max: 4096 })))
      .map(([name, medium, mib]) => RevisionVolume.fromEmptyDir(name, { medium, sizeLimit: mib === undefined ? undefined : Size.mebibytes(mib) })),
    fc.tuple(name(), opt(name()), opt(num(0, 0o777)), opt(fc.boolean()),
      opt(fc.dictionary(fc.stringMatching(/^[a-z.]{1,8}$/), fc.record({ path: text(), mode: opt(num(0, 0o777)) }, { requiredKeys: ['path'], noNullPrototype: true }), { maxKeys: 2, noNullPrototype: true })))
      .map(([secret, name, defaultMode, optional, items]) => RevisionVolume.fromSecret(secret, { name, defaultMode, optional, items })),
    fc.tuple(name(), opt(name())).map(([cm, name]) => RevisionVolume.fromConfigMap(cm, { name })),
    fc.tuple(name(), fc.array(name(), { maxLength: 2 }), fc.array(name(), { maxLength: 2 }),
      opt(fc.record({ path: text(), audience: opt(text()), expiration: opt(either(fc.integer({ min: 600, max: 86_400 }).map((x) => Duration.seconds(x)), nastyDuration())(N)) }, { requiredKeys: ['path'], noNullPrototype: true })), opt(num(0, 0o777)))
      .map(([name, secrets, configMaps, serviceAccountToken, defaultMode]) => RevisionVolume.fromProjected(name, { secrets, configMaps, serviceAccountToken, defaultMode })),
  );

  const security = (): fc.Arbitrary<ContainerSecurityProps> => fc.record({
    secureDefaults: opt(fc.boolean()),
    ensureNonRoot: opt(fc.boolean()),
    allowPrivilegeEscalation: opt(fc.boolean()),
    readOnlyRootFilesystem: opt(fc.boolean()),
    user: opt(fc.oneof(fc.constant(0), num(1, 65535))),
    group: opt(num(0, 65535)),
    dropCapabilities: opt(fc.array(fc.constantFrom('ALL', 'all', 'NET_RAW'), { maxLength: 2 })),
    addCapabilities: opt(fc.array(fc.constantFrom('NET_BIND_SERVICE', 'NET_ADMIN'), { maxLength: 2 })),
    seccompProfile: opt(fc.constantFrom(...Object.values(SeccompProfileType))),
    seccompLocalhostProfile: opt(text()),
  }, { requiredKeys: [], noNullPrototype: true });

  const container = (): fc.Arbitrary<RevisionContainerProps> => fc.record({
    image: image(),
    name: opt(name()),
    command: opt(fc.array(text(), { maxLength: 2 })),
    args: opt(fc.array(text(), { maxLength: 2 })),
    workingDir: opt(text()),
    env: opt(fc.dictionary(fc.oneof(fc.stringMatching(/^[A-Z_]{1,8}$/), fc.constantFrom('PORT', 'K_SERVICE'), fc.string({ maxLength: 5 })),
      fc.oneof(
        { weight: 4, arbitrary: text() },
        { weight: 1, arbitrary: text().map((t) => kplus.EnvValue.fromValue(t)) },
        { weight: 1, arbitrary: fc.constantFrom(kplus.EnvFieldPaths.POD_NAME, kplus.EnvFieldPaths.POD_NAMESPACE).map((f) => kplus.EnvValue.fromFieldRef(f)) },
      ), { maxKeys: 3, noNullPrototype: true })),
    resources: opt(fc.record({
      cpu: opt(fc.record({ request: opt(num(1, 4000).map((m) => kplus.Cpu.millis(m))), limit: opt(num(1, 4000).map((m) => kplus.Cpu.millis(m))) }, { requiredKeys: [], noNullPrototype: true })),
      // cdk8s's Size refuses negative amounts itself (a user cannot build one); NaN and Infinity it takes.
      memory: opt(fc.record({ request: opt(num(1, 4096).map(mebibytes)), limit: opt(num(1, 4096).map(mebibytes)) }, { requiredKeys: [], noNullPrototype: true })),
    }, { requiredKeys: [], noNullPrototype: true })),
    port: opt(num(1024, 9000)),
    portProtocol: opt(fc.constantFrom(PortProtocol.HTTP1, PortProtocol.H2C)),
    liveness: opt(probe()),
    readiness: opt(probe()),
    startup: opt(probe()),
    volumeMounts: opt(fc.array(fc.record({
      volume: volume(),
      path: fc.oneof(fc.stringMatching(/^\/[a-z]{1,8}$/), fc.constantFrom('/', '/dev', 'relative'), text()),
      subPath: opt(text()),
      readOnly: opt(fc.boolean()),
    }, { requiredKeys: ['volume', 'path'], noNullPrototype: true }), { maxLength: 2 })),
    securityContext: opt(security()),
  }, { requiredKeys: ['image'], noNullPrototype: true });

  const autoscaling = (): fc.Arbitrary<AutoscalingProps> => fc.record({
    autoscalerClass: opt(fc.oneof(fc.constantFrom(AutoscalerClass.KPA, AutoscalerClass.HPA), text().map((t) => AutoscalerClass.custom(t)))),
    metric: opt(fc.oneof(fc.constantFrom(ScalingMetric.CONCURRENCY, ScalingMetric.RPS, ScalingMetric.CPU, ScalingMetric.MEMORY), text().map((t) => ScalingMetric.custom(t)))),
    target: opt(num(1, 1000)),
    targetUtilizationPercentage: opt(num(1, 100)),
    minScale: opt(num(0, 3)),
    maxScale: opt(num(0, 20)),
    initialScale: opt(num(1, 3)),
    activationScale: opt(num(2, 5)),
    scaleDownDelay: opt(duration()),
    window: opt(either(fc.integer({ min: 6, max: 3600 }).map((x) => Duration.seconds(x)), nastyDuration())(N)),
    panicWindowPercentage: opt(num(1, 100)),
    panicThresholdPercentage: opt(num(110, 1000)),
    scaleToZeroPodRetentionPeriod: opt(duration()),
    targetBurstCapacity: opt(num(-1, 500)),
    metricAggregationAlgorithm: opt(fc.constantFrom(MetricAggregationAlgorithm.LINEAR, MetricAggregationAlgorithm.WEIGHTED_EXPONENTIAL)),
  }, { requiredKeys: [], noNullPrototype: true });

  const trafficTargets = (withConfiguration: boolean): fc.Arbitrary<TrafficTarget[]> => fc.oneof(
    // Valid splits: everything to one target, or a canary.
    withConfiguration
      ? name().map((c) => [TrafficTarget.configuration(c, 100)])
      : fc.constant(100).map((p) => [TrafficTarget.latestRevision(p)]),
    fc.tuple(name(), num(0, 100)).map(([stableRevision, canaryPercent]) => TrafficTarget.canary({ stableRevision, canaryPercent })),
    fc.array(fc.oneof(
      fc.tuple(num(0, 100), opt(name())).map(([p, tag]) => TrafficTarget.latestRevision(p, { tag })),
      fc.tuple(name(), num(0, 100), opt(name())).map(([r, p, tag]) => TrafficTarget.revision(r, p, { tag })),
      fc.tuple(name(), opt(name())).map(([tag, r]) => TrafficTarget.tagged(tag, r)),
      ...(withConfiguration ? [fc.tuple(name(), num(0, 100)).map(([c, p]) => TrafficTarget.configuration(c, p))] : []),
    ), { maxLength: 3 }),
  );

  const templateProps = (): fc.Arbitrary<RevisionTemplateProps> => fc.record({
    containers: fc.array(container(), { minLength: 1, maxLength: 3 }),
    // A stock cluster refuses init containers (the harness validates under stock settings), so
    // these cases end in errors; the containers' own checks still run.
    initContainers: fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.array(container(), { minLength: 1, maxLength: 2 }) }),
    revisionName: opt(name()),
    revisionLabels: opt(fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), text(), { maxKeys: 2, noNullPrototype: true })),
    revisionAnnotations: opt(fc.dictionary(fc.oneof(fc.stringMatching(/^[a-z]{1,6}$/), fc.constantFrom('autoscaling.knative.dev/min-scale', 'autoscaling.knative.dev/window')), text(), { maxKeys: 2, noNullPrototype: true })),
    autoscaling: opt(autoscaling()),
    containerConcurrency: opt(num(0, 1000)),
    timeout: opt(duration()),
    responseStartTimeout: opt(duration()),
    idleTimeout: opt(duration()),
    serviceAccount: opt(name()),
    automountServiceAccountToken: opt(fc.boolean()),
    imagePullSecrets: opt(fc.array(name(), { maxLength: 2 })),
    enableServiceLinks: opt(fc.boolean()),
  }, { requiredKeys: ['containers'], noNullPrototype: true });

  const level = (): fc.Arbitrary<ContainerSecurityLevel | undefined> => opt(fc.constantFrom(...Object.values(ContainerSecurityLevel)));
  const domain = (): fc.Arbitrary<string> => fc.oneof(
    { weight: 5, arbitrary: fc.stringMatching(/^[a-z]{1,10}(\.[a-z]{1,10}){1,3}$/) },
    { weight: 1, arbitrary: fc.constantFrom('localhost', 'a.svc.cluster.local', '', 'UPPER.example.org', `${'a'.repeat(64)}.example.org`) },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  );
  return { name, text, duration, templateProps, trafficTargets, level, domain };
}

/** Clean and nasty variants of every arbitrary, drawn half and half. */
function bothWays<T>(pick: (a: ReturnType<typeof arbitraries>) => fc.Arbitrary<T>): fc.Arbitrary<T> {
  N = false;
  const clean = pick(arbitraries());
  N = true;
  const nasty = pick(arbitraries());
  N = false;
  return fc.oneof(clean, nasty);
}

fuzz({
  name: 'KnativeService',
  arbitrary: bothWays((a) => fc.record({
    name: a.name(),
    template: a.templateProps(),
    traffic: opt(a.trafficTargets(false)),
    rolloutDuration: opt(a.duration()),
    visibility: opt(fc.constantFrom(Visibility.EXTERNAL, Visibility.CLUSTER_LOCAL)),
    level: a.level(),
  }, { noNullPrototype: true })),
  build(chart, v) {
    if (v.level) ContainerSecurity.apply(chart, { level: v.level });
    new KnativeService(chart, 'svc', { metadata: { name: v.name }, ...v.template, traffic: v.traffic, rolloutDuration: v.rolloutDuration, visibility: v.visibility });
  },
});

fuzz({
  name: 'Configuration',
  arbitrary: bothWays((a) => fc.record({ name: a.name(), template: a.templateProps(), level: a.level() }, { noNullPrototype: true })),
  build(chart, v) {
    if (v.level) ContainerSecurity.apply(chart, { level: v.level });
    new Configuration(chart, 'cfg', { metadata: { name: v.name }, ...v.template });
  },
});

fuzz({
  name: 'Route',
  arbitrary: bothWays((a) => fc.record({
    name: a.name(),
    traffic: a.trafficTargets(true),
    rolloutDuration: opt(a.duration()),
    visibility: opt(fc.constantFrom(Visibility.EXTERNAL, Visibility.CLUSTER_LOCAL)),
  }, { noNullPrototype: true })),
  build(chart, v) {
    new Route(chart, 'route', { metadata: { name: v.name }, traffic: v.traffic, rolloutDuration: v.rolloutDuration, visibility: v.visibility });
  },
});


fuzz({
  name: 'DomainMapping',
  arbitrary: bothWays((a) => fc.record({
    domain: a.domain(),
    service: a.name(),
    namespace: opt(a.name()),
    tlsSecret: opt(a.name()),
    createClaim: opt(fc.boolean()),
    toService: fc.boolean(),
  }, { noNullPrototype: true })),
  build(chart, v) {
    const ref = v.toService
      ? new KnativeService(chart, 'svc', { metadata: { name: v.service }, containers: [{ image: 'ghcr.io/lab/app:1.0' }] })
      : { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: v.service };
    new DomainMapping(chart, 'dm', { domain: v.domain, ref, namespace: v.namespace, tlsSecret: v.tlsSecret, createClaim: v.createClaim });
  },
});

fuzz({
  name: 'ClusterDomainClaim',
  arbitrary: bothWays((a) => fc.record({
    domain: a.domain(),
    namespace: a.name(),
    labels: opt(fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), a.text(), { maxKeys: 2, noNullPrototype: true })),
  }, { noNullPrototype: true })),
  build(chart, v) {
    new ClusterDomainClaim(chart, 'claim', { domain: v.domain, namespace: v.namespace, metadata: { labels: v.labels } });
  },
});
