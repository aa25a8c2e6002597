/**
 * Teams' command menu (the app manifest's `commandLists`), made from the commands' own definitions:
 * one list per scope, holding the commands whose `menu` names that scope, in the order they are
 * defined. A command picked from the menu is sent as its name, which the router answers.
 */
import type { CommandDefinition, MenuScope as CommandScope } from './command-router';

export const MENU_SCOPES: readonly CommandScope[] = ['personal', 'groupChat', 'team'];

/** The most commands Teams lists in one scope's menu. */
export const MENU_LIMIT = 12;

export interface MenuCommand {
  title: string;
  description: string;
}

export interface CommandList {
  scopes: [CommandScope];
  commands: MenuCommand[];
}

export class CommandMenuError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'CommandMenuError';
  }
}

/** The manifest's `commandLists`; throws CommandMenuError when a scope's menu could not be shown. */
export function commandLists(definitions: readonly CommandDefinition[]): CommandList[] {
  const problems: string[] = [];
  const lists: CommandList[] = [];
  for (const scope of MENU_SCOPES) {
    const listed = definitions.filter((definition) => definition.menu?.includes(scope));
    if (listed.length === 0) continue;
    if (listed.length > MENU_LIMIT) {
      problems.push(
        `The ${scope} menu lists ${listed.length} commands (${listed.map((d) => d.name).join(', ')}); ` +
          `Teams shows at most ${MENU_LIMIT}: take some out of that scope's menu`,
      );
    }
    const titles = listed.map((definition) => definition.name);
    const repeated = titles.filter((title, index) => titles.indexOf(title) !== index);
    if (repeated.length > 0) problems.push(`The ${scope} menu lists ${[...new Set(repeated)].join(', ')} twice`);
    lists.push({ scopes: [scope], commands: listed.map((d) => ({ title: d.name, description: describe(d) })) });
  }
  if (problems.length > 0) throw new CommandMenuError(problems);
  return lists;
}

/** The summary, with what to type when the command takes more than its name. */
function describe(definition: CommandDefinition): string {
  return definition.usage === definition.name ? definition.summary : `${definition.usage}: ${definition.summary}`;
}
