/**
 * Every command the bot answers, in the order the help card lists them. Needs no store or service,
 * so tools (the Teams manifest's command lists) can read the same definitions the router uses.
 */
import type { CommandDefinition } from '../command-router';
import { helpCommand } from './help';
import { listCommand } from './list-reviews';
import { meetingCommand } from './meeting-attendance';
import { concernCommand } from './raise-concern';
import { newReviewCommand } from './new-review';
import { historyCommand } from './review-history';
import { statusCommand } from './review-status';
import { timelineCommand } from './review-timeline';

export function commandDefinitions(): CommandDefinition[] {
  const definitions: CommandDefinition[] = [];
  definitions.push(
    helpCommand(() => definitions),
    newReviewCommand,
    listCommand,
    statusCommand,
    timelineCommand,
    historyCommand,
    meetingCommand,
    concernCommand,
  );
  return definitions;
}
