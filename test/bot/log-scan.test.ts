/**
 * The log scan that every conversation test ends with (test/support/log-scan.ts) can fail: a
 * sensitive value the test stored or typed, found in any field of any log line, fails the test
 * when its service closes. The conversation suites run at `trace`, so nothing is below the bar.
 */
import { leaksIn, TYPED_IN_TESTS } from '../support/log-scan';
import { ConnectorStandIn, startConnectorStandIn } from '../support/connector-stand-in';
import { inScope, LEAD_OFFICER, post, teamsActivity } from '../support/teams-activity';
import { startTestService, type TestService } from '../support/test-service';

let connector: ConnectorStandIn;
let service: TestService;

beforeEach(async () => {
  connector = await startConnectorStandIn();
  service = await startTestService({ LEAD_OFFICERS: LEAD_OFFICER.aadObjectId });
});

afterEach(async () => {
  await service.close();
  await connector.close();
});

const say = (text: string) =>
  post(`${service.url}/api/messages`, teamsActivity({ serviceUrl: connector.url, ...inScope('personal', text) }));

it('runs the service at trace and passes a clean log', async () => {
  expect(service.config.logLevel).toBe('trace');
  await say('new cp 20/10/2026 Child Q');
  expect(service.logLines.length).toBeGreaterThan(0);
  await expect(service.close()).resolves.toBeUndefined();
});

it.each([
  ['a pseudonym the test stored', { review: { label: 'Child Q' } }, 'Child Q'],
  ['a display name the test stored', { who: `by ${LEAD_OFFICER.name}` }, LEAD_OFFICER.name],
  ['an e-mail address in another case', { to: 'JO.BLOGGS@NHS.SCOT' }, 'jo.bloggs@nhs.scot'],
  ['what a test typed, in a field name', { 'the Smith family': 1 }, 'Smith'],
])('fails the test when a line holds %s', async (_label, fields, value) => {
  await say('new cp 20/10/2026 Child Q');
  service.logLines.push({ level: 30, msg: 'leaky', ...fields });
  await expect(service.close()).rejects.toThrow(value);
});

it('ignores the words the bot gives people in place of a name, and short values', () => {
  const lines = [{ msg: 'x', who: 'Former member 3', also: 'Someone', initial: 'A' }];
  expect(leaksIn(lines, ['Former member 3', 'Someone', 'A'])).toEqual([]);
  expect(TYPED_IN_TESTS).toContain(LEAD_OFFICER.name);
});
