/**
 * The typed props of IstioInstall: what matters for a Knative platform in Istio's three Helm
 * charts (`base`, `istiod`, `gateway`), named after the chart values they set. Everything else is
 * reachable through `valuesOverrides`.
 */
import * as kplus from 'cdk8s-plus-27';

/** `meshConfig.outboundTrafficPolicy.mode`: what sidecars do with traffic to unknown hosts. */
export type IstioOutboundTrafficPolicy = 'ALLOW_ANY' | 'REGISTRY_ONLY';

/** `meshConfig.accessLogEncoding`. */
export type IstioAccessLogEncoding = 'TEXT' | 'JSON';

/** `service.externalTrafficPolicy` of the ingress gateway's Service. */
export type IstioExternalTrafficPolicy = 'Cluster' | 'Local';

/** Mesh-wide settings: the istiod chart's `meshConfig` (MeshConfig of istio.io/api). */
export interface IstioMeshConfigProps {
  /**
   * `outboundTrafficPolicy.mode`: `ALLOW_ANY` lets sidecars pass traffic to hosts the mesh does
   * not know; `REGISTRY_ONLY` blocks it unless a ServiceEntry declares the host. The validator
   * reads it (IMeshInstall.settings) to warn about egress that would be blocked.
   * @default 'ALLOW_ANY' (Istio's default)
   */
  readonly outboundTrafficPolicy?: IstioOutboundTrafficPolicy;
  /**
   * `accessLogFile`: where Envoy writes access logs, `/dev/stdout` for the container log.
   * @default - no access log (Istio's default)
   */
  readonly accessLogFile?: string;
  /**
   * `accessLogEncoding`: the format of the access log lines.
   * @default 'TEXT' (Istio's default)
   */
  readonly accessLogEncoding?: IstioAccessLogEncoding;
  /**
   * `accessLogFormat`: a custom Envoy format string (`%START_TIME% %REQ(:METHOD)%`...).
   * @default - Istio's default format
   */
  readonly accessLogFormat?: string;
  /**
   * `defaultConfig.holdApplicationUntilProxyStarts`: start the application container only
   * once the sidecar is ready, so it never runs without network (useful for functions that call
   * out on start).
   * @default false (Istio's default)
   */
  readonly holdApplicationUntilProxyStarts?: boolean;
  /**
   * `trustDomain`: the SPIFFE trust domain of the mesh's workload identities
   * (`spiffe://<trustDomain>/ns/<ns>/sa/<sa>`). Dot-separated DNS-1123 labels.
   * @default 'cluster.local' (Istio's default)
   */
  readonly trustDomain?: string;
}

/** A PodDisruptionBudget; set one of the two fields. */
export interface IstioPodDisruptionBudgetProps {
  /** `minAvailable`: pods that must stay up during voluntary disruptions. @default - the chart's default */
  readonly minAvailable?: number;
  /** `maxUnavailable`: pods that may be down during voluntary disruptions. @default - the chart's default */
  readonly maxUnavailable?: number;
}

/** The control plane (istiod chart). */
export interface IstioPilotProps {
  /**
   * A fixed number of istiod replicas (`replicaCount`); turns autoscaling off.
   * @default - autoscaled between autoscaleMin and autoscaleMax
   */
  readonly replicas?: number;
  /**
   * `autoscaleEnabled`: a HorizontalPodAutoscaler scales istiod on CPU.
   * @default - true, unless `replicas` is set
   */
  readonly autoscaleEnabled?: boolean;
  /** `autoscaleMin`: the fewest replicas the autoscaler keeps. @default 1 */
  readonly autoscaleMin?: number;
  /** `autoscaleMax`: the most replicas the autoscaler starts. @default 5 */
  readonly autoscaleMax?: number;
  /** `cpu.targetAverageUtilization`: the CPU utilization (percent of the request) the autoscaler aims at. @default 80 */
  readonly cpuTargetUtilization?: number;
  /**
   * `resources` of the discovery container. Only the requests/limits set here replace the
   * chart's (requests 500m CPU and 2048Mi memory, no limits).
   * @default - the chart's
   */
  readonly resources?: kplus.ContainerResources;
  /**
   * `global.defaultPodDisruptionBudget.enabled`: a PodDisruptionBudget for istiod. The chart
   * creates it only while istiod runs more than one replica (replicas or autoscaleMin > 1).
   * @default true
   */
  readonly podDisruptionBudget?: boolean;
  /**
   * `pdb`: the budget (the chart ignores 0, so both fields take integers from 1).
   * @default - minAvailable 1
   */
  readonly podDisruptionBudgetSpec?: IstioPodDisruptionBudgetProps;
  /**
   * `global.proxy.resources`: the resources of every injected sidecar. Only the
   * requests/limits set here replace the chart's (requests 100m/128Mi, limits 2000m/1024Mi).
   * @default - the chart's
   */
  readonly proxyResources?: kplus.ContainerResources;
}

/**
 * The ingress gateway (gateway chart), released as `istio-ingressgateway` in `istio-system`, so
 * its pods carry `istio: ingressgateway`, the label Knative net-istio's Gateways select.
 */
