/**
 * The sink abstraction: anything events or requests can be addressed to. Knative's duck types
 * call the pointer a Destination (`ref` and/or `uri`); constructs that are addressable
 * (KnativeService, Broker, Channel, Sequence, Parallel, ...) implement ISink, so wiring is done by
 * passing the object rather than by spelling its name.
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
  /** The addressable object to deliver to. */
  readonly ref?: KReference;
  /** An absolute URI, or a path relative to `ref`'s address. */
  readonly uri?: string;
  /** PEM CA certificates to trust for the destination's TLS. */
  readonly CACerts?: string;
  /** The OIDC audience of the destination. */
  readonly audience?: string;
}

/** Anything a source, trigger, subscription or reply can point at. */
export interface ISink {
  /**
   * The Destination that `consumer` should write into its spec. Implementations check at synth
   * time that the target exists (or is declared external) and that crossing namespaces is explicit.
   */
  toDestination(consumer: IConstruct): Destination;
}

/** An object defined in this app that has an address. */
export interface IAddressable extends ISink, IConstruct {
  /** The reference other objects use to address it. */
  readonly reference: KReference;
}
