/**
 * Every card template in cards/, rendered with sample data (as a personal chat and as a channel
 * sees it), is a valid Adaptive Card 1.5 as Microsoft's own parser reads it (the `adaptivecards`
 * library, whose 2.x line runs in Node): no unknown element or action, no invalid value, no input
 * without a unique id, and no property the parser does not know (a misspelt property would be
 * silently ignored by Teams). Teams' own `msteams` property is allowed.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { presentCard } from '../../src/bot/present-card';
import { CARD_NAMES, CARDS_DIR, type CardName } from '../../src/bot/render-card';
import { SAMPLE_CARD_DATA } from '../support/sample-card-data';

/** Properties the parser does not model but hosts read: the schema link, and Teams' own. */
const HOST_PROPERTIES = new Set(['$schema', 'msteams']);

/** Properties of `given` that the parser's own serialisation of it dropped: ones it does not know. */
function unknownProperties(given: unknown, kept: unknown, path = 'card'): string[] {
  if (Array.isArray(given)) {
    // An element the parser did not know is dropped (and reported as an event): step past it.
    const keptItems = Array.isArray(kept) ? (kept as unknown[]) : [];
    let j = 0;
    return given.flatMap((item, i) => {
      const type = (item as { type?: unknown } | null)?.type;
      if (type !== undefined && (keptItems[j] as { type?: unknown } | undefined)?.type !== type) return [];
      j += 1;
      return unknownProperties(item, keptItems[j - 1], `${path}[${i}]`);
    });
  }
  if (given === null || typeof given !== 'object') return [];
  const keptObject = (kept ?? {}) as Record<string, unknown>;
  return Object.entries(given).flatMap(([key, value]) => {
    if (HOST_PROPERTIES.has(key)) return [];
    if (!(key in keptObject)) return [`${path}.${key}`];
    return unknownProperties(value, keptObject[key], `${path}.${key}`);
  });
}

interface Parsed {
  events: string[];
  validation: string[];
  understood: unknown;
}

/** Every card's problems, from one run of the parser. */
function problemsOf(cards: Array<Record<string, unknown>>): string[][] {
  const run = spawnSync(process.execPath, [path.join(__dirname, 'adaptive-card-parser.js')], {
    input: JSON.stringify(cards),
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (run.status !== 0) throw new Error(`the Adaptive Card parser failed: ${run.stderr}`);
  const parsed = JSON.parse(run.stdout) as Parsed[];
  return cards.map((json, i) => [
    ...parsed[i].events,
    ...parsed[i].validation,
    ...unknownProperties(json, parsed[i].understood).map((p) => `unknown property ${p}`),
    ...(json.version === '1.5' ? [] : [`version ${String(json.version)}, not 1.5`]),
  ]);
}

it('has a template file for every card the bot renders, and no other', () => {
  const files = readdirSync(CARDS_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
  expect(files).toEqual([...CARD_NAMES].sort());
});

it('renders every template, as a personal chat and as a channel sees it, as a valid Adaptive Card 1.5', () => {
  const rendered = CARD_NAMES.flatMap((card: CardName) =>
    (['personal', 'channel'] as const).map((scope) => ({
      label: `${card} (${scope})`,
      json: presentCard(scope, { card, data: SAMPLE_CARD_DATA[card], detailsCommand: 'status LR-2026-001' }),
    })),
  );
  const problems = problemsOf(rendered.map((r) => r.json));
  expect(Object.fromEntries(rendered.map((r, i) => [r.label, problems[i]]))).toEqual(
    Object.fromEntries(rendered.map((r) => [r.label, []])),
  );
});

it('notices what is wrong with a card (the check can fail)', () => {
  const [problems] = problemsOf([
    {
      type: 'AdaptiveCard',
      version: '1.5',
      msteams: { width: 'Full' },
      body: [
        { type: 'TextBlok', text: 'misspelt type' },
        { type: 'TextBlock', text: 'x', color: 'Purple', wieght: 'Bolder' },
        { type: 'Input.Text' },
      ],
    },
  ]);
  expect(problems).toEqual([
    'Unknown element type "TextBlok". Fallback will be used if present.',
    'Invalid value "Purple" for property "color".',
    'All inputs must have a unique Id.',
    'unknown property card.body[1].color',
    'unknown property card.body[1].wieght',
  ]);
});
