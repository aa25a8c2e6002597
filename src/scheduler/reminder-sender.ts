/**
 * The reminder sender: drains the outbox continuously. It wakes when something is queued (so an
 * invitation goes out within seconds) and polls as a fallback. For each claimed delivery it:
 *
 * 1. re-reads the review and asks the domain whether the reminder still holds (if not: superseded);
 * 2. finds the person's personal chat with the bot, or opens one and stores it;
 * 3. renders the card, with a meeting's title or a pause's note looked up now (one to one only);
 * 4. waits for room under Teams' limits (shared by every instance), one send at a time per person;
 * 5. records the attempt as in flight, calls Teams, and records the outcome.
 *
 * The weekly digest (a message about the whole committee, not one review) goes the same way; its
 * rows are worked out at step 3 from the committee's open reviews, so they are true when it arrives.
 *
 * A crash between 5's call and its record leaves the delivery marked in flight; whoever claims it
 * next sends it again (Teams cannot de-duplicate on an id the bot chooses) and counts it as an
 * uncertain send. So a crash duplicates at most the messages in flight at that moment, each once.
 */
import { randomUUID } from 'node:crypto';
import {
  type Calendar,
  type DeadlineOutstanding,
  deadlineOutstanding,
  type DigestRow,
  isDeadlineAlert,
  committeeEngine,
  type EngineSetup,
  reminderCurrency,
  type Review,
  type UnreachableReason,
  unreachableNotice,
  type ReminderIntent,
  OVERSIGHT_DIGEST_RULE,
  type OversightActionRow,
  oversightDigest,
  weeklyDigest,
} from '../domain';
import type { Logger } from '../logger';
import {
  ConflictError,
  type ClaimedDelivery,
  type OutboxReminder,
  type OutboxSubject,
  type Person,
  type Store,
  type StoredConversationReference,
} from '../store';
import { decideAfterFailure, DEFAULT_RETRY_POLICY, type RetryPolicy } from './send-failures';
import type { SendLimiter } from './send-limits';
import { openReviewsOf } from './weekly-digests';
import { type CardJson, type TeamsMessenger, TeamsSendError } from './teams-messenger';

/** Everything a card for one delivery may show, as plain data. */
export interface DeliveryMessage {
  tenantId: string;
  /** The committee's zone, for dates in words. */
  timeZone: string;
  rule: string;
  severity: ReminderIntent['severity'];
  subject: OutboxSubject;
  facts: ReminderIntent['facts'];
  dueAt: Date;
  recipient: { role: string; displayName: string };
  /** Looked up at send time; present only because the message goes to one person. */
  meetingTitle: string | null;
  /** The reason recorded for the review's latest clock pause, for reminders about the clock. */
  pauseNote: string | null;
  /** For a notice that someone could not be reached: who. */
  unreachablePersonName: string | null;
  /** For the weekly digest: the committee's open reviews, most urgent first. */
  digest: DigestRow[] | null;
  /**
   * For the Sub-group's quarterly digest: every open review and every open improvement action, each
   * action with its description, looked up now (the message goes to one person).
   */
  oversight: { reviews: DigestRow[]; actions: Array<OversightActionRow & { description: string }> } | null;
  /** For a deadline alert: what is still outstanding in the review, and the action that would help most. */
  outstanding?: DeadlineOutstanding | null;
}

/** The card for one delivery; it may read the store (an invitation is built from the meeting as it stands). */
export type RenderDelivery = (message: DeliveryMessage) => CardJson | Promise<CardJson>;

export interface SenderHealth {
  /** False once the bot could not authenticate to Teams (e.g. an expired client secret), until a send works. */
  canSend: boolean;
  reason: 'authentication' | null;
}

export interface DrainSummary {
  claimed: number;
  sent: number;
  superseded: number;
  unreachable: number;
  retrying: number;
  failed: number;
  /** Sent again after an attempt whose outcome was not known (a crash or a lost lease). */
  resentUncertain: number;
}

