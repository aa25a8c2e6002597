/** `help`: what the bot does and the commands that work, as the router declares them. */
import { ANYONE } from '../authorise';
import type { CommandDefinition } from '../command-router';
import { answer } from '../present-card';

export function helpCommand(list: () => readonly CommandDefinition[]): CommandDefinition {
  return {
    name: 'help',
    aliases: ['?', 'hello', 'hi', 'start'],
    usage: 'help',
    summary: 'Shows what I do and the commands you can use.',
    menu: ['personal', 'groupChat', 'team'],
    requires: ANYONE,
    run() {
      const commands = list().map((c) => ({ usage: c.usage, summary: c.summary }));
      return Promise.resolve(answer('help', { commands }));
    },
  };
}
