import { Duration } from 'cdk8s';
import { RequestAuthentication } from '../../lib/istio';
import { allErrors, chart, find, synthErrorsOf } from './util';

describe('RequestAuthentication', () => {
  test('renders JWT rules; the JWKS URL is jwksUri, the JSON name of the CRD (not its deprecated alias jwks_uri)', () => {
    const c = chart();
    const ra = new RequestAuthentication(c, 'ra', { metadata: { name: 'jwt' }, selector: { app: 'api' } });
    ra.addJwtRule({
      issuer: 'https://auth.cern.ch/auth/realms/cern',
      jwksUri: 'https://auth.cern.ch/auth/realms/cern/protocol/openid-connect/certs',
      audiences: ['checksum'],
      forwardOriginalToken: false,
      fromHeaders: [{ name: 'x-jwt', prefix: 'Bearer ' }],
      fromParams: ['token'],
      outputPayloadToHeader: 'x-jwt-payload',
      outputClaimToHeaders: [{ header: 'x-user', claim: 'sub' }],
      timeout: Duration.seconds(3),
    });
    expect(find(c, 'RequestAuthentication', 'jwt').spec).toEqual({
      selector: { matchLabels: { app: 'api' } },
      jwtRules: [{
        issuer: 'https://auth.cern.ch/auth/realms/cern',
        jwksUri: 'https://auth.cern.ch/auth/realms/cern/protocol/openid-connect/certs',
        audiences: ['checksum'],
        forwardOriginalToken: false,
        fromHeaders: [{ name: 'x-jwt', prefix: 'Bearer ' }],
        fromParams: ['token'],
        outputPayloadToHeader: 'x-jwt-payload',
        outputClaimToHeaders: [{ header: 'x-user', claim: 'sub' }],
        timeout: '3s',
      }],
    });
    expect(allErrors(c)).toEqual([]);
  });

  test('jwks and jwksUri are exclusive', () => {
    const c = chart();
    new RequestAuthentication(c, 'ra', { jwtRules: [{ issuer: 'i', jwks: '{}', jwksUri: 'https://x' }, { issuer: 'j', timeout: Duration.seconds(NaN) }] });
    expect(synthErrorsOf(c)).toEqual([
      '[test/ra] jwtRules[0]: sets both `jwksUri` and `jwks` (value: {"jwksUri":"https://x","jwks":"{}"}; allowed: only one of jwksUri and jwks (or neither, for OpenID discovery))',
      expect.stringMatching(/^\[test\/ra\] jwtRules\[1\]\.timeout: must be a finite, non-negative duration/),
    ]);
  });
});
