/**
 * The invitation card's Attending / Not attending / Tentative buttons, with the optional note. The
 * payload names the invitation (meeting and person); only that person may answer it, which the
 * server checks whatever the card says. The answer replaces the card with the person's own answer
 * and when they gave it, and can be changed by clicking again.
 */
import { z } from 'zod';
import { INVITATION_RESPONSES } from '../../domain';
import { ANYONE } from '../authorise';
import { defineAction } from '../card-actions';
import { problem } from '../command-router';
import { type CalendarLinkSettings, invitationCard } from '../invitation-card';
import { recordInvitationAnswer } from '../record-invitation-answer';

const payload = z.object({
  meetingId: z.string().trim().min(1).max(300),
  personId: z.string().trim().min(1).max(300),
  response: z.enum(INVITATION_RESPONSES),
  // Input.Text sends "" when left empty; the store's limit is checked again there.
  note: z.string().max(500).optional(),
});

export function answerInvitationAction(links: CalendarLinkSettings) {
  return defineAction({
    verb: 'invitation.answer',
    // Whose invitation it is is checked against the store, below.
    requires: ANYONE,
    payload,
    async run(ctx, p) {
      const outcome = await recordInvitationAnswer(ctx, p, p.response, p.note ?? null, 'button');
      if (!outcome.recorded) return problem(outcome.sentence);
      return invitationCard(ctx.store, links, ctx.tenantId, ctx.timeZone, p.meetingId, ctx.person.id, ctx.now());
    },
  });
}
