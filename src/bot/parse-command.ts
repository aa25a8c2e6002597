/**
 * Turns what a person typed into a command name and its arguments. Accepts "help", "/help" and
 * "Help please" alike; Teams has already removed the @mention of the bot.
 */
export interface ParsedCommand {
  /** Lower-case first word without a leading slash; '' for an empty message. */
  name: string;
  /** The rest of the message, trimmed. */
  args: string;
  /** True when the person typed a leading slash: they meant a command, not a reply. */
  slashed: boolean;
}

export function parseCommand(text: string | undefined): ParsedCommand {
  const trimmed = (text ?? '').replace(/\s+/g, ' ').trim();
  const slashed = trimmed.startsWith('/');
  const body = slashed ? trimmed.slice(1).trimStart() : trimmed;
  const space = body.indexOf(' ');
  const first = space === -1 ? body : body.slice(0, space);
  return {
    name: first.toLowerCase(),
    args: space === -1 ? '' : body.slice(space + 1).trim(),
    slashed,
  };
}
