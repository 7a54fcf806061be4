/**
 * The Dynafed checksum service (seeds 000/001, examples/checksum-service.ts and
 * checksum-events.ts) as one Function: the same Gunicorn container, answering
 * `GET /checksums/?bucket=&file=` on its own domain and computing checksums when an object lands
 * in a bucket. The Function renders the KnativeService, the DomainMapping and its claim, and the
 * Triggers on the tenant's Broker; nobody writes a Knative object.
 *
 * Bucket notifications: Ceph RGW pushes them itself. The storage team creates an RGW topic with
 * `push-endpoint=http://broker-ingress.knative-eventing.svc.cluster.local/dynafed/default` and
 * `cloudevents=true`, and a notification of the `dynafed-uploads` bucket on it; RGW then posts
 * CloudEvents of type `com.amazonaws.ObjectCreated:*` and source `ceph:s3.default.dynafed-uploads`.
 */
import { App, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { BucketEvent, FunctionTrigger, ScalingProfile, Tenant } from '../lib/faas';
import { ContainerProbe, RevisionVolume } from '../lib/serving';

/** Gunicorn threads per pod, which is also the most requests a pod takes at once. */
const THREADS = 4;
/** What Dynafed itself publishes when a file is uploaded through it. */
export const FILE_UPLOADED = 'ch.cern.dynafed.file.uploaded';

export function buildApp(outdir: string): App {
  const app = new App({ outdir });
  const dynafed = new Tenant(app, 'dynafed', { group: 'dynafed-admins', domains: ['dynafed.example.org'] });

  dynafed.addFunction('checksum', {
    image: 'registry.example.org/dynafed/checksum:1.0.0',
    triggers: [
      FunctionTrigger.http({ domain: 'checksums.dynafed.example.org' }),
      FunctionTrigger.event({ type: FILE_UPLOADED, source: 'https://dynafed.example.org' }),
      FunctionTrigger.bucketNotification({ bucket: 'dynafed-uploads', events: [BucketEvent.OBJECT_CREATED] }),
    ],
    env: { S3_ENDPOINT: 'https://s3.example.org' },
    // Created by the team out of band; only references reach the manifests.
    secretEnv: {
      AWS_ACCESS_KEY_ID: { secret: 'dynafed-s3-credentials', key: 'access-key' },
      AWS_SECRET_ACCESS_KEY: { secret: 'dynafed-s3-credentials', key: 'secret-key' },
    },
    resources: {
      cpu: { request: kplus.Cpu.millis(250), limit: kplus.Cpu.units(1) },
      memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) },
    },
    scaling: ScalingProfile.batch({ concurrency: THREADS, maxScale: 10 }),
    // Checksums of large files take a while to stream.
    timeout: Duration.minutes(5),
    container: {
      command: ['gunicorn'],
      args: ['--bind', ':$(PORT)', '--workers', '1', '--threads', String(THREADS), '--timeout', '0', '--worker-tmp-dir', '/tmp', 'app:app'],
      startup: ContainerProbe.tcpSocket({ port: 8080, period: Duration.seconds(1), failureThreshold: 30 }),
      readiness: ContainerProbe.tcpSocket({ period: Duration.seconds(5) }),
      securityContext: { user: 1000, group: 1000, readOnlyRootFilesystem: true },
      volumeMounts: [{ path: '/tmp', volume: RevisionVolume.fromEmptyDir('tmp', { sizeLimit: Size.mebibytes(64) }) }],
    },
  });
  return app;
}
