/**
 * A stand-in for the Bot Framework's token issuer, on loopback: it publishes an OpenID configuration
 * and signing keys the way https://login.botframework.com/v1/.well-known/openidconfiguration does,
 * and signs channel tokens shaped as Teams sends them (RS256, issuer https://api.botframework.com,
 * audience = the bot's app id, a serviceurl claim, keys endorsed for msteams). The service under test
 * is pointed at it because the real one cannot be reached from the test machines.
 */
import { createSign, generateKeyPairSync, KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TokenClaims {
  audience: string;
  serviceUrl: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  issuer?: string;
  /** Sign with a key this issuer does not publish (a forgery). */
  untrustedKey?: boolean;
}

export interface IdentityStandIn {
  openIdMetadataUrl: string;
  issueToken(claims: TokenClaims): string;
  close(): Promise<void>;
}

const KEY_ID = 'stand-in-key-1';

export async function startIdentityStandIn(): Promise<IdentityStandIn> {
  const trusted = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const forger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = trusted.publicKey.export({ format: 'jwk' });

  const server = http.createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/v1/.well-known/openidconfiguration') {
      res.end(
        JSON.stringify({
          issuer: 'https://api.botframework.com',
          jwks_uri: `${base}/v1/.well-known/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
        }),
      );
    } else if (req.url === '/v1/.well-known/keys') {
      res.end(
        JSON.stringify({
          keys: [{ kty: 'RSA', use: 'sig', kid: KEY_ID, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }],
        }),
      );
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    openIdMetadataUrl: `${base}/v1/.well-known/openidconfiguration`,
    issueToken(claims) {
      const now = Math.floor(Date.now() / 1000);
      const payload = {
        iss: claims.issuer ?? 'https://api.botframework.com',
        aud: claims.audience,
        serviceurl: claims.serviceUrl,
        nbf: now - 60,
        iat: now - 60,
        exp: now + (claims.expiresIn ?? 3600),
      };
      return signJwt(payload, claims.untrustedKey ? forger.privateKey : trusted.privateKey);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function signJwt(payload: object, key: KeyObject): string {
  const encode = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT', kid: KEY_ID })}.${encode(payload)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(key).toString('base64url');
  return `${unsigned}.${signature}`;
}
