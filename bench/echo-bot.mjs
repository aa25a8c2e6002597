// The baseline for the inbound benchmark: a bare teams-ai echo bot on the bot's own stack (restify,
// TeamsAdapter, Application), with teams-ai's in-memory turn state. It repeats what it is told, and
// answers any card action with a one-line card. Plain JavaScript run by plain node, as the bot runs
// from dist/. Usage: PORT=3979 node bench/echo-bot.mjs
//
// With CLAIMS_SQLITE=<file> it first records each activity's claim as the bot does (the same table,
// index and statement, the same relaxed flush, in SQLite in WAL mode), through better-sqlite3 alone,
// and answers a repeat with nothing: the least any bot that must not act twice on one activity does.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const restify = require('restify');
const { MemoryStorage } = require('botbuilder');
const { Application, TeamsAdapter } = require('@microsoft/teams-ai');

const adapter = new TeamsAdapter({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant' });
const app = new Application({
  adapter,
  storage: new MemoryStorage(),
  removeRecipientMention: true,
  startTypingTimer: false,
});

app.adaptiveCards.actionExecute(/.*/, () =>
  Promise.resolve({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Echo' }] }),
);
app.activity('message', async (context) => {
  await context.sendActivity(`You said: ${context.activity.text}`);
});

/** True for the first delivery of an activity; without CLAIMS_SQLITE, always. */
function claims(path) {
  if (!path) return () => true;
  const Database = require('better-sqlite3');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`create table if not exists inbound_activities (activity_key text primary key, tenant_id text not null,
    received_at text not null, expires_at text not null);
    create index if not exists inbound_activities_expiry_idx on inbound_activities (expires_at)`);
  const relax = db.prepare('PRAGMA synchronous = NORMAL');
  const restore = db.prepare('PRAGMA synchronous = FULL');
  const insert = db.prepare(`insert into inbound_activities (activity_key, tenant_id, received_at, expires_at)
    values (?, ?, ?, ?) on conflict (activity_key) do update set tenant_id = excluded.tenant_id,
    received_at = excluded.received_at, expires_at = excluded.expires_at
    where inbound_activities.expires_at <= excluded.received_at returning activity_key`);
  return (activity) => {
    const tenant = activity.conversation?.tenantId ?? '';
    const key = createHash('sha256')
      .update(`${tenant}\u0000${activity.channelId}\u0000${activity.conversation?.id}\u0000${activity.id}`)
      .digest('hex');
    const now = Date.now();
    relax.run();
    try {
      const at = new Date(now).toISOString();
      return insert.get(key, tenant, at, new Date(now + 86_400_000).toISOString()) !== undefined;
    } finally {
      restore.run();
    }
  };
}
const claim = claims(process.env.CLAIMS_SQLITE);

const server = restify.createServer({ name: 'echo-bot', handleUncaughtExceptions: false });
server.use(restify.plugins.bodyParser({ mapParams: false }));
server.post('/api/messages', async (req, res) => {
  if (!claim(req.body)) {
    res.send(200);
    return;
  }
  await adapter.process(req, res, (context) => app.run(context));
});
server.get('/healthz', async (_req, res) => {
  res.send(200, { status: 'ok' });
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
