import { ISink } from '../../core/sink';
import { EventingResourceProps } from '../base';

/** What every event source takes: where its events go, and attribute overrides. */
export interface SourceProps extends EventingResourceProps {
  /**
   * Where the source sends its events (`spec.sink`): a Broker, a KnativeService, a Channel, a
   * URI, ... A sink that names an object missing from the app fails synth.
   */
  readonly sink: ISink;
  /**
   * CloudEvent extension attributes added to (or replaced in) every event
   * (`spec.ceOverrides.extensions`). Names are ASCII letters and digits only.
   * @default - none
   */
  readonly ceOverrides?: Record<string, string>;
}
