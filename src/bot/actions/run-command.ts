/**
 * `cmd.<name>`: a card button or form that runs a command (the reference forms, "next page"). The
 * command's own roles apply, and its arguments are read exactly as if they had been typed.
 */
import { z } from 'zod';
import { type ActionDefinition, defineAction } from '../card-actions';
import type { CommandDefinition, CommandRouter } from '../command-router';

const payload = z.object({ args: z.string().trim().max(500).default('') });

export function runCommandAction(command: CommandDefinition, router: CommandRouter): ActionDefinition {
  return defineAction({
    verb: `cmd.${command.name.replace(/ /g, '-')}`,
    requires: command.requires,
    payload,
    reviewOf: (p) => (command.actsOnReview && p.args !== '' ? p.args.split(' ')[0] : null),
    // The review the card named was loaded and its roles checked just now; the command uses it as loaded.
    run: (ctx, p, review) => router.answerCommand(ctx, command.name, p.args, p.args, review ?? undefined),
  });
}
