/**
 * Card actions (Action.Execute): each declares its verb, the roles it requires and the zod schema of
 * its payload. Every field is untrusted: the payload is parsed, a review it names is looked up in
 * this committee only, and the person's roles are checked again, whatever the card said. A refusal
 * is logged (ids and the reason, never the payload) and answered with a card that replaces the one
 * clicked.
 */
import type { z } from 'zod';
import { isStoreError, NotFoundError } from '../store';
import type { Review } from '../domain';
import { authorise, hasCommitteeRole, refusal, type Requirement } from './authorise';
import { problem } from './command-router';
import { erasedAnswer } from './erased-answer';
import type { CardAnswer } from './present-card';
import type { BotTurnContext } from './turn-context';

export interface ActionDefinition<S extends z.ZodTypeAny = z.ZodTypeAny> {
  verb: string;
  requires: Requirement;
  payload: S;
  /**
   * Whether this answer replaces the clicked card for everyone in the conversation (a form whose work
   * is done), not only for the clicker (Teams' default). Never for a refusal.
   */
  replacesForEveryone?(answer: CardAnswer): boolean;
  /** Whether an erased person may use it (only to answer whether to use their name again). */
  forErasedPerson?: boolean;
  /** The reference of the review the payload names, if any: loaded from this committee, roles re-checked. */
  reviewOf?(payload: z.output<S>): string | null;
  run(ctx: BotTurnContext, payload: z.output<S>, review: Review | null): Promise<CardAnswer>;
}

export const defineAction = <S extends z.ZodTypeAny>(action: ActionDefinition<S>): ActionDefinition<S> => action;

export type ActionRefusal = 'unknown_verb' | 'bad_payload' | 'unknown_review' | 'not_allowed';

const STALE = 'That card is out of date or was changed, so I did nothing. Type help to start again.';

/** A verb is logged only if it looks like one: a tampered verb could carry anything. */
const VERB = /^[a-z0-9][a-z0-9.-]{0,59}$/;

function refused(ctx: BotTurnContext, verb: string, reason: ActionRefusal): void {
  ctx.logger.warn(
    { tenantId: ctx.tenantId, personId: ctx.person.id, verb: VERB.test(verb) ? verb : '[not a verb]', refusal: reason },
    'card action refused',
  );
}

/** Runs one action for its verb: parse, re-check, run. */
export async function runAction(ctx: BotTurnContext, action: ActionDefinition, data: unknown): Promise<CardAnswer> {
  // Someone erased is asked first whether to use their name again; nothing else is done for them.
  if (ctx.erased && !action.forErasedPerson) return erasedAnswer(ctx);
  const parsed = action.payload.safeParse(data);
  if (!parsed.success) {
    refused(ctx, action.verb, 'bad_payload');
    return problem(STALE);
  }
  const reference = action.reviewOf?.(parsed.data) ?? null;
  let review: Review | null = null;
  if (reference !== null) {
    try {
      review = await ctx.store.reviews.loadByReference(ctx.tenantId, reference);
    } catch (error) {
      if (!(error instanceof NotFoundError) && !(isStoreError(error) && error.code === 'invalid_value')) throw error;
      refused(ctx, action.verb, 'unknown_review');
      // Whether the review exists elsewhere, or at all, is not said to someone without the role.
      return (await hasCommitteeRole(ctx, action.requires))
        ? problem(error.message)
        : refusal(ctx, action.requires, null);
    }
  }
  const verdict = await authorise(ctx, action.requires, review);
  if (!verdict.allowed) {
    refused(ctx, action.verb, 'not_allowed');
    return verdict.refusal;
  }
  try {
    return await action.run(ctx, parsed.data, review);
  } catch (error) {
    if (isStoreError(error) && error.code !== 'storage_unavailable') return problem(error.message);
    throw error;
  }
}

/** A verb no action declares: a card from an old version, or a tampered one. */
export function unknownVerb(ctx: BotTurnContext, verb: string): CardAnswer {
  refused(ctx, verb, 'unknown_verb');
  return problem(STALE);
}
