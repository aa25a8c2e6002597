/** A copy of appPackage/ in a temporary folder, for builds a test may break, and unzipping what a build wrote. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';

export const REPOSITORY = path.resolve(__dirname, '..', '..');
export const APP_PACKAGE = path.join(REPOSITORY, 'appPackage');

export const SETTINGS = {
  BOT_ID: '8f0c2b1e-5a7d-4c3b-9e2f-1a2b3c4d5e6f',
  APP_DEVELOPER_NAME: 'Lothian Public Protection',
  APP_WEBSITE_URL: 'https://example.org/learning-reviews',
  APP_PRIVACY_URL: 'https://example.org/learning-reviews/privacy',
  APP_TERMS_URL: 'https://example.org/learning-reviews/terms',
};

export const PACKAGE_VERSION = (
  JSON.parse(readFileSync(path.join(REPOSITORY, 'package.json'), 'utf8')) as { version: string }
).version;

export interface PackageFixture {
  sourceDir: string;
  outDir: string;
  /** Reads, changes and writes back the template. */
  editTemplate(change: (template: Record<string, unknown>) => void): void;
  writeTemplateText(text: string): void;
  remove(): void;
}

export function packageFixture(): PackageFixture {
  const root = mkdtempSync(path.join(tmpdir(), 'lrb-app-package-'));
  const sourceDir = path.join(root, 'appPackage');
  cpSync(APP_PACKAGE, sourceDir, { recursive: true, filter: (from) => path.basename(from) !== 'build' });
  const templateFile = path.join(sourceDir, 'manifest.json');
  return {
    sourceDir,
    outDir: path.join(root, 'build'),
    editTemplate(change) {
      const template = JSON.parse(readFileSync(templateFile, 'utf8')) as Record<string, unknown>;
      change(template);
      writeFileSync(templateFile, JSON.stringify(template, null, 2));
    },
    writeTemplateText(text) {
      writeFileSync(templateFile, text);
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The zip's entries by name. */
export function unzip(file: string): Map<string, Buffer> {
  return new Map(Object.entries(unzipSync(readFileSync(file))).map(([name, bytes]) => [name, Buffer.from(bytes)]));
}