export interface IstioIngressGatewayProps {
  /**
   * `service.type`: how the gateway is reached from outside the cluster. ExternalName is not a
   * gateway Service.
   * @default kplus.ServiceType.LOAD_BALANCER
   */
  readonly serviceType?: kplus.ServiceType;
  /**
   * `service.loadBalancerIP`: the address the cloud's load balancer takes (a floating IP on
   * OpenStack Octavia). Only with `ServiceType.LOAD_BALANCER`.
   * @default - the cloud assigns one
   */
  readonly loadBalancerIp?: string;
  /**
   * `service.loadBalancerClass`: which load balancer implementation serves the Service. Only
   * with `ServiceType.LOAD_BALANCER`.
   * @default - the cluster's default implementation
   */
  readonly loadBalancerClass?: string;
  /**
   * `service.loadBalancerSourceRanges`: client CIDRs the load balancer admits. Only with
   * `ServiceType.LOAD_BALANCER`.
   * @default - every client
   */
  readonly loadBalancerSourceRanges?: readonly string[];
  /**
   * `service.externalTrafficPolicy`: `Local` keeps the client's source IP (and only routes to
   * nodes running a gateway pod); `Cluster` spreads over all nodes. Only with NodePort or
   * LoadBalancer Services.
   * @default - Kubernetes' default, Cluster
   */
  readonly externalTrafficPolicy?: IstioExternalTrafficPolicy;
  /**
   * `service.annotations`: annotations of the gateway Service, for the cloud's load balancer
   * (`loadbalancer.openstack.org/...`, `service.beta.kubernetes.io/...`).
   * @default - none
   */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
  /**
   * A fixed number of gateway replicas (`replicaCount`); turns autoscaling off.
   * @default - autoscaled between autoscaleMin and autoscaleMax
   */
  readonly replicas?: number;
  /**
   * `autoscaling.enabled`: a HorizontalPodAutoscaler scales the gateway on CPU.
   * @default - true, unless `replicas` is set
   */
  readonly autoscaleEnabled?: boolean;
  /** `autoscaling.minReplicas`. @default 1 */
  readonly autoscaleMin?: number;
  /** `autoscaling.maxReplicas`. @default 5 */
  readonly autoscaleMax?: number;
  /** `autoscaling.targetCPUUtilizationPercentage`. @default 80 */
  readonly cpuTargetUtilization?: number;
  /**
   * `resources` of the gateway's proxy. Only the requests/limits set here replace the chart's
   * (requests 100m/128Mi, limits 2000m/1024Mi).
   * @default - the chart's
   */
  readonly resources?: kplus.ContainerResources;
  /**
   * `podDisruptionBudget`: the chart creates it only while the gateway runs more than one
   * replica (replicas or autoscaleMin > 1).
   * @default - no PodDisruptionBudget (the chart's default)
   */
  readonly podDisruptionBudget?: IstioPodDisruptionBudgetProps;
}

/**
 * Raw values per chart, deep-merged over the values IstioInstall renders (maps merge key by key,
 * everything else replaces; a `null` removes a chart default, as in Helm). They are not
 * checked beyond being JSON (and, for the gateway chart, having top-level keys its
 * values.schema.json allows): prefer the typed props.
 */
export interface IstioValuesOverridesProps {
  /** Values of the `base` chart. @default - none */
  readonly base?: Readonly<Record<string, unknown>>;
  /** Values of the `istiod` chart. @default - none */
  readonly istiod?: Readonly<Record<string, unknown>>;
  /** Values of the `gateway` chart. @default - none */
  readonly gateway?: Readonly<Record<string, unknown>>;
}

/** Options of IstioInstall. */
export interface IstioInstallProps {
  /**
   * The Istio version, which is also the version of each chart. The validator checks Istio
   * 1.30's APIs, so another minor version is a warning.
   * @default '1.30.3'
   */
  readonly version?: string;
  /**
   * The control plane revision (`revision`): istiod is named `istiod-<revision>`, sidecars are
   * injected in namespaces labelled `istio.io/rev=<revision>` (see `sidecarInjectionLabels`),
   * and the base chart's default validation points at it. A DNS-1123 label; `default` is
   * reserved by Istio for the unrevisioned control plane.
   * @default - no revision: istiod, and `istio-injection=enabled` namespaces
   */
  readonly revision?: string;
  /**
   * The Helm repository the charts are pulled from at install time (a mirror for air-gapped
   * clusters, or `oci://registry.istio.io/release/charts`).
   * @default 'https://istio-release.storage.googleapis.com/charts'
   */
  readonly chartRepository?: string;
  /** Mesh-wide settings (istiod chart `meshConfig`). @default - Istio's defaults */
  readonly meshConfig?: IstioMeshConfigProps;
  /** The control plane's scaling and resources. @default - the chart's defaults */
  readonly pilot?: IstioPilotProps;
  /** The ingress gateway's Service, scaling and resources. @default - the chart's defaults */
  readonly ingressGateway?: IstioIngressGatewayProps;
  /**
   * A mesh-wide PeerAuthentication `default` with mode STRICT in the root namespace: sidecars
   * accept only mutual TLS. Workloads receiving traffic from outside the mesh (webhooks called
   * by the API server, scrapers without sidecars) then need their own PERMISSIVE policy, and
   * Knative's namespaces need sidecars. Off by default, as in Istio (PERMISSIVE).
   * @default false
   */
  readonly strictMtls?: boolean;
  /**
   * Extra labels of the `istio-system` Namespace (a Pod Security level, a network for
   * multi-network meshes). It carries no injection label: the gateway's pods are injected by
   * their own label, and `istio-injection=disabled` would stop that.
   * @default - none
   */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
  /** The escape hatch: raw chart values, merged last. @default - none */
  readonly valuesOverrides?: IstioValuesOverridesProps;
}
