/**
 * Teams' command menu is made from the command definitions, so a command added to the bot with a
 * `menu` appears in the app package without anyone editing the manifest.
 */
import { commandLists, CommandMenuError, MENU_LIMIT } from '../../src/bot/command-menu';
import type { CommandDefinition } from '../../src/bot/command-router';
import { commandDefinitions } from '../../src/bot/commands';

const command = (name: string, menu?: CommandDefinition['menu'], usage = name): CommandDefinition => ({
  name,
  usage,
  summary: `Does ${name}.`,
  menu,
  requires: { anyone: true },
  run: () => Promise.resolve({ card: 'help', data: {} }),
});

it("lists help in every scope's menu, and changes to a review only in personal chat", () => {
  const lists = commandLists(commandDefinitions());
  expect(lists.map((list) => list.scopes[0])).toEqual(['personal', 'groupChat', 'team']);
  for (const list of lists) {
    expect(list.commands[0]).toEqual({ title: 'help', description: 'Shows what I do and the commands you can use.' });
  }
  const shared = lists.filter((list) => list.scopes[0] !== 'personal').flatMap((list) => list.commands);
  expect(shared.map((c) => c.title)).not.toContain('new');
});

it('picks up a new command in the scopes its definition names, in the order defined, and leaves out the rest', () => {
  const lists = commandLists([
    command('help', ['personal', 'groupChat', 'team']),
    command('my-reviews', ['personal']),
    command('status', ['personal', 'groupChat', 'team'], 'status <reference>'),
    command('close-review'),
  ]);
  expect(lists.map((list) => [list.scopes[0], list.commands.map((c) => c.title)])).toEqual([
    ['personal', ['help', 'my-reviews', 'status']],
    ['groupChat', ['help', 'status']],
    ['team', ['help', 'status']],
  ]);
  expect(lists[0].commands[2].description).toBe('status <reference>: Does status.');
});

it('leaves out a scope whose menu would be empty', () => {
  expect(commandLists([command('my-reviews', ['personal'])]).map((list) => list.scopes)).toEqual([['personal']]);
});

it(`refuses more than ${MENU_LIMIT} commands in one scope, naming the scope`, () => {
  const many = Array.from({ length: MENU_LIMIT + 1 }, (_, i) => command(`c${i}`, ['groupChat']));
  expect(() => commandLists([...many, command('help', ['personal'])])).toThrow(
    new CommandMenuError([
      `The groupChat menu lists 13 commands (${many.map((c) => c.name).join(', ')}); ` +
        "Teams shows at most 12: take some out of that scope's menu",
    ]),
  );
  expect(() => commandLists(many.slice(0, MENU_LIMIT))).not.toThrow();
});

it('refuses a command listed twice in a scope', () => {
  expect(() => commandLists([command('help', ['team']), command('help', ['team', 'personal'])])).toThrow(
    new CommandMenuError(['The team menu lists help twice']),
  );
});
