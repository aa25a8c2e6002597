/**
 * The one place commands are routed. Each command is declared once, with the usage and summary
 * that the help card shows, the roles allowed to run it, and its handler.
 */
import { TurnContext } from 'botbuilder';
import { ParsedCommand, parseCommand } from './parse-command';
import { renderCard } from './render-card';

export interface CommandContext {
  turn: TurnContext;
  command: ParsedCommand;
}

/** Where a Teams app's bot can be: a person's own chat with it, a group chat, a team's channels. */
export type CommandScope = 'personal' | 'groupChat' | 'team';

export interface CommandDefinition {
  name: string;
  aliases?: string[];
  /** As typed, e.g. `help`. */
  usage: string;
  summary: string;
  /** The scopes whose command menu in Teams lists this command (the app package is built from it). */
  menu?: ReadonlyArray<CommandScope>;
  run(ctx: CommandContext): Promise<void>;
}

export interface CommandRouter {
  readonly commands: readonly CommandDefinition[];
  /** Handles one message; answers every message, including ones it does not understand. */
  handle(turn: TurnContext): Promise<void>;
  /** Runs a command by name, as though the person had typed it with no arguments. */
  run(name: string, turn: TurnContext): Promise<void>;
}

export function createCommandRouter(definitions: CommandDefinition[]): CommandRouter {
  const byName = new Map<string, CommandDefinition>();
  for (const def of definitions) {
    for (const name of [def.name, ...(def.aliases ?? [])]) {
      if (byName.has(name)) throw new Error(`Two commands answer to "${name}"`);
      byName.set(name, def);
    }
  }
  return {
    commands: definitions,
    async handle(turn) {
      const command = parseCommand(turn.activity.text);
      const def = byName.get(command.name);
      if (def) {
        await def.run({ turn, command });
        return;
      }
      // Echo a slash command's name back so the person sees what was not recognised; never echo free
      // text, which may hold something sensitive.
      const shown = command.slashed ? `/${command.name}`.slice(0, 40) : '';
      await turn.sendActivity({ attachments: [renderCard('unknown-command', { command: shown })] });
    },
    async run(name, turn) {
      const def = byName.get(name);
      if (!def) throw new Error(`No command is called "${name}"`);
      await def.run({ turn, command: { name, args: '', slashed: false } });
    },
  };
}

/**
 * Every command the bot answers. The app package reads the same list for Teams' command menu, so
 * the menu cannot offer a command the bot does not know; nothing here needs the store or a turn.
 */
export function commandDefinitions(): CommandDefinition[] {
  const definitions: CommandDefinition[] = [];
  definitions.push(helpCommand(() => definitions));
  return definitions;
}

export function helpCommand(list: () => readonly CommandDefinition[]): CommandDefinition {
  return {
    name: 'help',
    aliases: ['?', 'hello', 'hi', 'start'],
    usage: 'help',
    summary: 'Shows what I do and the commands you can use.',
    menu: ['personal', 'groupChat', 'team'],
    async run({ turn }) {
      const commands = list().map((c) => ({ usage: c.usage, summary: c.summary }));
      await turn.sendActivity({ attachments: [renderCard('help', { commands })] });
    },
  };
}
