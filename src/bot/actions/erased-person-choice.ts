/**
 * An erased person's answer to "Shall I use your name again?" (see `erased-answer.ts`): their own
 * click, from the Teams account they were erased from, in their personal chat.
 */
import { z } from 'zod';
import { ANYONE } from '../authorise';
import { defineAction } from '../card-actions';
import { problem } from '../command-router';
import { erasedAnswer } from '../erased-answer';
import { answer } from '../present-card';
import { isShared } from '../scope-rules';

const STALE = 'That card is out of date or was changed, so I did nothing. Type help to start again.';

const payload = z.object({}).passthrough();

/** "Use my name again": the name Teams gives, on the person erased, by their own click. */
export const restoreNameAction = defineAction({
  verb: 'erased.restore-name',
  requires: ANYONE,
  forErasedPerson: true,
  payload,
  async run(ctx) {
    if (!ctx.erased || ctx.teamsAccount.name === '') return problem(STALE);
    if (isShared(ctx.scope)) return erasedAnswer(ctx);
    const person = await ctx.store.erasure.restore(ctx.tenantId, ctx.person.id, {
      displayName: ctx.teamsAccount.name,
      teamsUserId: ctx.teamsAccount.teamsUserId,
      aadObjectId: ctx.teamsAccount.aadObjectId,
    });
    ctx.logger.info({ tenantId: ctx.tenantId, personId: person.id }, 'erased person chose to be known by name again');
    return answer('erased-choice', { restored: true, name: person.displayName, formerName: ctx.erased.displayName });
  },
});

/** "Stay as Former member N": nothing changes. */
export const keepForgottenAction = defineAction({
  verb: 'erased.keep-forgotten',
  requires: ANYONE,
  forErasedPerson: true,
  payload,
  run(ctx) {
    if (!ctx.erased) return Promise.resolve(problem(STALE));
    return Promise.resolve(answer('erased-choice', { restored: false, name: '', formerName: ctx.erased.displayName }));
  },
});
