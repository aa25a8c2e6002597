/**
 * The Teams app package: built from appPackage/ and the bot's commands, it validates offline against
 * Microsoft's schema, carries both icons as Teams needs them, and any problem stops the build with a
 * sentence naming what to change.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { PNG } from 'pngjs';
import type { CommandDefinition } from '../../src/bot/command-router';
import { commandDefinitions } from '../../src/bot/commands';
import { AppPackageError, AppPackageOptions, buildAppPackage } from '../../scripts/app-package/build-app-package';
import { readPng, renderIcon } from '../../scripts/app-package/icons';
import { bundledSchemaVersions, validateManifest } from '../../scripts/app-package/validate-manifest';
import { APP_PACKAGE, PACKAGE_VERSION, packageFixture, PackageFixture, SETTINGS, unzip } from './package-fixture';

interface BuiltManifest {
  manifestVersion: string;
  version: string;
  id: string;
  developer: Record<string, string>;
  icons: { color: string; outline: string };
  bots: Array<{
    botId: string;
    scopes: string[];
    supportsFiles: boolean;
    commandLists: Array<{ scopes: string[]; commands: Array<{ title: string; description: string }> }>;
  }>;
}

let fixture: PackageFixture;

beforeEach(() => {
  fixture = packageFixture();
});

afterEach(() => fixture.remove());

const build = (overrides: Partial<AppPackageOptions> = {}) =>
  buildAppPackage({
    sourceDir: fixture.sourceDir,
    outDir: fixture.outDir,
    envName: 'test',
    values: SETTINGS,
    defaults: { APP_VERSION: PACKAGE_VERSION },
    commands: commandDefinitions(),
    ...overrides,
  });

/** The sentences the build stopped with; fails the test if it did not stop. */
function problemsOf(overrides: Partial<AppPackageOptions> = {}): string[] {
  try {
    build(overrides);
  } catch (error) {
    if (error instanceof AppPackageError) return error.problems;
    throw error;
  }
  throw new Error('expected the build to stop');
}

const nothingWritten = () => !existsSync(fixture.outDir) || readdirSync(fixture.outDir).length === 0;

/** Microsoft's schema for a manifest version, compiled here, independently of the build's own check. */
function schemaValidator(manifestVersion: string) {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const file = require.resolve(
    `@microsoft/app-manifest/build/json-schemas/teams/v${manifestVersion}/MicrosoftTeams.schema.json`,
  );
  return ajv.compile(JSON.parse(readFileSync(file, 'utf8')) as object);
}

