/**
 * End to end with a real client: the bot on the embedded store, Microsoft's Agents Playground (a
 * Teams chat emulator) pointed at it, driven in real headless Chromium. A person types into the chat
 * box; the test reads the cards the Playground draws. The screenshot is kept in test-artifacts/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { Playground, startPlayground } from '../support/agents-playground';
import { startTestService, TestService } from '../support/test-service';

jest.setTimeout(120_000);

const ARTIFACTS = path.resolve(__dirname, '..', '..', 'test-artifacts');

let service: TestService;
let playground: Playground;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  service = await startTestService();
  playground = await startPlayground(`${service.url}/api/messages`);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(playground.url, { waitUntil: 'domcontentloaded' });
});

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
  await service?.close();
});

const cards = () => page.locator('.fai-OutputCard');

async function say(text: string): Promise<string> {
  const before = await cards().count();
  const box = page.locator('[data-lexical-editor=true]');
  await box.click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await cards().nth(before).waitFor({ timeout: 30_000 });
  return (await cards().nth(before).innerText()).replace(/\s+/g, ' ');
}

it('greets a person who opens the chat with what the bot does', async () => {
  await cards().first().waitFor({ timeout: 30_000 });
  const welcome = (await cards().first().innerText()).replace(/\s+/g, ' ');
  expect(welcome).toContain('Learning Review bot');
  expect(welcome).toContain('Commands you can use now');
});

it('answers "help" typed into the chat box with the help card', async () => {
  const reply = await say('help');
  expect(reply).toContain('Learning Review bot');
  expect(reply).toContain('Shows what I do and the commands you can use.');
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-playground-help.png'), fullPage: true });
});

it('tells a person plainly when a command is not known', async () => {
  const reply = await say('/frobnicate LR-2026-001');
  expect(reply).toContain('I don\'t know the command "/frobnicate".');
  expect(reply).toContain('Type help to see what I can do.');
});
