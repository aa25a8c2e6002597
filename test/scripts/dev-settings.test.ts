/**
 * `npm run dev` makes the Agents Playground's user a lead officer unless the developer named lead
 * officers themselves, in the environment or in `.env`. The settings module is ESM (as dev.mjs is),
 * so it runs in a Node process of its own.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../../src/config';
import { PLAYGROUND } from '../support/agents-playground';

const MODULE = pathToFileURL(path.resolve(__dirname, '..', '..', 'scripts', 'dev-settings.mjs')).href;

interface DevSettings {
  environment: Record<string, string>;
  playgroundUserIsLeadOfficer: boolean;
}

function devBotEnvironment(environment: Record<string, string>, dotenv: Record<string, string>): DevSettings {
  const script = [
    `import { devBotEnvironment } from ${JSON.stringify(MODULE)};`,
    `const result = devBotEnvironment(${JSON.stringify(environment)}, ${JSON.stringify(dotenv)});`,
    'process.stdout.write(JSON.stringify(result));',
  ].join('\n');
  return JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }),
  ) as DevSettings;
}

it("makes the Playground's user the lead officer when nobody is named", () => {
  const { environment, playgroundUserIsLeadOfficer } = devBotEnvironment({ PORT: '3978' }, {});
  expect(playgroundUserIsLeadOfficer).toBe(true);
  expect(environment).toEqual({ PORT: '3978', LEAD_OFFICERS: PLAYGROUND.user.aadObjectId });
  // The bot reads it as the id the Playground sends with every message.
  expect(loadConfig(environment).leadOfficers).toEqual([PLAYGROUND.user.aadObjectId]);
});

it('counts an empty LEAD_OFFICERS as not set, as .env.example says', () => {
  expect(devBotEnvironment({}, { LEAD_OFFICERS: '' }).environment.LEAD_OFFICERS).toBe(PLAYGROUND.user.aadObjectId);
  expect(devBotEnvironment({ LEAD_OFFICERS: ' ' }, {}).environment.LEAD_OFFICERS).toBe(PLAYGROUND.user.aadObjectId);
});

it('leaves lead officers named in the environment as they are', () => {
  const result = devBotEnvironment({ LEAD_OFFICERS: 'jo.bloggs@nhs.scot' }, {});
  expect(result).toEqual({ environment: { LEAD_OFFICERS: 'jo.bloggs@nhs.scot' }, playgroundUserIsLeadOfficer: false });
});

it('leaves lead officers named in .env to the bot, which reads them from there', () => {
  const result = devBotEnvironment({ PORT: '3978' }, { LEAD_OFFICERS: 'jo.bloggs@nhs.scot' });
  expect(result).toEqual({ environment: { PORT: '3978' }, playgroundUserIsLeadOfficer: false });
});

it('lets an empty LEAD_OFFICERS in the environment override .env, as the bot does', () => {
  const result = devBotEnvironment({ LEAD_OFFICERS: '' }, { LEAD_OFFICERS: 'jo.bloggs@nhs.scot' });
  expect(result.environment.LEAD_OFFICERS).toBe(PLAYGROUND.user.aadObjectId);
});
