/**
 * A real headless Chromium for end-to-end tests: Debian's /usr/bin/chromium when installed, else the
 * Chromium that the npm package @sparticuz/chromium ships inside itself, so `npm test` needs
 * nothing installed by hand. The flags keep it from reaching for the network.
 */
import { existsSync } from 'node:fs';
import { Browser, chromium } from 'playwright-core';

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function chromiumExecutable(): Promise<string> {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  const { default: sparticuz } = await import('@sparticuz/chromium');
  return sparticuz.executablePath();
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: await chromiumExecutable(), headless: true, args: FLAGS });
}
