/**
 * The Dynafed checksum prototype (seeds 000/001): a Flask app served by Gunicorn that answers
 * `GET /checksums/?bucket=<bucket>&file=<file>` on port 8080, reading object-storage credentials
 * from a Secret. It scales to zero when idle and to at most ten pods under load, with each pod
 * taking as many requests at once as Gunicorn has threads.
 */
import { App, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { AutoscalerClass, ContainerProbe, KnativeService, RevisionVolume, ScalingMetric } from '../lib/serving';

/** Gunicorn threads per pod, which is also the most requests a pod can take at once. */
const THREADS = 4;

export function buildApp(outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'checksum-service', { namespace: 'default' });

  // Created by the team out of band (access key and secret key for the S3 endpoint).
  const s3 = kplus.Secret.fromSecretName(chart, 'S3Credentials', 'dynafed-s3-credentials');

  new KnativeService(chart, 'checksum', {
    metadata: { name: 'checksum', labels: { app: 'dynafed-checksum' } },
    containers: [{
      image: 'registry.example.org/dynafed/checksum:1.0.0',
      command: ['gunicorn'],
      // Knative sets PORT; one worker per pod because Knative scales pods, threads for I/O waits.
      args: ['--bind', ':$(PORT)', '--workers', '1', '--threads', String(THREADS), '--timeout', '0',
        '--worker-tmp-dir', '/tmp', 'app:app'],
      port: 8080,
      env: {
        S3_ENDPOINT: 'https://s3.example.org',
        AWS_ACCESS_KEY_ID: kplus.EnvValue.fromSecretValue({ secret: s3, key: 'access-key' }),
        AWS_SECRET_ACCESS_KEY: kplus.EnvValue.fromSecretValue({ secret: s3, key: 'secret-key' }),
      },
      resources: {
        cpu: { request: kplus.Cpu.millis(250), limit: kplus.Cpu.units(1) },
        memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) },
      },
      // Gunicorn takes a moment to import the app; give it up to 30 s before liveness counts.
      // Knative hands startup probes to the kubelet as written, so the port must be explicit.
      startup: ContainerProbe.tcpSocket({ port: 8080, period: Duration.seconds(1), failureThreshold: 30 }),
      readiness: ContainerProbe.tcpSocket({ period: Duration.seconds(5) }),
      liveness: ContainerProbe.tcpSocket({ period: Duration.seconds(10), failureThreshold: 3 }),
      // The image is read-only; Gunicorn's heartbeat files go to a scratch volume.
      securityContext: { user: 1000, group: 1000, readOnlyRootFilesystem: true },
      volumeMounts: [{ path: '/tmp', volume: RevisionVolume.fromEmptyDir('tmp', { sizeLimit: Size.mebibytes(64) }) }],
    }],
    containerConcurrency: THREADS,
    // Checksums of large files take a while to stream.
    timeout: Duration.minutes(5),
    autoscaling: {
      autoscalerClass: AutoscalerClass.KPA,
      metric: ScalingMetric.CONCURRENCY,
      target: THREADS,
      targetUtilizationPercentage: 75,
      minScale: 0,
      maxScale: 10,
      scaleToZeroPodRetentionPeriod: Duration.minutes(1),
    },
    enableServiceLinks: false,
  });
  return app;
}
