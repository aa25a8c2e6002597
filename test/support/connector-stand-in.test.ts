/**
 * The stand-in Bot Connector itself: what tests rely on beyond the routes Teams documents.
 */
import http from 'node:http';
import { startConnectorStandIn } from './connector-stand-in';

test('keeps an idle connection open until it is closed, so no real-time timeout races a walk on a fake clock', async () => {
  const connector = await startConnectorStandIn();
  const agent = new http.Agent({ keepAlive: true });
  try {
    const post = () =>
      new Promise<{ keepAlive: unknown; reused: boolean; status: number | undefined }>((resolve, reject) => {
        const request = http.request(
          `${connector.url}/v3/conversations/a%3Achat-1/activities`,
          { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
          (response) => {
            response.resume();
            response.on('end', () =>
              resolve({
                keepAlive: response.headers['keep-alive'],
                reused: request.reusedSocket,
                status: response.statusCode,
              }),
            );
          },
        );
        request.on('error', reject);
        request.end(JSON.stringify({ type: 'message', conversation: { id: 'a:chat-1', tenantId: 'tenant-1' } }));
      });

    const first = await post();
    const second = await post();
    // A server that drops idle connections says after how long (Keep-Alive: timeout=5 is Node's
    // default); the bot's HTTP client does not read it, and may send on a connection as it is dropped.
    expect(first).toEqual({ keepAlive: undefined, reused: false, status: 200 });
    expect(second).toEqual({ keepAlive: undefined, reused: true, status: 200 });
    expect(connector.received).toHaveLength(2);
  } finally {
    agent.destroy();
    await connector.close();
  }
});
