/**
 * How the scheduler reaches Teams: the one seam between plain types and the Bot Framework.
 * `src/bot/teams-messenger.ts` implements it with the adapter; tests use the real one against a
 * stand-in Bot Connector. Errors come back as `TeamsSendError`, so nothing here knows HTTP clients.
 */
import type { StoredConversationReference } from '../store';

/** An Adaptive Card as plain JSON. */
export type CardJson = Record<string, unknown>;

export interface PersonalConversationRequest {
  tenantId: string;
  /** The Bot Connector address for the tenant's region. */
  serviceUrl: string;
  /** The person's Teams user id (`29:...`), or their Entra object id when that is all the bot knows. */
  userId: string;
}

export interface TeamsMessenger {
  /** Posts the card into the conversation; resolves with Teams' id for the new message. */
  send(reference: StoredConversationReference, card: CardJson): Promise<{ activityId: string | null }>;
  /** Opens (or finds: Teams returns the same one) the bot's one-to-one chat with a person. */
  createPersonalConversation(request: PersonalConversationRequest): Promise<StoredConversationReference>;
}

/** Why a call to Teams failed, in the terms the sender decides on. */
export type TeamsFailure =
  /** 429: too many requests. */
  | 'throttled'
  /** 412: Teams' precondition failed (a transient conflict on its side). */
  | 'precondition-failed'
  /** 500, 502, 503, 504: Teams' side failed; try again later. */
  | 'server-error'
  /** 403: the person blocked or removed the bot, or the bot is disabled in the tenant. */
  | 'forbidden'
  /** 404: the conversation or the person is not there (any more). */
  | 'not-found'
  /** The bot could not get its own token (wrong or expired client secret) or Teams refused it (401). */
  | 'authentication'
  /** No answer: connection refused, reset or timed out. The message may or may not have arrived. */
  | 'network'
  /** Any other refusal (400 and the like): sending the same thing again would fail the same way. */
  | 'rejected';

export class TeamsSendError extends Error {
  constructor(
    readonly failure: TeamsFailure,
    readonly status: number | null,
    /** From Retry-After, when Teams sent one. */
    readonly retryAfterMs: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'TeamsSendError';
  }
}

/** The failure a status code stands for. */
export function failureOfStatus(status: number): TeamsFailure {
  if (status === 429) return 'throttled';
  if (status === 412) return 'precondition-failed';
  if (status === 401) return 'authentication';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 500 || status === 502 || status === 503 || status === 504) return 'server-error';
  return 'rejected';
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isFinite(at) ? Math.max(0, at - now.getTime()) : null;
}
