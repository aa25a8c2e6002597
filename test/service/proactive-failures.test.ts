/**
 * Proactive sends from the whole service (the teams-ai Application installed on the adapter), not
 * the sender alone: a refusal from Teams must reach the sender as a refusal. The Application's
 * turn-error handler would otherwise catch it, apologise into the person's chat and report success.
 */
import { type ConnectorStandIn, startConnectorStandIn } from '../support/connector-stand-in';
import { startTestService, type TestService } from '../support/test-service';
import { cardText } from '../support/teams-activity';
import { committeeWithPeople, deadlineAlert, TENANT } from '../scheduler/sender-fixtures';

jest.setTimeout(60_000);

let connector: ConnectorStandIn;
let service: TestService;

beforeEach(async () => {
  connector = await startConnectorStandIn();
  service = await startTestService({ SENDER_POLL_SECONDS: '1' });
});

afterEach(async () => {
  await service.close();
  await connector.close();
});

test('someone who blocked the bot is recorded as unreachable, and only the lead officer hears of it', async () => {
  const { review, people, lead } = await committeeWithPeople(service.store, connector.url, 1);
  const blocked = `a:chat-${people[0].id}`;
  connector.removeConversation(blocked);
  const intent = deadlineAlert(TENANT, review.id, people[0].id, 1, new Date(Date.now() - 60_000));
  await service.queueReminder(intent);

  await connector.waitFor(1, 20_000);
  const [delivery] = (await service.store.outbox.get(TENANT, intent.key))!.deliveries;
  expect(delivery).toMatchObject({ status: 'unreachable', lastError: 'blocked-or-removed' });
  expect(connector.received.map((r) => r.conversationId)).toEqual([`a:chat-${lead.id}`]);
  expect(cardText(connector.received[0].activity.attachments![0].content)[0]).toBe(
    `I could not reach Person 0 (Committee Chair) for LR-2026-001 (Child A).`,
  );
  expect(service.logLines.map((l) => l.msg)).not.toContain('turn failed');
});
