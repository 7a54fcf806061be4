/**
 * The platform of examples/platform-operator.ts with Knative installed from its 1.23 release
 * manifests instead of the operator: the files are read at synth from a folder (a platform repo
 * vendors them, or names the GitHub release URL), their ConfigMaps are set from the same typed
 * settings, and their objects are placed in the install phases. Delivered the same three ways.
 *
 * Here the folder is ../shared/manifests/knative next to this repository (or KNATIVE_RELEASE_DIR);
 * without it the example is skipped, saying so.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { KnativeInstallMode, PlatformApp } from '../lib/platform';
import { buildPlatform } from './platform-operator';

export { clusterSettings } from './platform-operator';

const RELEASE_DIR = process.env.KNATIVE_RELEASE_DIR ?? path.join(__dirname, '..', '..', 'shared', 'manifests', 'knative');

/** Why the example cannot run here, when it cannot. */
export const skip: string | undefined = fs.existsSync(RELEASE_DIR)
  ? undefined
  : `needs Knative's 1.23 release manifests in ${RELEASE_DIR} (set KNATIVE_RELEASE_DIR)`;

export function buildApp(outdir: string): App {
  const app = new PlatformApp({
    outdir,
    repository: { url: 'https://gitlab.example.org/lab/platform.git', revision: 'main', path: 'dist/platform-release' },
    deliveries: { plain: {}, argoCd: {}, flux: {} },
  });
  buildPlatform(app, KnativeInstallMode.releaseManifests({ from: RELEASE_DIR }));
  return app;
}
