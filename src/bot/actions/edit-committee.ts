/** The committee card's "Change" button: the same sub-command, read as if typed. */
import { z } from 'zod';
import { LEAD_OFFICERS_ONLY } from '../authorise';
import { defineAction } from '../card-actions';
import type { CommandRouter } from '../command-router';

export function editCommitteeAction(router: CommandRouter) {
  return defineAction({
    verb: 'committee-edit',
    requires: LEAD_OFFICERS_ONLY,
    payload: z.object({
      what: z.enum([
        'chair',
        'ppm',
        'subgroup',
        'lead-officer',
        'administrator',
        'remove',
        'agency',
        'day-off',
        'pseudonyms',
        'quarters',
      ]),
      value: z.string().trim().max(400).default(''),
    }),
    run: (ctx, form) => router.answerCommand(ctx, 'committee', `${form.what} ${form.value}`),
  });
}