describe('a package built from the repository', () => {
  let entries: Map<string, Buffer>;
  let manifest: BuiltManifest;

  beforeEach(() => {
    const built = build({ sourceDir: APP_PACKAGE });
    expect(built.zipFile).toBe(path.join(fixture.outDir, 'appPackage.test.zip'));
    entries = unzip(built.zipFile);
    manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as BuiltManifest;
  });

  it('holds the manifest and both icons, at the top of the zip, and nothing else', () => {
    expect([...entries.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
  });

  it("validates offline against Microsoft's schema for its manifest version", () => {
    const validate = schemaValidator(manifest.manifestVersion);
    expect(validate.errors ?? []).toEqual([]);
    expect(validate(manifest)).toBe(true);
    // The control: the same validator refuses a manifest with a bot id that is not a GUID.
    expect(validate({ ...manifest, bots: [{ ...manifest.bots[0], botId: 'learning-review-bot' }] })).toBe(false);
  });

  it('is on the newest manifest schema that @microsoft/app-manifest ships', () => {
    expect(manifest.manifestVersion).toBe(bundledSchemaVersions().at(-1));
    expect(manifest.manifestVersion).toBe('1.30');
  });

  it('is filled from the settings, with no placeholder left', () => {
    expect(entries.get('manifest.json')!.toString('utf8')).not.toContain('${{');
    expect(manifest.id).toBe(SETTINGS.BOT_ID);
    expect(manifest.bots[0].botId).toBe(SETTINGS.BOT_ID);
    expect(manifest.version).toBe(PACKAGE_VERSION);
    expect(manifest.developer).toEqual({
      name: SETTINGS.APP_DEVELOPER_NAME,
      websiteUrl: SETTINGS.APP_WEBSITE_URL,
      privacyUrl: SETTINGS.APP_PRIVACY_URL,
      termsOfUseUrl: SETTINGS.APP_TERMS_URL,
    });
  });

  it('takes a version set in the settings over the one in package.json', () => {
    const built = build({ sourceDir: APP_PACKAGE, values: { ...SETTINGS, APP_VERSION: '2.3.4' } });
    expect(built.manifest.version).toBe('2.3.4');
  });

  it('declares a bot for personal chats, group chats and teams, taking files in personal chat', () => {
    expect(manifest.bots).toHaveLength(1);
    expect(manifest.bots[0].scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(manifest.bots[0].supportsFiles).toBe(true);
  });

  it("lists each scope's menu once, at most 12 commands, none twice, each one the bot defines", () => {
    const lists = manifest.bots[0].commandLists;
    expect(lists.map((list) => list.scopes).sort()).toEqual([['groupChat'], ['personal'], ['team']]);
    const names = new Set(commandDefinitions().flatMap((c) => [c.name, ...(c.aliases ?? [])]));
    for (const list of lists) {
      const titles = list.commands.map((c) => c.title);
      expect(titles.length).toBeLessThanOrEqual(12);
      expect(new Set(titles).size).toBe(titles.length);
      for (const title of titles) expect({ title, defined: names.has(title) }).toEqual({ title, defined: true });
      expect(titles).toContain('help');
    }
  });

  it('carries a 192×192 colour icon and a 32×32 outline icon, white on a transparent background', () => {
    const color = readPng(entries.get('color.png')!);
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = readPng(entries.get('outline.png')!);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    const pixels = Array.from({ length: 32 * 32 }, (_, i) => [...outline.data.subarray(i * 4, i * 4 + 4)]);
    expect(pixels[0][3]).toBe(0); // a corner is transparent
    expect(pixels.filter(([, , , alpha]) => alpha === 255).length).toBeGreaterThan(100);
    expect(pixels.filter(([r, g, b, alpha]) => alpha > 0 && (r !== 255 || g !== 255 || b !== 255))).toEqual([]);
    // The colour icon is in colour: more than black, white and greys.
    const colours = new Set<string>();
    for (let i = 0; i < color.data.length; i += 4) {
      const [r, g, b] = color.data.subarray(i, i + 3);
      if (r !== g || g !== b) colours.add(`${r},${g},${b}`);
    }
    expect(colours.size).toBeGreaterThan(2);
  });

  it('is the same zip when built again from the same sources', () => {
    const first = readFileSync(path.join(fixture.outDir, 'appPackage.test.zip'));
    expect(readFileSync(build({ sourceDir: APP_PACKAGE }).zipFile).equals(first)).toBe(true);
  });
});

it('keeps the committed icons what their SVG sources draw (run npm run icons after changing one)', () => {
  for (const role of ['color', 'outline'] as const) {
    const committed = readPng(readFileSync(path.join(APP_PACKAGE, `${role}.png`)));
    const drawn = readPng(renderIcon(path.join(APP_PACKAGE, `${role}.svg`), role));
    expect({ role, same: committed.data.equals(drawn.data) && committed.width === drawn.width }).toEqual({
      role,
      same: true,
    });
  }
});

describe('placeholders that cannot be filled stop the build', () => {
  it('names the places an unset variable fills, the variable and what it expects', () => {
    expect(problemsOf({ values: { ...SETTINGS, BOT_ID: undefined } })).toEqual([
      "${{BOT_ID}} in manifest.json id, bots[0].botId is not filled: set BOT_ID to the bot's Microsoft App ID, " +
        'a GUID (the Azure Bot resource shows it), in the environment or a .env file',
    ]);
    expect(nothingWritten()).toBe(true);
  });

  it('treats a blank value as unset', () => {
    expect(problemsOf({ values: { ...SETTINGS, APP_PRIVACY_URL: '  ' } })).toEqual([
      "${{APP_PRIVACY_URL}} in manifest.json developer.privacyUrl is not filled: set APP_PRIVACY_URL to the https address of the committee's privacy notice for the bot, in the environment or a .env file",
    ]);
  });

  it.each([
    [
      'BOT_ID',
      'learning-review-bot',
      "BOT_ID expects the bot's Microsoft App ID, a GUID (the Azure Bot resource shows it)",
    ],
    [
      'APP_PRIVACY_URL',
      'http://example.org/privacy',
      "APP_PRIVACY_URL expects the https address of the committee's privacy notice for the bot",
    ],
    [
      'APP_VERSION',
      '1.0',
      'APP_VERSION expects the version of the package, three numbers such as 1.4.0; raise it for every upload to Teams',
    ],
    [
      'APP_DEVELOPER_NAME',
      'The Lothian and Borders Public Protection Committee',
      'APP_DEVELOPER_NAME expects the organisation that runs the bot, as Teams shows it (at most 32 characters)',
    ],
  ])('refuses %s=%j, saying what it expects', (name, value, expects) => {
    expect(problemsOf({ values: { ...SETTINGS, [name]: value } })).toEqual([`${expects} (got "${value}")`]);
    expect(nothingWritten()).toBe(true);
  });

  it('names a placeholder that is not a setting of the package', () => {
    fixture.editTemplate((t) => {
      (t.name as Record<string, string>).short = '${{APP_SHORT_NAME}}';
    });
    expect(problemsOf()).toEqual([
      '${{APP_SHORT_NAME}} in manifest.json name.short is not a setting of the app package; the placeholders it fills are BOT_ID, APP_VERSION, APP_DEVELOPER_NAME, APP_WEBSITE_URL, APP_PRIVACY_URL, APP_TERMS_URL',
    ]);
  });

  it('names a placeholder written wrongly', () => {
    fixture.editTemplate((t) => {
      t.id = '${{BOT_ID}';
    });
    expect(problemsOf()).toEqual([
      'manifest.json id has a placeholder that is not closed or not named: write it as ${{NAME}}',
    ]);
  });

  it('lists every problem at once', () => {
    expect(problemsOf({ values: {} })).toHaveLength(5);
  });
});

describe('icons that Teams would refuse stop the build', () => {
  const icon = (name: string) => path.join(fixture.sourceDir, name);

  it('names a missing icon and how to draw it', () => {
    rmSync(icon('outline.png'));
    expect(problemsOf()).toEqual([
      `${path.join(fixture.sourceDir, 'outline.png')} is missing: run npm run icons to draw it from ${path.join(fixture.sourceDir, 'outline.svg')}`,
    ]);
    expect(nothingWritten()).toBe(true);
  });

  it('names an icon of the wrong size and the size Teams needs', () => {
    writeFileSync(icon('color.png'), readFileSync(icon('outline.png')));
    expect(problemsOf()).toEqual([
      expect.stringMatching(/color\.png is 32×32 pixels; Teams needs the color icon 192×192: run npm run icons/),
    ]);
  });

  it('names a file that is not a PNG', () => {
    writeFileSync(icon('color.png'), '<svg/>');
    expect(problemsOf()).toEqual([expect.stringMatching(/color\.png is not a PNG image/)]);
  });

  it('refuses an outline icon without a transparent background', () => {
    writeFileSync(icon('outline.png'), solidPng(32, [255, 255, 255, 255]));
    expect(problemsOf()).toEqual([
      expect.stringMatching(
        /outline\.png has no transparent background; Teams needs the outline icon white on transparent$/,
      ),
    ]);
  });

  it('refuses an outline icon drawn in colour', () => {
    const png = PNG.sync.read(readFileSync(icon('outline.png')));
    const drawn = [...Array(32 * 32).keys()].filter((i) => png.data[i * 4 + 3] > 0);
    for (const i of drawn.slice(0, 7)) png.data.set([31, 92, 122], i * 4);
    writeFileSync(icon('outline.png'), PNG.sync.write(png));
    expect(problemsOf()).toEqual([
      expect.stringMatching(
        /outline\.png has 7 pixels that are not white; Teams needs the outline icon white on transparent$/,
      ),
    ]);
  });

  it('refuses an icon that is not beside the manifest', () => {
    fixture.editTemplate((t) => {
      (t.icons as Record<string, string>).color = '../color.png';
    });
    expect(problemsOf()).toEqual([
      'manifest.json icons.color must name a file beside manifest.json (got "../color.png")',
    ]);
  });
});

describe('a manifest that does not validate stops the build', () => {
  it('names the field and the rule it breaks', () => {
    fixture.editTemplate((t) => {
      (t.name as Record<string, string>).short = 'Learning Reviews for the Committee';
      t.accentColor = 'teal';
    });
    expect(problemsOf()).toEqual([
      'manifest.json name.short must NOT have more than 30 characters',
      'manifest.json accentColor must match pattern "^#[0-9a-fA-F]{6}$"',
    ]);
    expect(nothingWritten()).toBe(true);
  });

  it('names a field the schema does not know', () => {
    fixture.editTemplate((t) => {
      (t.bots as Array<Record<string, unknown>>)[0].supportsReminders = true;
    });
    expect(problemsOf()).toEqual([
      'manifest.json bots[0] has "supportsReminders", which the schema does not allow there',
    ]);
  });

  it('names a manifest version whose schema is not shipped', () => {
    fixture.editTemplate((t) => {
      t.manifestVersion = '1.99';
    });
    expect(problemsOf()).toEqual([
      expect.stringMatching(
        /^manifest\.json manifestVersion "1\.99" has no schema in @microsoft\/app-manifest; it has 1\.0, .*1\.30/,
      ),
    ]);
  });

  it('names the setting a field came from', () => {
    const manifest = JSON.parse(readFileSync(path.join(APP_PACKAGE, 'manifest.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const problems = validateManifest({ ...manifest, id: 'not-a-guid' }, new Map([['id', 'BOT_ID']]));
    expect(problems).toContain(
      'manifest.json id (from BOT_ID) must match pattern "^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$"',
    );
  });

  it('refuses a template that is not JSON', () => {
    fixture.writeTemplateText('{ "manifestVersion": "1.30", }');
    expect(problemsOf()).toEqual([expect.stringMatching(/manifest\.json is not valid JSON: /)]);
  });
});

describe('the command menu', () => {
  it('is made from the commands, so the template may not list its own', () => {
    fixture.editTemplate((t) => {
      (t.bots as Array<Record<string, unknown>>)[0].commandLists = [
        { scopes: ['personal'], commands: [{ title: 'status' }] },
      ];
    });
    expect(problemsOf()).toEqual([
      expect.stringMatching(
        /manifest\.json lists commands in bots\[0\]\.commandLists; the package makes them from the bot's commands/,
      ),
    ]);
  });

  it('picks up a command added to the bot, in the scopes it names', () => {
    const myReviews: CommandDefinition = {
      name: 'my-reviews',
      usage: 'my-reviews',
      summary: 'Lists the reviews you lead.',
      // A group chat's menu has room; the personal one is full with a lead officer's daily commands.
      menu: ['groupChat'],
      requires: { anyone: true },
      run: () => Promise.resolve({ card: 'help', data: {} }),
    };
    const titles = (commands: CommandDefinition[]) => {
      const built = build({ commands });
      const lists = (built.manifest.bots?.[0].commandLists ?? []) as BuiltManifest['bots'][0]['commandLists'];
      return lists.map((list) => [list.scopes[0], list.commands.map((c) => c.title)]);
    };
    const before = titles(commandDefinitions());
    const after = titles([...commandDefinitions(), myReviews]);
    expect(after).toEqual(
      before.map(([scope, names]) => [scope, scope === 'groupChat' ? [...names, 'my-reviews'] : names]),
    );
  });

  it('stops the build when a scope would list more than Teams shows', () => {
    const inTeam = commandDefinitions().filter((c) => c.menu?.includes('team')).length;
    const many = Array.from({ length: 13 - inTeam }, (_, i): CommandDefinition => ({
      name: `c${i}`,
      usage: `c${i}`,
      summary: 'Does something.',
      menu: ['team'],
      requires: { anyone: true },
      run: () => Promise.resolve({ card: 'help', data: {} }),
    }));
    expect(problemsOf({ commands: [...commandDefinitions(), ...many] })).toEqual([
      expect.stringMatching(/^The team menu lists 13 commands \(help, .*c0.*\); Teams shows at most 12/),
    ]);
  });
});

function solidPng(size: number, rgba: [number, number, number, number]): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let i = 0; i < size * size; i++) png.data.set(rgba, i * 4);
  return PNG.sync.write(png);
}
