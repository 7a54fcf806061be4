/**
 * The sink abstraction: anything events or requests can be addressed to. Knative's duck types
 * call the pointer a Destination (`ref` and/or `uri`); constructs that are addressable
 * (KnativeService, Broker, Channel, Sequence, Parallel, ...) implement IAddressable, so wiring is
 * done by passing the object rather than by spelling its name.
 *
 * The checks that make wiring "correct by construction" (the target exists in the app or is
 * declared external, namespaces are crossed only on purpose) live with the consumers, in
 * `lib/eventing/sink.ts` (`Sink`, `bindSink`), so every addressable gets them whoever wrote it.
 */
import { IConstruct } from 'constructs';

/** A reference to a Kubernetes object, Knative's duck `KReference`. */
export interface KReference {
  /** The referent's apiVersion (`serving.knative.dev/v1`). */
  readonly apiVersion: string;
  /** The referent's kind (`Service`). */
  readonly kind: string;
  /** The referent's name. */
  readonly name: string;
  /** The referent's namespace. @default - the namespace of the object holding the reference */
  readonly namespace?: string;
}

/** Where to deliver: Knative's duck `Destination`. */
export interface Destination {
  /** The addressable object to deliver to. @default - none: `uri` must be absolute */
  readonly ref?: KReference;
  /** An absolute URI, or a path relative to `ref`'s address. @default - the address of `ref` */
  readonly uri?: string;
  /** PEM CA certificates to trust for the destination's TLS. @default - the cluster's trust bundle */
  readonly CACerts?: string;
  /** The OIDC audience of the destination. @default - the audience the addressable publishes */
  readonly audience?: string;
}

/** Anything a source, trigger, subscription or reply can point at. */
export interface ISink {
  /**
   * The Destination that `consumer` should write into its spec at `field` (`spec.sink`).
   * Implementations may register synth-time checks on `consumer` (`node.addValidation`), so
   * call it once per use, when the sink is attached, not while rendering.
   */
  toDestination(consumer: IConstruct, field?: string): Destination;
}

/** An object defined in this app that has an address. */
export interface IAddressable extends ISink, IConstruct {
  /** The reference other objects use to address it. */
  readonly reference: KReference;
  /**
   * True when the object is only declared by this app (deployed by something else), as
   * `KnativeService.fromServiceName` or `Broker.fromBrokerName` do. Consumers then skip the
   * "defined in this app" check, read a missing namespace as their own, and take a namespace
   * the declaration carries as an explicit request to cross namespaces.
   * @default false
   */
  readonly external?: boolean;
}

/** True when `x` is a construct with a KReference, i.e. an IAddressable. */
export function isAddressable(x: unknown): x is IAddressable {
  if (typeof x !== 'object' || x === null) return false;
  const c = x as Partial<IAddressable>;
  return typeof c.toDestination === 'function' && typeof c.node === 'object' && c.node !== null
    && typeof c.reference === 'object' && c.reference !== null;
}
