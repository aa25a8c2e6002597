/**
 * The Agents Playground in a real browser, used the way a person uses Teams: typing into the chat
 * box, picking the bot from the @mention menu, filling a card's form, clicking its buttons, and
 * reading the cards the Playground draws. Every wait is on something a person would see. A wait
 * that runs out fails with a screenshot and what the Playground's log panel, the Playground itself
 * and the bot logged, so a failure in CI can be read without running it again.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { PLAYGROUND, type Playground } from './agents-playground';

export const ARTIFACTS = path.resolve(__dirname, '..', '..', 'test-artifacts');

/** Long enough for a slow CI machine; a card normally appears well within a second. */
const WAIT_MS = 30_000;

/** A card's text as one line, the way a person reads it. */
export const words = (text: string): string => text.replace(/\s+/g, ' ').trim();

export interface PlaygroundBrowserOptions {
  /** The instant the page's clock shows (the Input.Date picker opens on its month). */
  now: Date;
  /** The bot's latest log lines, for a failure message. */
  botLog: () => string;
}

export class PlaygroundBrowser {
  private constructor(
    readonly page: Page,
    private readonly playground: Playground,
    private readonly botLog: () => string,
  ) {}

  static async open(
    browser: Browser,
    playground: Playground,
    options: PlaygroundBrowserOptions,
  ): Promise<PlaygroundBrowser> {
    // A lead officer's browser in Scotland; the Playground itself always says en-US to the bot.
    const page = await browser.newPage({
      viewport: { width: 1280, height: 1000 },
      locale: 'en-US',
      timezoneId: 'Europe/London',
    });
    // Date only: the Playground's own timers and web socket keep running in real time.
    await page.clock.setFixedTime(options.now);
    await page.goto(playground.url, { waitUntil: 'domcontentloaded' });
    return new PlaygroundBrowser(page, playground, options.botLog);
  }

  /** Moves the page's calendar date (the bot's clock is the test's to move). */
  async setDate(now: Date): Promise<void> {
    await this.page.clock.setFixedTime(now);
  }

  /** The bot's cards in the open personal or group chat, oldest first. */
  chatCards(): Locator {
    return this.page.locator('.fai-OutputCard');
  }

  /** The bot's cards in the open chat that contain `text`. */
  cardsWith(text: string): Locator {
    return this.chatCards().filter({ hasText: text });
  }

  /** Types a line into the open chat's box and presses Enter; resolves with the bot's answer. */
  async say(text: string): Promise<Locator> {
    const before = await this.chatCards().count();
    await this.page.locator('[data-lexical-editor=true]').click();
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
    const answer = this.chatCards().nth(before);
    await this.waitFor(`The bot's answer to "${text}"`, answer);
    return answer;
  }

  /** Waits until a card containing `text` is in the open chat, and resolves with it. */
  async cardContaining(text: string): Promise<Locator> {
    const card = this.cardsWith(text).first();
    await this.waitFor(`A card saying "${text}"`, card);
    return card;
  }

  /** Waits until `card` (still in place, e.g. replaced after a click) says `text`. */
  async untilItSays(card: Locator, text: string): Promise<Locator> {
    await this.waitFor(`The card turning into one saying "${text}"`, card.filter({ hasText: text }));
    return card;
  }

  /** Opens the chat with the bot from the left-hand list. */
  async openPersonalChat(): Promise<void> {
    await this.page.getByText('Personal Chat', { exact: true }).click();
    // A channel's threads have reply boxes too: the chat is open once the channel's new-post box is gone.
    await this.waitFor('The personal chat', this.newPostBox(), 'detached');
    await this.waitFor('The personal chat', this.page.locator('[data-lexical-editor=true]'));
  }

  /** Opens a team channel from the left-hand list. */
  async openChannel(name: string): Promise<void> {
    await this.page.getByText(name, { exact: true }).click();
    await this.waitFor(`The channel "${name}"`, this.newPostBox());
  }

  /**
   * In a channel: starts a new post that @mentions the bot (typing "@" and picking it from the menu,
   * which is the only way a channel message reaches a bot), posts it, and resolves with the bot's reply
   * in that post's thread.
   */
  async postMentioningBot(text: string): Promise<Locator> {
    await this.newPostBox().locator('[data-lexical-editor=true]').click();
    await this.page.keyboard.type('@');
    await this.page.getByRole('menuitem', { name: PLAYGROUND.botName }).click();
    await this.page.keyboard.type(` ${text}`);
    await this.page.getByRole('button', { name: 'Post', exact: true }).click();
    const thread = this.page.getByRole('group').filter({ hasText: `${PLAYGROUND.botName} ${text}` });
    const reply = thread.locator('.ac-adaptiveCard').first();
    await this.waitFor(`The bot's reply in the channel to "@${PLAYGROUND.botName} ${text}"`, reply);
    return reply;
  }

  /** Picks a date in a card's Input.Date from the calendar it opens, as a person would. */
  async pickDate(card: Locator, day: { day: number; month: string; year: number }): Promise<void> {
    await card.getByRole('combobox').click();
    const label = `${day.day}, ${day.month}, ${day.year}`;
    await this.page.getByRole('dialog', { name: 'Calendar' }).getByRole('button', { name: label, exact: true }).click();
  }

  /** Saves what the screen shows now in test-artifacts/, with `showing` scrolled into view. */
  async screenshot(name: string, showing?: Locator): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true });
    await showing?.scrollIntoViewIfNeeded();
    await this.page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
  }

  private newPostBox(): Locator {
    return this.page.getByRole('group').filter({ has: this.page.getByRole('button', { name: 'Post', exact: true }) });
  }

  private async waitFor(what: string, locator: Locator, state: 'visible' | 'detached' = 'visible'): Promise<void> {
    try {
      await locator.waitFor({ state, timeout: WAIT_MS });
    } catch (error) {
      const outcome = state === 'visible' ? 'did not appear' : 'did not go';
      throw new Error(await this.failure(`${what} ${outcome} within ${WAIT_MS / 1000} s`, error));
    }
  }

  private async failure(what: string, error: unknown): Promise<string> {
    const shot = `e2e-failure-${Date.now()}`;
    await this.screenshot(shot).catch(() => undefined);
    const body = await this.page
      .locator('body')
      .innerText({ timeout: 2_000 })
      .catch(() => '');
    const panel = body.includes('Log Panel') ? body.slice(body.lastIndexOf('Log Panel')) : '(no log panel)';
    return [
      `${what}. Screenshot: test-artifacts/${shot}.png`,
      `Cause: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      `The Playground's log panel (what it sent the bot and what came back):\n${panel}`,
      `The bot's latest log lines:\n${this.botLog() || '(none)'}`,
      `The Playground's own log:\n${this.playground.log() || '(empty)'}`,
    ].join('\n\n');
  }
}
