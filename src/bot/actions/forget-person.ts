/**
 * The erasure card's buttons: "Erase them" erases the person it names, for the reason chosen, and
 * "Cancel" does nothing. The payload is untrusted: the person is looked up in this committee, the
 * reason must be one of the fixed list, the clicker must still be a lead officer (checked by
 * runAction), and the click must come from a personal chat, where the card was sent.
 */
import { z } from 'zod';
import { ERASURE_REASONS } from '../../store';
import { LEAD_OFFICERS_ONLY } from '../authorise';
import { defineAction } from '../card-actions';
import { problem } from '../command-router';
import { confirmErasure } from '../commands/forget-person';
import { answer } from '../present-card';
import { isShared } from '../scope-rules';

const STALE = 'That card is out of date or was changed, so I did nothing. Type help to start again.';

const payload = z.object({
  personId: z.string().uuid(),
  reason: z.enum(['', ...ERASURE_REASONS]).default(''),
});

export const forgetPersonAction = defineAction({
  verb: 'forget-person',
  requires: LEAD_OFFICERS_ONLY,
  payload,
  async run(ctx, p) {
    if (isShared(ctx.scope)) return problem(STALE);
    const person = await ctx.store.people.get(ctx.tenantId, p.personId);
    if (p.reason === '') return confirmErasure(ctx, person, 'Choose why they are being erased, then press Erase them.');
    const outcome = await ctx.store.erasure.forget(ctx.tenantId, ctx.person.id, person.id, p.reason);
    ctx.logger.info(
      { tenantId: ctx.tenantId, personId: person.id, erasedBy: ctx.person.id, cause: p.reason },
      'person erased',
    );
    return answer('forget-done', {
      formerName: outcome.displayName,
      conversations: outcome.conversationsRemoved,
      reminders: outcome.remindersStopped,
      texts: outcome.textsRewritten,
    });
  },
});

export const cancelForgetAction = defineAction({
  verb: 'forget-cancel',
  requires: LEAD_OFFICERS_ONLY,
  payload: z.object({}).passthrough(),
  run: () => Promise.resolve(problem('Nothing was erased.')),
});
