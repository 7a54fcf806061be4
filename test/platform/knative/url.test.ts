/**
 * Release files read from a URL at synth, through a child process: served here by a local HTTP
 * server in another process (never the network), from the committed fixture.
 */
import { ChildProcess, spawn } from 'child_process';
import { KnativeInstallMode } from '../../../lib/platform/knative';
import { synthErrors } from '../../helpers';
import { allObjects, find, FIXTURE, install } from './support';

let server: ChildProcess;
let base: string;

beforeAll(async () => {
  const script = `
    const http = require('http'), fs = require('fs'), path = require('path');
    const dir = process.argv[1];
    const s = http.createServer((req, res) => {
      const name = req.url.slice('/knative/'.length);
      if (req.url.startsWith('/knative/') && !name.includes('/') && fs.existsSync(path.join(dir, name))) { res.end(fs.readFileSync(path.join(dir, name))); return; }
      res.statusCode = 404; res.end('not found');
    });
    s.listen(0, '127.0.0.1', () => console.log(s.address().port));`;
  server = spawn(process.execPath, ['-e', script, FIXTURE], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    server.stdout!.once('data', (d) => resolve(String(d).trim()));
    server.once('exit', (code) => reject(new Error(`the test server exited with ${code}`)));
  });
  base = `http://127.0.0.1:${port}/knative`;
});

afterAll(() => {
  server.kill();
});

test('a mirror URL is read synchronously at synth, as a folder would be', () => {
  const { app, install: inst } = install({ mode: KnativeInstallMode.releaseManifests({ from: base }), serving: { network: { httpProtocol: 'Redirected' } }, eventing: {} });
  expect(synthErrors(app)).toEqual([]);
  expect(find(allObjects(inst), 'ConfigMap', 'config-network', 'knative-serving').data['http-protocol']).toBe('Redirected');
  expect(find(allObjects(inst), 'Job', 'storage-version-migration-serving-v1-23-0')).toBeDefined();
});

test('a URL that does not serve the files is a synth error naming the file', () => {
  const { app } = install({ mode: KnativeInstallMode.releaseManifests({ from: `${base}/missing/` }), serving: {} });
  expect(synthErrors(app).join('\n')).toMatch(/\[knative\] mode\.from: could not read serving-core\.yaml from http:\/\/127\.0\.0\.1:\d+\/knative\/missing\/: HTTP 404/);
});
