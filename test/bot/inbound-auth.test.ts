/**
 * With a bot id configured, only requests carrying a valid Bot Framework token reach the bot.
 * Anything else is answered 401 and nothing is processed. Tokens are checked against a stand-in for
 * the Bot Framework's key service (see the support file); a correctly signed token is the control
 * that shows the refusals are the token's doing.
 */
import { ConnectorStandIn, startConnectorStandIn } from '../support/connector-stand-in';
import { IdentityStandIn, startIdentityStandIn } from '../support/bot-framework-identity-stand-in';
import { post, teamsActivity } from '../support/teams-activity';
import { startTestService, TestService } from '../support/test-service';

const APP_ID = '8f0c2b1e-5a7d-4c3b-9e2f-1a2b3c4d5e6f';
const OTHER_APP_ID = '0a0a0a0a-1b1b-4c2c-8d3d-4e4e4e4e4e4e';
const APP_TENANT_ID = '1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

let connector: ConnectorStandIn;
let identity: IdentityStandIn;
let service: TestService;

beforeAll(async () => {
  connector = await startConnectorStandIn();
  identity = await startIdentityStandIn();
  service = await startTestService(
    // A single-tenant registration, the default and the only kind Azure still creates.
    { BOT_ID: APP_ID, BOT_PASSWORD: 'not-a-real-secret', BOT_TENANT_ID: APP_TENANT_ID },
    { botOpenIdMetadataUrl: identity.openIdMetadataUrl },
  );
});

afterAll(async () => {
  await service.close();
  await identity.close();
  await connector.close();
});

const turnsRun = () =>
  service.logLines.filter((line) => line.msg === 'turn failed' || line.msg === 'turn handled').length;

function bearer(claims: Partial<Parameters<IdentityStandIn['issueToken']>[0]> = {}) {
  return { authorization: `Bearer ${identity.issueToken({ audience: APP_ID, serviceUrl: connector.url, ...claims })}` };
}

it.each([
  ['no Authorization header', () => ({})],
  ['another scheme', () => ({ authorization: 'Basic dXNlcjpwYXNz' })],
  ['a token that is not a JWT', () => ({ authorization: 'Bearer not-a-token' })],
  ['a token signed with a key the issuer does not publish', () => bearer({ untrustedKey: true })],
  ['an expired token', () => bearer({ expiresIn: -600 })],
  ['a token for another bot', () => bearer({ audience: OTHER_APP_ID })],
  ['a token from another issuer', () => bearer({ issuer: 'https://sts.example.org' })],
  ['a token for another service URL', () => bearer({ serviceUrl: 'https://smba.example.org/' })],
])('refuses a request with %s: 401, and the bot never runs', async (_label, headers: () => Record<string, string>) => {
  const before = turnsRun();
  const response = await post(
    `${service.url}/api/messages`,
    teamsActivity({ serviceUrl: connector.url, text: 'help' }),
    headers(),
  );
  expect(response.status).toBe(401);
  // The turn would have finished (and been logged) before the HTTP response went back.
  expect(turnsRun()).toBe(before);
  expect(connector.received).toHaveLength(0);
});

it('lets a correctly signed token through to the bot', async () => {
  const before = turnsRun();
  const response = await post(
    `${service.url}/api/messages`,
    teamsActivity({ serviceUrl: connector.url, text: 'help' }),
    bearer(),
  );
  expect(response.status).toBe(200);
  expect(turnsRun()).toBe(before + 1);
});
