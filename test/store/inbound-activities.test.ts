/**
 * An activity Teams delivers twice is claimed once: on one connection, on two stores sharing one
 * database (two instances), and again only once its claim has expired. Runs against both engines.
 */
import { forEachEngine, SERVER_TIMEOUT_MS, testClock } from './engines';

jest.setTimeout(SERVER_TIMEOUT_MS);

const TENANT = 'tenant-inbound';
const activity = (activityId: string) => ({ channelId: 'msteams', conversationId: 'a:chat-1', activityId });
const HOUR = 60 * 60 * 1000;

forEachEngine((harness) => {
  test('the first delivery claims an activity; a repeat does not', async () => {
    const store = await (await harness.fresh()).open(testClock().now);
    expect(await store.inboundActivities.claim(TENANT, activity('1'))).toBe(true);
    expect(await store.inboundActivities.claim(TENANT, activity('1'))).toBe(false);
    // Another activity, or the same id in another conversation, is not a repeat.
    expect(await store.inboundActivities.claim(TENANT, activity('2'))).toBe(true);
    expect(await store.inboundActivities.claim(TENANT, { ...activity('1'), conversationId: 'a:chat-2' })).toBe(true);
  });

  test("another tenant's activity with the same ids is not a repeat", async () => {
    const store = await (await harness.fresh()).open(testClock().now);
    expect(await store.inboundActivities.claim(TENANT, activity('1'))).toBe(true);
    expect(await store.inboundActivities.claim('tenant-other', activity('1'))).toBe(true);
    expect(await store.inboundActivities.claim('tenant-other', activity('1'))).toBe(false);
  });

  test('two instances on one database claim each activity once between them, at the same time', async () => {
    const database = await harness.fresh();
    const clock = testClock();
    const [first, second] = [await database.open(clock.now), await database.open(clock.now)];
    const ids = Array.from({ length: 20 }, (_, i) => `activity-${i}`);
    const results = await Promise.all(
      ids.flatMap((id) => [first, second].map((store) => store.inboundActivities.claim(TENANT, activity(id)))),
    );
    expect(results.filter(Boolean)).toHaveLength(ids.length);
  });

  test('a claim survives a restart, and expires', async () => {
    const database = await harness.fresh();
    const clock = testClock();
    const before = await database.open(clock.now);
    expect(await before.inboundActivities.claim(TENANT, activity('1'), HOUR)).toBe(true);
    await before.close();

    const after = await database.open(clock.now);
    expect(await after.inboundActivities.claim(TENANT, activity('1'), HOUR)).toBe(false);
    clock.advance(HOUR - 1);
    expect(await after.inboundActivities.claim(TENANT, activity('1'), HOUR)).toBe(false);
    clock.advance(1);
    expect(await after.inboundActivities.claim(TENANT, activity('1'), HOUR)).toBe(true);
    expect(await after.inboundActivities.claim(TENANT, activity('1'), HOUR)).toBe(false);
  });

  test('refuses a delivery without an activity id rather than treating it as a repeat', async () => {
    const store = await (await harness.fresh()).open(testClock().now);
    await expect(store.inboundActivities.claim(TENANT, activity(''))).rejects.toThrow(
      'The activity id cannot be empty.',
    );
  });
});
