/**
 * "Send them to me one to one": a card in a group chat or channel withheld some details; this runs
 * the same command for the person who clicked, checks their roles again, and sends the answer to
 * their personal chat with the bot. The shared card is replaced by a note saying so.
 */
import { z } from 'zod';
import { ANYONE } from '../authorise';
import { defineAction } from '../card-actions';
import type { CommandRouter } from '../command-router';
import { problem } from '../command-router';
import { parseCommand } from '../parse-command';
import { answer } from '../present-card';

/** Only commands that read can be sent on; the payload is untrusted. */
const READING = new Set(['status', 'timeline', 'history', 'list', 'digest', 'reports', 'meeting']);

const payload = z.object({ command: z.string().trim().min(1).max(200) });

export function sendDetailsAction(router: CommandRouter) {
  return defineAction({
    verb: 'send-details',
    // The command's own roles are checked when it runs, below.
    requires: ANYONE,
    payload,
    async run(ctx, p) {
      const command = parseCommand(p.command);
      if (!READING.has(command.name)) {
        ctx.logger.warn(
          { tenantId: ctx.tenantId, personId: ctx.person.id, verb: 'send-details', refusal: 'bad_payload' },
          'card action refused',
        );
        return problem('That card is out of date or was changed, so I did nothing. Type help to start again.');
      }
      const result = await router.answerCommand({ ...ctx, scope: 'personal' }, command.name, command.args);
      // A refusal or a problem is said where the person clicked, not sent away.
      if (result.card === 'not-allowed' || result.card === 'problem') return result;
      const sent = await ctx.replyOneToOne(result);
      return answer('details-sent', { sent });
    },
  });
}
