/** Health probes for revision containers. */
import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkedSeconds } from '../core/duration';
import { reportError } from '../core/report';
import { checkInt32 } from './checks';
import { JsonObject } from './json';

/** Timing and thresholds shared by every probe. */
export interface ProbeOptions {
  /**
   * How long after the container starts the first probe runs (`initialDelaySeconds`).
   * @default - immediately
   */
  readonly initialDelay?: Duration;
  /**
   * How often to probe (`periodSeconds`). For the readiness probe of the serving container,
   * Knative also accepts 0, meaning its own aggressive sub-second probing; then timeout and
   * failureThreshold must stay unset.
   * @default Duration.seconds(10)
   */
  readonly period?: Duration;
  /**
   * How long one probe may take (`timeoutSeconds`).
   * @default Duration.seconds(1)
   */
  readonly timeout?: Duration;
  /**
   * Consecutive failures before the probe counts as failed (`failureThreshold`).
   * @default 3
   */
  readonly failureThreshold?: number;
  /**
   * Consecutive successes before the probe counts as passing again (`successThreshold`).
   * Must be 1 for liveness and startup probes (Kubernetes refuses the revision's Deployment
   * otherwise): anything else there is a synth error.
   * @default 1
   */
  readonly successThreshold?: number;
}

/** Options of an HTTP GET probe. */
export interface HttpGetProbeOptions extends ProbeOptions {
  /**
   * The port to probe. Leave unset for the serving container: Knative probes its port, and a
   * port that differs from it is rejected.
   * @default - the container's port
   */
  readonly port?: number;
  /**
   * HTTP or HTTPS.
   * @default 'HTTP'
   */
  readonly scheme?: 'HTTP' | 'HTTPS';
  /**
   * Extra request headers.
   * @default - none
   */
  readonly headers?: Record<string, string>;
}

/** Options of a TCP probe. */
export interface TcpSocketProbeOptions extends ProbeOptions {
  /**
   * The port to probe.
   * @default - the container's port
   */
  readonly port?: number;
}

/** Options of a gRPC health-check probe. */
export interface GrpcProbeOptions extends ProbeOptions {
  /**
   * The port to probe.
   * @default - the container's port (8080 when it declares none)
   */
  readonly port?: number;
  /**
   * The service name sent in the gRPC HealthCheckRequest.
   * @default - the server's overall health
   */
  readonly service?: string;
}

/**
 * A liveness, readiness or startup probe. Knative allows exactly one handler per probe: HTTP GET,
 * TCP socket, gRPC or a command.
 *
 * @example
 * ContainerProbe.httpGet('/healthz', { period: Duration.seconds(5) });
 */
export class ContainerProbe {
  /** Probes with an HTTP GET to `path`; 2xx and 3xx answers pass. */
  public static httpGet(path: string, options: HttpGetProbeOptions = {}): ContainerProbe {
    if (typeof path !== 'string') throw new TypeError(`ContainerProbe.httpGet: 'path' must be a string such as '/healthz' (got ${typeof path})`);
    return new ContainerProbe(options, () => {
      const httpGet: JsonObject = { path };
      if (options.port !== undefined) httpGet.port = options.port;
      if (options.scheme !== undefined) httpGet.scheme = options.scheme;
      if (options.headers) httpGet.httpHeaders = Object.entries(options.headers).map(([name, value]) => ({ name, value }));
      return { httpGet };
    });
  }

  /** Probes by opening a TCP connection. */
  public static tcpSocket(options: TcpSocketProbeOptions = {}): ContainerProbe {
    return new ContainerProbe(options, () => ({
      tcpSocket: options.port === undefined ? {} : { port: options.port },
    }));
  }

  /** Probes with the standard gRPC health-checking protocol (for h2c containers). */
  public static grpc(options: GrpcProbeOptions = {}): ContainerProbe {
    return new ContainerProbe(options, (containerPort) => ({
      // Kubernetes requires a gRPC probe port, so fall back to the port the container serves on.
      grpc: options.service === undefined
        ? { port: options.port ?? containerPort ?? 8080 }
        : { port: options.port ?? containerPort ?? 8080, service: options.service },
    }));
  }

  /** Probes by running `command` in the container; exit status 0 passes. */
  public static exec(command: string[], options: ProbeOptions = {}): ContainerProbe {
    if (!Array.isArray(command)) throw new TypeError(`ContainerProbe.exec: 'command' must be an array of strings such as ['cat', '/tmp/healthy'] (got ${typeof command})`);
    return new ContainerProbe(options, () => ({ exec: { command } }));
  }

  private constructor(
    private readonly options: ProbeOptions,
    /** The handler (`httpGet`, `tcpSocket`, `grpc` or `exec`), given the container's port. */
    private readonly handler: (containerPort: number | undefined) => JsonObject,
  ) {}

  /**
   * @internal Reports mistakes in this probe's options on `scope`: durations Kubernetes cannot
   * express in whole seconds, and a successThreshold other than 1 on a liveness or startup probe.
   * `prop` is the probe's path (`containers[0].liveness`).
   */
  public _check(scope: IConstruct, prop: string, kind: 'liveness' | 'readiness' | 'startup'): void {
    const o = this.options;
    for (const field of ['initialDelay', 'period', 'timeout'] as const) {
      const d = o[field];
      if (d === undefined) continue;
      const secs = checkedSeconds(scope, `${prop}.${field}`, d);
      if (secs !== undefined) checkInt32(scope, `${prop}.${field}`, secs, ' seconds');
    }
    checkInt32(scope, `${prop}.failureThreshold`, o.failureThreshold);
    checkInt32(scope, `${prop}.successThreshold`, o.successThreshold);
    checkInt32(scope, `${prop}.port`, (o as { port?: number }).port);
    if (kind !== 'readiness' && o.successThreshold !== undefined && o.successThreshold !== 1) {
      reportError(scope, `${prop}.successThreshold`, `must be 1 for a ${kind} probe: Kubernetes refuses the revision's pods otherwise`, { value: o.successThreshold, allowed: '1 (or unset)' });
    }
  }

  /** @internal The probe JSON, given the port of the container the probe belongs to. */
  public _toJson(containerPort: number | undefined): JsonObject {
    const o = this.options;
    const probe = this.handler(containerPort);
    // Checked by _check: whole, finite seconds.
    if (o.initialDelay !== undefined) probe.initialDelaySeconds = seconds(o.initialDelay);
    if (o.period !== undefined) probe.periodSeconds = seconds(o.period);
    if (o.timeout !== undefined) probe.timeoutSeconds = seconds(o.timeout);
    if (o.failureThreshold !== undefined) probe.failureThreshold = o.failureThreshold;
    if (o.successThreshold !== undefined) probe.successThreshold = o.successThreshold;
    return probe;
  }
}

function seconds(d: Duration): number {
  return d.toMilliseconds({ integral: false }) / 1000;
}
