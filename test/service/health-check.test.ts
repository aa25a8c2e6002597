/** /healthz tells a monitor when the bot cannot send (it could not authenticate to Teams). */
import { createServer } from '../../src/server';
import { createLogger } from '../../src/logger';
import { createAdapter } from '../../src/bot/create-bot';

it('says cannot-send, with 503, while the sender cannot authenticate', async () => {
  let canSend = true;
  const server = createServer({
    bot: { adapter: createAdapter({ type: 'MultiTenant' }), runTurn: () => Promise.resolve(true) },
    calendarFile: () => Promise.resolve({ status: 404, body: { error: 'not found' } }),
    storeHealth: () => Promise.resolve({ ok: true, engine: 'sqlite' }),
    senderHealth: () => (canSend ? { canSend, reason: null } : { canSend, reason: 'authentication' }),
    logger: createLogger('silent'),
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${server.address().port}/healthz`;
  try {
    expect((await fetch(url)).status).toBe(200);
    canSend = false;
    const response = await fetch(url);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'cannot-send',
      store: { ok: true, engine: 'sqlite' },
      sender: { canSend: false, reason: 'authentication' },
    });
  } finally {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
    });
  }
});
