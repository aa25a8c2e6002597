/**
 * A stand-in for Microsoft Entra's token service (login.microsoftonline.com), on loopback over TLS
 * with a self-signed certificate made at start: the bot gets its own token here, through MSAL, as
 * it would from Entra. MSAL insists on an https authority, so the certificate is written to a file
 * that a child process trusts with NODE_EXTRA_CA_CERTS.
 *
 * It answers what MSAL asks for a client-credentials token, the way Entra documents it:
 * - GET /{tenant}/v2.0/.well-known/openid-configuration: the tenant's endpoints;
 * - POST /{tenant}/oauth2/v2.0/token (grant_type=client_credentials): a bearer token for the right
 *   client id and secret; 401 `invalid_client` (AADSTS7000215) for a wrong secret, as Entra does.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';

export interface TokenRequest {
  tenant: string;
  clientId: string;
  scope: string;
  grantType: string;
  /** The token issued, or null when the request was refused. */
  token: string | null;
}

export interface TokenServiceStandIn {
  /** What the bot's login address becomes: https://127.0.0.1:<port>/ */
  loginUrl: string;
  /** The certificate to trust (NODE_EXTRA_CA_CERTS). */
  certificateFile: string;
  readonly requests: TokenRequest[];
  close(): Promise<void>;
}

export async function startTokenServiceStandIn(options: {
  /** The app registration: its client id and its one valid secret. */
  clientId: string;
  clientSecret: string;
  /** Where to write the certificate. */
  certificateFile: string;
}): Promise<TokenServiceStandIn> {
  const pems = await generate([{ name: 'commonName', value: 'login.stand-in.test' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  });
  writeFileSync(options.certificateFile, pems.cert);
  const requests: TokenRequest[] = [];

  const server = https.createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const reply = (status: number, body: object) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const url = new URL(req.url ?? '/', base);
      const metadata = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname);
      if (req.method === 'GET' && metadata) {
        const tenant = metadata[1];
        return reply(200, {
          token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
          authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`,
          end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`,
          jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
          issuer: `${base}/${tenant}/v2.0`,
          token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
          response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        });
      }
      const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
      if (req.method === 'POST' && token) {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        const request: TokenRequest = {
          tenant: token[1],
          clientId: form.get('client_id') ?? '',
          scope: form.get('scope') ?? '',
          grantType: form.get('grant_type') ?? '',
          token: null,
        };
        requests.push(request);
        if (request.clientId !== options.clientId || form.get('client_secret') !== options.clientSecret) {
          return reply(401, {
            error: 'invalid_client',
            error_description: `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${request.clientId}'.`,
            error_codes: [7000215],
            timestamp: new Date().toISOString(),
            trace_id: randomBytes(16).toString('hex'),
            correlation_id: randomBytes(16).toString('hex'),
          });
        }
        request.token = `stand-in-token-${randomBytes(12).toString('hex')}`;
        return reply(200, {
          token_type: 'Bearer',
          expires_in: 3599,
          ext_expires_in: 3599,
          access_token: request.token,
        });
      }
      reply(404, { error: 'not_found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    loginUrl: `https://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    certificateFile: options.certificateFile,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
