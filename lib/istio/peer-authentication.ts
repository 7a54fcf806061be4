import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import type * as l1 from '../../imports/security.istio.io';
import { ClusterSettings } from '../core/cluster-settings';
import { reportError } from '../core/report';
import { Resource } from '../core/resource';
import { MtlsMode } from './common';
import { Json, checkPort, compact, matchLabels, renderedObject } from './internal';

/** `l1.PeerAuthentication.GVK`, written out so that rendering does not load the generated bindings. */
const GVK: typeof l1.PeerAuthentication.GVK = { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication' };

/** Props of a PeerAuthentication. */
export interface PeerAuthenticationProps {
  /**
   * Metadata. The namespace decides the scope: the mesh root namespace (istio-system) makes it
   * mesh-wide, any other namespace namespace-wide (unless `selector` is set).
   * @default - a generated name in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /** Only workloads with these labels. @default - every workload in the namespace */
  readonly selector?: Record<string, string>;
  /**
   * The mTLS mode. Secure default: STRICT (plaintext is refused). `MtlsMode.UNSET` is
   * upstream's default: inherit from the namespace, then the mesh (PERMISSIVE in stock Istio).
   * @default MtlsMode.STRICT
   */
  readonly mode?: MtlsMode;
  /**
   * Per-port modes (container ports), for example PERMISSIVE on a webhook port the API server
   * calls in plaintext. Requires `selector`.
   * @default - none
   */
  readonly portLevelMtls?: Record<number, MtlsMode>;
}

/**
 * An Istio PeerAuthentication: which mTLS mode a workload's sidecar accepts inbound.
 *
 * @example
 * new PeerAuthentication(chart, 'strict', { metadata: { name: 'default', namespace: 'team-a' } });
 */
export class PeerAuthentication extends Resource {
  /**
   * A mesh-wide policy: named `default` in the mesh root namespace (from
   * `ClusterSettings.istio.rootNamespace`, istio-system by default).
   */
  public static meshWide(scope: Construct, id: string, mode: MtlsMode = MtlsMode.STRICT): PeerAuthentication {
    const root = ClusterSettings.of(scope).istio.rootNamespace;
    return new PeerAuthentication(scope, id, { metadata: { name: 'default', namespace: root }, mode });
  }

  /** The rendered object; `addJsonPatch` on it is the escape hatch for fields not modelled. */
  public readonly apiObject: ApiObject;
  private readonly ports: Record<number, MtlsMode> = {};

  public constructor(scope: Construct, id: string, private readonly props: PeerAuthenticationProps = {}) {
    super(scope, id);
    this.apiObject = renderedObject(this, GVK, props.metadata, () => this.renderSpec());
    for (const [port, mode] of Object.entries(props.portLevelMtls ?? {})) this.addPortMode(Number(port), mode);
  }

  /** Sets the mode of one port; needs a `selector` (Istio ignores port-level modes without one). */
  public addPortMode(port: number, mode: MtlsMode): this {
    checkPort(this, `portLevelMtls[${port}]`, port);
    if (!this.props.selector || !Object.keys(this.props.selector).length) {
      reportError(this, `portLevelMtls[${port}]`, 'requires `selector`: Istio applies port-level mTLS only to selected workloads', {
        value: mode, allowed: 'port-level modes together with a non-empty selector, or only the policy-wide `mode`',
      });
    }
    this.ports[port] = mode;
    return this;
  }

  private renderSpec(): Json {
    const ports = Object.keys(this.ports).map(Number).sort((a, b) => a - b);
    return compact({
      selector: matchLabels(this.props.selector),
      mtls: { mode: this.props.mode ?? MtlsMode.STRICT },
      portLevelMtls: Object.fromEntries(ports.map((p) => [String(p), { mode: this.ports[p] }])),
    });
  }
}
