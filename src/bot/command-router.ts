/**
 * The one place commands are routed. Each command is declared once: its name, the usage and summary
 * the help card shows, the command menus that list it, the roles it requires, and whether it acts on
 * one review. The router checks the roles (and, for a review, that it exists in this committee)
 * before the handler runs, answers a command typed without its arguments with its card form, and
 * turns a bad value into one short sentence and the form to type.
 */
import { isStoreError, NotFoundError } from '../store';
import { endedReviewRefusal, type Review, type ReviewWork } from '../domain';
import { authorise, hasCommitteeRole, refusal, type Requirement } from './authorise';
import { parseCommand } from './parse-command';
import { answer, type CardAnswer } from './present-card';
import type { BotTurnContext } from './turn-context';

export type MenuScope = 'personal' | 'groupChat' | 'team';

/** A bad or missing value: its sentence is shown with the command's usage. */
export class CommandProblem extends Error {
  constructor(sentence: string) {
    super(sentence);
    this.name = 'CommandProblem';
  }
}

export interface CommandInput {
  /** What followed the command's name (and the reference, for a command that acts on a review). */
  args: string;
  /** The review named, loaded from this committee; null for commands that name none. */
  review: Review | null;
  /** The arguments as typed, line breaks kept, for a command that takes free text (a report). */
  raw: string;
}

export interface CommandDefinition {
  /** One word, or two (`my data`), as typed. */
  name: string;
  aliases?: string[];
  /** As typed, e.g. `status LR-2026-001`. */
  usage: string;
  summary: string;
  /** The scopes whose command menu lists it. */
  menu?: ReadonlyArray<MenuScope>;
  requires: Requirement;
  /** The arguments start with a review's reference. */
  actsOnReview?: boolean;
  /**
   * The work it adds to or changes in the review (a meeting booked, a report asked for...): refused,
   * before anything is read or written, once the review is closed or cancelled. The store refuses
   * it again, for any other way in.
   */
  work?: ReviewWork;
  /** The card form, answered when the command is typed without its arguments. */
  form?(ctx: BotTurnContext): CardAnswer | Promise<CardAnswer>;
  run(ctx: BotTurnContext, input: CommandInput): Promise<CardAnswer>;
}

export interface CommandRouter {
  readonly commands: readonly CommandDefinition[];
  find(name: string): CommandDefinition | undefined;
  /** The answer to a line someone typed. */
  answerText(ctx: BotTurnContext, text: string | undefined): Promise<CardAnswer>;
  /**
   * The answer to a named command with its arguments (from a card, or the line above). `loaded` is
   * the review the arguments name when a card action has just loaded it in this turn.
   */
  answerCommand(ctx: BotTurnContext, name: string, args: string, raw?: string, loaded?: Review): Promise<CardAnswer>;
}

const REFERENCE = /^LR-\d{4}-\d{3,4}$/i;

export const problem = (sentence: string, usage = ''): CardAnswer => answer('problem', { sentence, usage });

/** What followed the command's name, as typed: line breaks and spacing kept. */
function typedArgs(text: string): string {
  return text.trim().replace(/^\/?\s*\S+/, '');
}

export function createCommandRouter(definitions: CommandDefinition[]): CommandRouter {
  const byName = new Map<string, CommandDefinition>();
  for (const def of definitions) {
    for (const name of [def.name, ...(def.aliases ?? [])]) {
      if (byName.has(name)) throw new Error(`Two commands answer to "${name}"`);
      byName.set(name, def);
    }
  }

  async function reviewNamed(
    ctx: BotTurnContext,
    def: CommandDefinition,
    args: string,
    loaded?: Review,
  ): Promise<{ review: Review; rest: string } | CardAnswer> {
    const [first, ...rest] = args.split(' ');
    if (!REFERENCE.test(first)) {
      return problem('That is not a review reference: a reference looks like LR-2026-007.', def.usage);
    }
    const committeeWide = await hasCommitteeRole(ctx, def.requires);
    let review: Review;
    try {
      review =
        loaded && loaded.tenantId === ctx.tenantId && loaded.reference.toUpperCase() === first.toUpperCase()
          ? loaded
          : await ctx.store.reviews.loadByReference(ctx.tenantId, first);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      // Someone with no committee role learns nothing about which references exist.
      if (!committeeWide) return refusal(ctx, def.requires, first.toUpperCase());
      return problem(error.message, def.usage);
    }
    const verdict = await authorise(ctx, def.requires, review);
    if (!verdict.allowed) return verdict.refusal;
    return { review, rest: rest.join(' ') };
  }

  async function answerCommand(
    ctx: BotTurnContext,
    name: string,
    rawArgs: string,
    typed = rawArgs,
    loaded?: Review,
  ): Promise<CardAnswer> {
    const def = byName.get(name);
    if (!def) return answer('unknown-command', { command: `/${name}`.slice(0, 40) });
    const args = rawArgs.replace(/\s+/g, ' ').trim();
    const raw = typed.trim();
    try {
      if (args === '' && def.form) {
        // A form is harmless to show; its submission is checked like the typed command.
        if (!def.actsOnReview && !(await hasCommitteeRole(ctx, def.requires))) {
          return refusal(ctx, def.requires, null);
        }
        return await def.form(ctx);
      }
      if (def.actsOnReview) {
        const named = await reviewNamed(ctx, def, args, loaded);
        if ('card' in named) return named;
        // Said without the usage: typing the command again would not help, reopening would.
        const ended = def.work ? endedReviewRefusal(named.review, def.work) : null;
        if (ended !== null) return problem(ended);
        return await def.run(ctx, { args: named.rest, review: named.review, raw });
      }
      const verdict = await authorise(ctx, def.requires, null);
      if (!verdict.allowed) return verdict.refusal;
      return await def.run(ctx, { args, review: null, raw });
    } catch (error) {
      if (error instanceof CommandProblem) return problem(error.message, def.usage);
      // The store's refusals are sentences written for people (a bad value, a duplicate, a conflict).
      if (isStoreError(error) && error.code !== 'storage_unavailable') return problem(error.message, def.usage);
      throw error;
    }
  }

  return {
    commands: definitions,
    find: (name) => byName.get(name),
    answerCommand,
    async answerText(ctx, text) {
      const command = parseCommand(text);
      // A command named by two words (`my data`) before one named by its first word alone.
      const [second = '', ...rest] = command.args.split(' ');
      const twoWords = `${command.name} ${second.toLowerCase()}`;
      if (second !== '' && byName.has(twoWords)) return answerCommand(ctx, twoWords, rest.join(' '), rest.join(' '));
      if (byName.has(command.name)) return answerCommand(ctx, command.name, command.args, typedArgs(text ?? ''));
      // Name a slash command back so the person sees the typo; never echo free text, which may hold
      // something sensitive.
      return answer('unknown-command', { command: command.slashed ? `/${command.name}`.slice(0, 40) : '' });
    },
  };
}
