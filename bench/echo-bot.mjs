// The baseline for the inbound benchmark: a bare teams-ai echo bot on the bot's own stack (restify,
// TeamsAdapter, Application), with teams-ai's in-memory turn state. It repeats what it is told, and
// answers any card action with a one-line card. Plain JavaScript run by plain node, as the bot runs
// from dist/. Usage: PORT=3979 node bench/echo-bot.mjs
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

const server = restify.createServer({ name: 'echo-bot', handleUncaughtExceptions: false });
server.use(restify.plugins.bodyParser({ mapParams: false }));
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (context) => app.run(context));
});
server.get('/healthz', async (_req, res) => {
  res.send(200, { status: 'ok' });
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
