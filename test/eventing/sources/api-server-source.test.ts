import * as kplus from 'cdk8s-plus-27';
import { ClusterSettings } from '../../../lib/core/cluster-settings';
import { ApiServerSource, ApiServerSourceMode, Filter, Sink } from '../../../lib/eventing';
import { engineErrors, json, setup, synthErrors } from '../util';

const sink = Sink.fromUri('https://sink.example.org');

describe('ApiServerSource', () => {
  test('default output is valid', () => {
    const { chart } = setup('events');
    const src = new ApiServerSource(chart, 's', { sink, resources: [{ apiVersion: 'v1', kind: 'Event' }] });
    expect(json(src).spec).toEqual({ mode: 'Reference', resources: [{ apiVersion: 'v1', kind: 'Event' }], sink: { uri: 'https://sink.example.org' } });
    expect(engineErrors(src)).toEqual([]);
  });

  test('resources added later, selectors, owner, service account, mode', () => {
    const { chart } = setup();
    const sa = new kplus.ServiceAccount(chart, 'sa');
    const src = new ApiServerSource(chart, 's', {
      sink, mode: ApiServerSourceMode.RESOURCE, serviceAccount: sa,
      owner: { apiVersion: 'apps/v1', kind: 'Deployment' }, namespaceSelector: { team: 'cloud' },
    });
    src.addResource({ apiVersion: 'apps/v1', kind: 'ReplicaSet', matchLabels: { app: 'x' } });
    expect(json(src).spec).toEqual({
      mode: 'Resource',
      resources: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', selector: { matchLabels: { app: 'x' } } }],
      owner: { apiVersion: 'apps/v1', kind: 'Deployment' },
      namespaceSelector: { matchLabels: { team: 'cloud' } },
      serviceAccountName: sa.name,
      sink: { uri: 'https://sink.example.org' },
    });
    expect(engineErrors(src)).toEqual([]);
  });

  test('filters need the new-apiserversource-filters feature (the engine says so)', () => {
    const { app, chart } = setup();
    const src = new ApiServerSource(chart, 's', { sink, resources: [{ apiVersion: 'v1', kind: 'Event' }], filters: [Filter.exact({ type: 'dev.knative.apiserver.resource.add' })] });
    expect(json(src).spec.filters).toEqual([{ exact: { type: 'dev.knative.apiserver.resource.add' } }]);
    expect(synthErrors(chart).join('\n')).toMatch(/spec.filters/);
    ClusterSettings.apply(app, { eventing: { features: { 'new-apiserversource-filters': 'Enabled' } } });
    expect(synthErrors(chart)).toEqual([]);
  });
});