export interface ReminderSenderOptions {
  store: Store;
  messenger: TeamsMessenger;
  render: RenderDelivery;
  limiter: SendLimiter;
  logger: Logger;
  calendarFor: (tenantId: string) => Promise<Calendar>;
  /** Templates and policy, for the weekly digest's rows; each committee's calendar replaces its calendar. */
  engine: EngineSetup;
  now?: () => Date;
  /** Names this instance in claim tokens. */
  workerId?: string;
  /** How long a claim is exclusive (by the database's clock). */
  leaseMs?: number;
  /** Deliveries claimed at a time. */
  batchSize?: number;
  /** People written to at once (each person's messages still go one at a time). */
  concurrency?: number;
  /** How often to look for due deliveries when nothing woke the sender. */
  pollMs?: number;
  retry?: RetryPolicy;
  /** Where to open a personal chat when no conversation in the tenant has told us its region. */
  defaultServiceUrl?: string;
  random?: () => number;
}

export interface ReminderSender {
  start(): void;
  /** Stops claiming; resolves when the sends under way have finished. */
  stop(): Promise<void>;
  /** Something was queued: look now rather than at the next poll. */
  wake(): void;
  /** Sends everything due now, claim after claim, until nothing is left; for `npm run sweep` and tests. */
  drain(): Promise<DrainSummary>;
  health(): SenderHealth;
}

type Outcome = 'sent' | 'superseded' | 'unreachable' | 'retrying' | 'failed' | 'lease-lost';

const CLOCK_RULES = /^(deadline42|report|milestone|review\.timescale)\./;
export const DEFAULT_SERVICE_URL = 'https://smba.trafficmanager.net/teams/';

const emptySummary = (): DrainSummary => ({
  claimed: 0,
  sent: 0,
  superseded: 0,
  unreachable: 0,
  retrying: 0,
  failed: 0,
  resentUncertain: 0,
});

/**
 * A week on, a weekly digest not yet sent has been replaced by the next one. A quarterly digest is
 * still worth sending for a month; after that the Sub-group's meeting it was for has passed.
 */
const DAY_MS = 24 * 3_600_000;
const digestLifetimeMs = (rule: string) => (rule === OVERSIGHT_DIGEST_RULE ? 30 : 7) * DAY_MS;

/** A reminder about one review's item (everything but the committee-wide digest). */
function isAboutReview(
  reminder: OutboxReminder,
): reminder is OutboxReminder & { reviewId: string; subject: ReminderIntent['subject'] } {
  return reminder.reviewId !== null && reminder.subject.type !== 'committee';
}

/** The person's one-to-one chat with the bot, most recently used first. */
function personalConversation(references: StoredConversationReference[]): StoredConversationReference | null {
  return references.find((ref) => ref.conversation.conversationType === 'personal') ?? null;
}

