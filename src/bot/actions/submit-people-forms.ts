/**
 * The `add`/`remove` and `handover` card forms' submits: each reads its fields as the typed command
 * would, through the router, so the roles are checked and the answer is the same.
 */
import { z } from 'zod';
import { defineAction } from '../card-actions';
import { REVIEW_KEEPERS } from '../authorise';
import type { CommandRouter } from '../command-router';

const field = (max: number) => z.string().trim().max(max).default('');
const REFERENCE = /^LR-\d{4}-\d{3,4}$/i;

export function submitPersonRole(router: CommandRouter) {
  return defineAction({
    verb: 'person-role',
    requires: REVIEW_KEEPERS,
    payload: z.object({
      command: z.enum(['add', 'remove']),
      reference: field(20),
      role: field(40),
      person: field(254),
      agency: field(120),
    }),
    reviewOf: (form) => (REFERENCE.test(form.reference) ? form.reference : null),
    run(ctx, form) {
      const agency = form.command === 'add' && form.agency !== '' ? ` for ${form.agency}` : '';
      // One line, as if typed: what the person put in a field cannot run another command.
      const args = `${form.reference} ${form.role} ${form.person}${agency}`.replace(/\s+/g, ' ');
      return router.answerCommand(ctx, form.command, args);
    },
  });
}

export function submitHandover(router: CommandRouter) {
  return defineAction({
    verb: 'handover',
    requires: { committee: ['lead_officer'], review: ['lead_officer'] },
    payload: z.object({ reference: field(20), person: field(254) }),
    reviewOf: (form) => (REFERENCE.test(form.reference) ? form.reference : null),
    run: (ctx, form) => router.answerCommand(ctx, 'handover', `${form.reference} to ${form.person}`),
  });
}
