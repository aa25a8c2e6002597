/**
 * The HTTP shell: restify serving Teams' messaging endpoint and a health check. Inbound
 * authentication is the adapter's: with a bot id configured, a request without a valid Bot
 * Framework token is answered 401 before any of the bot's code runs.
 */
import restify, { Server } from 'restify';
import type { Logger } from './logger';
import type { Bot } from './bot/create-bot';
import { malformedActivity } from './bot/activity-shape';
import type { CalendarFileRequest, CalendarFileResponse } from './bot/calendar-file';

export interface HealthReport {
  ok: boolean;
  engine: string;
  error?: string;
}

export interface ServerDependencies {
  bot: Pick<Bot, 'adapter' | 'runTurn'>;
  /** A real round trip to the store; must not throw. */
  storeHealth: () => Promise<HealthReport>;
  /** Whether the bot can write to Teams (false once it could not authenticate, e.g. an expired secret). */
  senderHealth?: () => { canSend: boolean; reason: string | null };
  logger: Logger;
  /** Serves the calendar files cards link to, at signed, expiring URLs. */
  calendarFile: (request: CalendarFileRequest) => Promise<CalendarFileResponse>;
}

/** What restify passes to its 'restifyError' listeners. */
interface RestifyError {
  statusCode?: number;
  message: string;
}

/** Teams posts activities of a few kilobytes; a report's text arrives well under this. */
const MAX_BODY_BYTES = 1024 * 1024;

export function createServer(deps: ServerDependencies): Server {
  const server = restify.createServer({ name: 'learning-review-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false }));

  server.post('/api/messages', async (req, res) => {
    // A body that is not an activity is the caller's mistake: 400, before the adapter would fail with 500.
    const malformed = malformedActivity(req.body);
    if (malformed !== null) {
      deps.logger.warn({ problem: malformed }, 'malformed activity refused');
      res.send(400, { error: 'The request body is not a Bot Framework activity.' });
      return;
    }
    await deps.bot.adapter.process(req, res, async (turn) => {
      const started = performance.now();
      // Errors inside the turn go to the application's error handler, which apologises and logs them.
      await deps.bot.runTurn(turn);
      const a = turn.activity;
      deps.logger.info(
        {
          activityType: a.type,
          activityId: a.id,
          tenantId: a.conversation?.tenantId,
          conversationId: a.conversation?.id,
          ms: Math.round(performance.now() - started),
        },
        'turn handled',
      );
    });
  });

  server.get('/calendar/:tenantId/:file', async (req, res) => {
    const params = req.params as { tenantId: string; file: string };
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const answer = await deps.calendarFile({
      tenantId: params.tenantId,
      file: params.file,
      expires: query.get('expires') ?? undefined,
      signature: query.get('signature') ?? undefined,
    });
    if (answer.status !== 200) {
      deps.logger.warn({ status: answer.status, tenantId: params.tenantId }, 'calendar link refused');
      res.send(answer.status, answer.body);
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': 'attachment; filename="meeting.ics"',
      // The file names a review: no shared cache may keep it.
      'cache-control': 'private, no-store',
    });
    res.end(answer.body);
  });

  server.get('/healthz', async (_req, res) => {
    const store = await deps.storeHealth();
    if (!store.ok) deps.logger.warn({ engine: store.engine, error: store.error }, 'health check: store unavailable');
    const sender = deps.senderHealth?.() ?? { canSend: true, reason: null };
    // The reason stays in the log: the endpoint is public and an error may name a host.
    const status = !store.ok ? 'unavailable' : sender.canSend ? 'ok' : 'cannot-send';
    res.send(status === 'ok' ? 200 : 503, {
      status,
      store: { ok: store.ok, engine: store.engine },
      sender: { canSend: sender.canSend, ...(sender.canSend ? {} : { reason: sender.reason }) },
    });
  });

  server.on('restifyError', (req: restify.Request, _res: restify.Response, err: RestifyError, callback: () => void) => {
    deps.logger.warn(
      { method: req.method, path: req.path(), status: err.statusCode, error: err.message },
      'request refused',
    );
    callback();
  });

  return server;
}