export function createReminderSender(options: ReminderSenderOptions): ReminderSender {
  const { store, messenger, render, limiter, logger } = options;
  const now = options.now ?? (() => new Date());
  const workerId = options.workerId ?? `sender-${randomUUID().slice(0, 8)}`;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const batchSize = options.batchSize ?? 50;
  const concurrency = options.concurrency ?? 8;
  const pollMs = options.pollMs ?? 15_000;
  const retry = options.retry ?? DEFAULT_RETRY_POLICY;
  const random = options.random ?? Math.random;
  const defaultServiceUrl = options.defaultServiceUrl ?? DEFAULT_SERVICE_URL;

  let health: SenderHealth = { canSend: true, reason: null };
  let running = false;
  let loop: Promise<void> | null = null;
  let wakeUp: (() => void) | null = null;
  let woken = false;

  function cannotAuthenticate(error: TeamsSendError) {
    if (health.canSend) {
      logger.error(
        { failure: error.failure, status: error.status },
        'cannot send: the bot could not authenticate to Teams (check BOT_ID and BOT_PASSWORD; the client secret may have expired)',
      );
    }
    health = { canSend: false, reason: 'authentication' };
  }

  async function unreachable(d: ClaimedDelivery, review: Review | null, reason: UnreachableReason): Promise<Outcome> {
    await store.outbox.markUnreachable(d.tenantId, d.id, d.claimToken, reason);
    // A review's lead officer is told; a digest goes to the lead officers themselves, so nobody is.
    const notice = review && unreachableNotice(review, d.recipient, reason, d.reminder.rule, now());
    if (notice) {
      const { created } = await store.outbox.enqueue(d.tenantId, notice);
      if (created)
        logger.info({ tenantId: d.tenantId, reviewId: notice.reviewId, deliveryId: d.id }, 'lead officer to be told');
    }
    logger.warn({ tenantId: d.tenantId, deliveryId: d.id, cause: reason }, 'reminder could not be delivered');
    return 'unreachable';
  }

  async function failed(d: ClaimedDelivery, review: Review | null, error: unknown): Promise<Outcome> {
    const teamsError =
      error instanceof TeamsSendError
        ? error
        : new TeamsSendError('network', null, null, error instanceof Error ? error.message : String(error));
    if (teamsError.failure === 'authentication') cannotAuthenticate(teamsError);
    const decision = decideAfterFailure(teamsError.failure, teamsError.retryAfterMs, d.attempts, retry, random);
    const described = `${teamsError.failure}${teamsError.status === null ? '' : ` (HTTP ${teamsError.status})`}`;
    if (decision.action === 'unreachable') return unreachable(d, review, decision.reason);
    if (decision.action === 'retry') {
      await store.outbox.markFailed(d.tenantId, d.id, d.claimToken, {
        error: described,
        retryAt: new Date(now().getTime() + decision.delayMs),
      });
      logger.info(
        {
          tenantId: d.tenantId,
          deliveryId: d.id,
          attempt: d.attempts,
          status: teamsError.status,
          delayMs: decision.delayMs,
        },
        'reminder send failed; will retry',
      );
      return 'retrying';
    }
    await store.outbox.markFailed(d.tenantId, d.id, d.claimToken, { error: described, retryAt: null });
    logger.error({ tenantId: d.tenantId, deliveryId: d.id, status: teamsError.status }, 'reminder send given up');
    return 'failed';
  }

  async function messageFor(
    d: ClaimedDelivery & { reminder: { subject: ReminderIntent['subject'] } },
    review: Review,
    person: Person,
  ): Promise<DeliveryMessage> {
    const { subject, facts, rule } = d.reminder;
    const meetingId =
      subject.type === 'meeting'
        ? subject.id
        : subject.type === 'invitation'
          ? decodeURIComponent(subject.id.split('/')[0] ?? '')
          : null;
    const meeting = meetingId === null ? undefined : review.meetings.find((m) => m.id === meetingId);
    const latestPause = review.pauses.at(-1);
    const unreachableId = typeof facts.unreachablePersonId === 'string' ? facts.unreachablePersonId : null;
    const calendar = await options.calendarFor(d.tenantId);
    return {
      tenantId: d.tenantId,
      timeZone: calendar.timeZone,
      rule,
      severity: d.reminder.severity,
      subject,
      facts,
      dueAt: d.reminder.dueAt,
      recipient: { role: d.recipient.role, displayName: person.displayName },
      meetingTitle: meeting?.title ?? null,
      pauseNote: CLOCK_RULES.test(rule) && latestPause ? latestPause.note : null,
      unreachablePersonName: unreachableId ? (await store.people.get(d.tenantId, unreachableId)).displayName : null,
      digest: null,
      oversight: null,
      outstanding: isDeadlineAlert(rule) ? deadlineOutstanding(review, calendar, now()) : null,
    };
  }

  /** The Sub-group's quarterly digest for one member, with the committee's open reviews and actions as they stand now. */
  async function oversightMessageFor(d: ClaimedDelivery, person: Person): Promise<DeliveryMessage> {
    const calendar = await options.calendarFor(d.tenantId);
    const committee = await store.committees.get(d.tenantId);
    const context = committeeEngine(options.engine, calendar, committee?.reminderTime);
    const reviews = await openReviewsOf(store, d.tenantId);
    const digest = oversightDigest(reviews, context, now());
    for (const failure of digest.failures) {
      logger.error(
        { tenantId: d.tenantId, reviewId: failure.reviewId, err: { type: failure.error.name } },
        'review left out of the quarterly oversight digest',
      );
    }
    const descriptions = new Map(
      reviews.flatMap((review) => review.improvementActions.map((action) => [action.id, action.description])),
    );
    return {
      tenantId: d.tenantId,
      timeZone: calendar.timeZone,
      rule: d.reminder.rule,
      severity: d.reminder.severity,
      subject: d.reminder.subject,
      facts: d.reminder.facts,
      dueAt: d.reminder.dueAt,
      recipient: { role: d.recipient.role, displayName: person.displayName },
      meetingTitle: null,
      pauseNote: null,
      unreachablePersonName: null,
      digest: null,
      oversight: {
        reviews: digest.reviews,
        actions: digest.actions.map((row) => ({ ...row, description: descriptions.get(row.actionId) ?? '' })),
      },
    };
  }

  /** The weekly digest for one person, with the committee's open reviews as they stand now. */
  async function digestMessageFor(d: ClaimedDelivery, person: Person): Promise<DeliveryMessage> {
    const calendar = await options.calendarFor(d.tenantId);
    const committee = await store.committees.get(d.tenantId);
    const context = committeeEngine(options.engine, calendar, committee?.reminderTime);
    const digest = weeklyDigest(await openReviewsOf(store, d.tenantId), context, now());
    for (const failure of digest.failures) {
      logger.error(
        { tenantId: d.tenantId, reviewId: failure.reviewId, err: { type: failure.error.name } },
        'review left out of the weekly digest',
      );
    }
    return {
      tenantId: d.tenantId,
      timeZone: calendar.timeZone,
      rule: d.reminder.rule,
      severity: d.reminder.severity,
      subject: d.reminder.subject,
      facts: d.reminder.facts,
      dueAt: d.reminder.dueAt,
      recipient: { role: d.recipient.role, displayName: person.displayName },
      meetingTitle: null,
      pauseNote: null,
      unreachablePersonName: null,
      digest: digest.rows,
      oversight: null,
    };
  }

  async function superseded(d: ClaimedDelivery, reason: string): Promise<Outcome> {
    await store.outbox.markSuperseded(d.tenantId, d.id, d.claimToken, reason);
    logger.info({ tenantId: d.tenantId, deliveryId: d.id, cause: reason }, 'reminder superseded');
    return 'superseded';
  }

  async function deliver(d: ClaimedDelivery): Promise<Outcome> {
    const { reminder } = d;
    const review = isAboutReview(reminder) ? await store.reviews.load(d.tenantId, reminder.reviewId) : null;
    if (review && isAboutReview(reminder)) {
      const verdict = reminderCurrency(review, reminder, now());
      if (!verdict.current) return superseded(d, verdict.reason);
    } else if (now().getTime() >= reminder.dueAt.getTime() + digestLifetimeMs(reminder.rule)) {
      return superseded(d, 'digest-replaced');
    }
    const personId = d.recipient.personId;
    if (personId === null) return unreachable(d, review, 'no-one-holds-role');
    const person = await store.people.get(d.tenantId, personId);
    if (await store.erasure.get(d.tenantId, personId)) return unreachable(d, review, 'erased');

    let reference = personalConversation(await store.conversationReferences.listForPerson(d.tenantId, personId));
    if (!reference) {
      const userId = person.teamsUserId ?? person.aadObjectId;
      if (!userId) return unreachable(d, review, 'no-teams-account');
      const serviceUrl = (await store.conversationReferences.latestServiceUrl(d.tenantId)) ?? defaultServiceUrl;
      const permit = await limiter.acquire(d.tenantId, `new-chat:${personId}`);
      try {
        reference = await messenger.createPersonalConversation({ tenantId: d.tenantId, serviceUrl, userId });
      } catch (error) {
        await permit.finished();
        if (error instanceof TeamsSendError && (error.failure === 'forbidden' || error.failure === 'not-found'))
          return unreachable(d, review, 'not-installed');
        return failed(d, review, error);
      }
      await permit.finished();
      await store.conversationReferences.save(d.tenantId, 'system', personId, reference);
      logger.info(
        { tenantId: d.tenantId, personId, conversationId: reference.conversation.id },
        'personal chat opened',
      );
    }

    const card = await render(
      review && isAboutReview(reminder)
        ? await messageFor({ ...d, reminder }, review, person)
        : reminder.rule === OVERSIGHT_DIGEST_RULE
          ? await oversightMessageFor(d, person)
          : await digestMessageFor(d, person),
    );
    const conversationId = reference.conversation.id;
    // The send counts against Teams' limits from here until its call comes back (see send-limits.ts).
    const permit = await limiter.acquire(d.tenantId, conversationId);
    try {
      await store.outbox.markInFlight(d.tenantId, d.id, d.claimToken, conversationId);
    } catch (error) {
      await permit.abandoned();
      if (error instanceof ConflictError) {
        logger.warn(
          { tenantId: d.tenantId, deliveryId: d.id },
          'lease lost before sending; left to the sender that holds it',
        );
        return 'lease-lost';
      }
      throw error;
    }
    if (d.uncertain) {
      logger.warn(
        { tenantId: d.tenantId, deliveryId: d.id },
        'sending again: an earlier attempt was in flight when its sender stopped, and may have arrived',
      );
    }
    let activityId: string | null;
    try {
      ({ activityId } = await messenger.send(reference, card));
    } catch (error) {
      await permit.finished();
      return failed(d, review, error);
    }
    await permit.finished();
    health = { canSend: true, reason: null };
    await store.outbox.markSent(d.tenantId, d.id, d.claimToken, { activityId });
    return 'sent';
  }

  /** One person's deliveries, one after another. */
  async function deliverAll(group: ClaimedDelivery[], summary: DrainSummary): Promise<void> {
    for (const d of group) {
      try {
        const outcome = await deliver(d);
        if (outcome !== 'lease-lost') summary[outcome] += 1;
        if (outcome === 'sent' && d.uncertain) summary.resentUncertain += 1;
      } catch (error) {
        // The store or the code failed, not Teams: leave the claim to run out and be retried.
        logger.error(
          {
            tenantId: d.tenantId,
            deliveryId: d.id,
            err: { message: error instanceof Error ? error.message : String(error) },
          },
          'reminder delivery failed unexpectedly; it will be retried when its lease ends',
        );
      }
    }
  }

  async function drainBatch(summary: DrainSummary): Promise<number> {
    const claimed = await store.outbox.claimDue({ now: now(), limit: batchSize, workerId, leaseMs });
    if (claimed.length === 0) return 0;
    summary.claimed += claimed.length;
    const byPerson = new Map<string, ClaimedDelivery[]>();
    for (const d of claimed) {
      const key = `${d.tenantId}|${d.recipient.personId ?? d.id}`;
      byPerson.set(key, [...(byPerson.get(key) ?? []), d]);
    }
    const groups = [...byPerson.values()];
    const workers = Array.from({ length: Math.min(concurrency, groups.length) }, async () => {
      for (let group = groups.shift(); group; group = groups.shift()) await deliverAll(group, summary);
    });
    await Promise.all(workers);
    return claimed.length;
  }

  async function drain(): Promise<DrainSummary> {
    const summary = emptySummary();
    while ((await drainBatch(summary)) > 0) {
      if (!running && loop !== null) break;
    }
    if (summary.claimed > 0) logger.info({ ...summary, workerId }, 'reminders sent');
    return summary;
  }

  function pause(ms: number): Promise<void> {
    if (woken) {
      woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        wakeUp = null;
        resolve();
      }, ms);
      wakeUp = () => {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      };
    });
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        while (running) {
          try {
            await drain();
          } catch (error) {
            logger.error(
              { err: { message: error instanceof Error ? error.message : String(error) } },
              'sender loop failed',
            );
          }
          if (running) await pause(pollMs);
        }
      })();
    },
    async stop() {
      running = false;
      wakeUp?.();
      await loop;
      loop = null;
    },
    wake() {
      if (wakeUp) wakeUp();
      else woken = true;
    },
    drain,
    health: () => health,
  };
}
