import { AuthorizationAction, AuthorizationPolicy } from '../../lib/istio';
import { allErrors, chart, find, synthErrorsOf } from './util';

describe('AuthorizationPolicy', () => {
  test('renders from/to/when with ports as strings', () => {
    const c = chart();
    new AuthorizationPolicy(c, 'ap', {
      metadata: { name: 'frontend' },
      selector: { app: 'api' },
      rules: [{
        from: [{ principals: ['cluster.local/ns/web/sa/frontend'] }, { namespaces: ['monitoring'], ipBlocks: ['10.0.0.0/8'] }],
        to: [{ methods: ['GET'], paths: ['/api/*'], ports: [8080] }],
        when: [{ key: 'request.auth.claims[groups]', values: ['admins'] }],
      }],
    });
    expect(find(c, 'AuthorizationPolicy', 'frontend').spec).toEqual({
      selector: { matchLabels: { app: 'api' } },
      action: 'ALLOW',
      rules: [{
        from: [{ source: { principals: ['cluster.local/ns/web/sa/frontend'] } }, { source: { namespaces: ['monitoring'], ipBlocks: ['10.0.0.0/8'] } }],
        to: [{ operation: { methods: ['GET'], paths: ['/api/*'], ports: ['8080'] } }],
        when: [{ key: 'request.auth.claims[groups]', values: ['admins'] }],
      }],
    });
    expect(allErrors(c)).toEqual([]);
  });

  test('allowNothing denies everything; DENY and AUDIT render their action; addRule after construction', () => {
    const c = chart();
    AuthorizationPolicy.allowNothing(c, 'nothing', { name: 'allow-nothing' });
    const deny = new AuthorizationPolicy(c, 'deny', { metadata: { name: 'deny' }, action: AuthorizationAction.DENY });
    deny.addRule({ to: [{ paths: ['/admin*'] }] });
    new AuthorizationPolicy(c, 'audit', { metadata: { name: 'audit' }, action: AuthorizationAction.AUDIT, rules: [{}] });
    expect(find(c, 'AuthorizationPolicy', 'allow-nothing').spec).toEqual({ action: 'ALLOW' });
    expect(find(c, 'AuthorizationPolicy', 'deny').spec).toEqual({ action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin*'] } }] }] });
    expect(find(c, 'AuthorizationPolicy', 'audit').spec.action).toBe('AUDIT');
    expect(allErrors(c)).toEqual([]);
  });

  test('CUSTOM needs a provider, and only CUSTOM takes one', () => {
    const c = chart();
    new AuthorizationPolicy(c, 'ext', { metadata: { name: 'ext' }, action: AuthorizationAction.CUSTOM, provider: 'oauth2-proxy', rules: [{ to: [{ hosts: ['admin.example.com'] }] }] });
    expect(find(c, 'AuthorizationPolicy', 'ext').spec).toMatchObject({ action: 'CUSTOM', provider: { name: 'oauth2-proxy' } });
    expect(allErrors(c)).toEqual([]);
    const bad = chart();
    new AuthorizationPolicy(bad, 'x', { action: AuthorizationAction.CUSTOM });
    new AuthorizationPolicy(bad, 'y', { provider: 'p' });
    expect(synthErrorsOf(bad)).toEqual([
      '[test/x] provider: is required when `action` is CUSTOM (value: undefined; allowed: the name of an extension provider in meshConfig.extensionProviders)',
      '[test/y] provider: can only be set when `action` is CUSTOM, not ALLOW (value: "p"; allowed: no provider, or action CUSTOM)',
    ]);
  });
});
