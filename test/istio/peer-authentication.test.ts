import { App, Chart, Testing } from 'cdk8s';
import { ClusterSettings } from '../../lib/core/cluster-settings';
import { MtlsMode, PeerAuthentication } from '../../lib/istio';
import { allErrors, chart, find, synthErrorsOf } from './util';

describe('PeerAuthentication', () => {
  test('defaults to STRICT for the namespace', () => {
    const c = chart();
    new PeerAuthentication(c, 'pa', { metadata: { name: 'default' } });
    expect(find(c, 'PeerAuthentication', 'default')).toMatchObject({ metadata: { namespace: 'web' }, spec: { mtls: { mode: 'STRICT' } } });
    expect(allErrors(c)).toEqual([]);
  });

  test('port-level modes with a selector, added after construction', () => {
    const c = chart();
    const pa = new PeerAuthentication(c, 'pa', { metadata: { name: 'webhook' }, selector: { app: 'webhook' }, portLevelMtls: { 9443: MtlsMode.PERMISSIVE } });
    pa.addPortMode(8080, MtlsMode.DISABLE);
    expect(find(c, 'PeerAuthentication', 'webhook').spec).toEqual({
      selector: { matchLabels: { app: 'webhook' } },
      mtls: { mode: 'STRICT' },
      portLevelMtls: { 8080: { mode: 'DISABLE' }, 9443: { mode: 'PERMISSIVE' } },
    });
    expect(allErrors(c)).toEqual([]);
  });

  test('port-level modes need a selector', () => {
    const c = chart();
    new PeerAuthentication(c, 'pa', { portLevelMtls: { 9443: MtlsMode.PERMISSIVE } });
    expect(synthErrorsOf(c)).toEqual([
      '[test/pa] portLevelMtls[9443]: requires `selector`: Istio applies port-level mTLS only to selected workloads (value: "PERMISSIVE"; allowed: port-level modes together with a non-empty selector, or only the policy-wide `mode`)',
    ]);
  });

  test('meshWide goes to the root namespace from the cluster settings', () => {
    const app = Testing.app();
    ClusterSettings.apply(app, { istio: { rootNamespace: 'mesh-root' } });
    const c = new Chart(app, 'mesh');
    PeerAuthentication.meshWide(c, 'mesh');
    expect(find(c, 'PeerAuthentication', 'default').metadata.namespace).toBe('mesh-root');
    const stock = new Chart(new App(), 'stock');
    PeerAuthentication.meshWide(stock, 'mesh', MtlsMode.PERMISSIVE);
    expect(find(stock, 'PeerAuthentication', 'default')).toMatchObject({ metadata: { namespace: 'istio-system' }, spec: { mtls: { mode: 'PERMISSIVE' } } });
  });
});
