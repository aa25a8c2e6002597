// What `npm run dev` gives the bot besides the developer's own settings. Kept apart from dev.mjs, and
// free of packages, so that a test can check it without installing, building or starting anything.

/**
 * The Agents Playground's own user, from its built-in configuration: the person typing in its chat.
 * test/support/agents-playground.ts names the same user for the end-to-end tests.
 */
export const PLAYGROUND_USER = Object.freeze({
  aadObjectId: '00000000-0000-0000-0000-0000000000020',
  name: 'Alex Wilber',
});

/**
 * The bot's environment under `npm run dev`: the developer's settings as they are and, when they name
 * no lead officers (neither in the environment nor in `.env`; empty counts as not set, as
 * `.env.example` says), the Playground's user as the lead officer, so that `new`, `list` and
 * `timeline` work at once. `dotenv` is what `.env` holds, parsed; as for the bot, the environment
 * wins over it, even when empty.
 */
export function devBotEnvironment(environment, dotenv) {
  const named = environment.LEAD_OFFICERS ?? dotenv.LEAD_OFFICERS ?? '';
  if (named.trim() !== '') return { environment, playgroundUserIsLeadOfficer: false };
  return {
    environment: { ...environment, LEAD_OFFICERS: PLAYGROUND_USER.aadObjectId },
    playgroundUserIsLeadOfficer: true,
  };
}
