/**
 * What a group chat or channel may see is decided in one step. Every card template is rendered in
 * channel scope with sample data whose sensitive values (a pause note, a report's text, a person's
 * role or name, a meeting's title) carry a marker; no marker may reach the card. The same data in a
 * personal chat shows them, which proves the samples do reach the cards.
 */
import { presentCard } from '../../../src/bot/present-card';
import { CARD_NAMES, type CardName } from '../../../src/bot/render-card';
import { type Scope, viewForScope, WITHHELD } from '../../../src/bot/scope-rules';
import { cardText } from '../../support/teams-activity';
import { BOUND_SENSITIVE, SAMPLE_CARD_DATA, SENSITIVE } from '../../support/sample-card-data';

const everyCard = CARD_NAMES.map((name) => [name] as [CardName]);
const leaks = (json: string) => SENSITIVE.filter((marker) => json.includes(marker));

describe.each<[Scope]>([['channel'], ['groupChat']])('in a %s', (scope) => {
  it.each(everyCard)('the %s card shows nothing sensitive', (card) => {
    const rendered = JSON.stringify(
      presentCard(scope, { card, data: SAMPLE_CARD_DATA[card], detailsCommand: 'status LR-2026-001' }),
    );
    expect(leaks(rendered)).toEqual([]);
    expect(rendered).not.toContain('${');
  });
});

it('shows the details in a personal chat: the samples do reach the cards', () => {
  const shown = CARD_NAMES.flatMap((card) =>
    leaks(JSON.stringify(presentCard('personal', { card, data: SAMPLE_CARD_DATA[card] }))),
  );
  expect(BOUND_SENSITIVE.filter((marker) => !shown.includes(marker))).toEqual([]);
});

it('offers the details one to one when something was withheld', () => {
  const card = presentCard('channel', {
    card: 'review',
    data: SAMPLE_CARD_DATA.review,
    detailsCommand: 'status LR-2026-001',
  });
  expect(cardText(card)).toContain(
    'Some details are shown only one to one, because others can read this conversation.',
  );
  expect(JSON.stringify(card.actions)).toContain('"verb":"send-details"');
  expect(JSON.stringify(card.actions)).toContain('"command":"status LR-2026-001"');
});

it('shows a one-to-one-only card as the offer alone', () => {
  const card = presentCard('groupChat', {
    card: 'history',
    data: SAMPLE_CARD_DATA.history,
    detailsCommand: 'history LR-2026-001',
  });
  expect(cardText(card)).toEqual(['This is shown only one to one, because others can read this conversation.']);
});

it('withholds a field nobody has declared shareable, at any depth', () => {
  const { data, withheld } = viewForScope('channel', {
    reference: 'LR-2026-001',
    reviews: [{ reference: 'LR-2026-002', meetingTitle: 'Case conference at the family home' }],
  });
  expect(withheld).toBe(true);
  expect(data).toEqual({ reference: 'LR-2026-001', reviews: [{ reference: 'LR-2026-002', meetingTitle: WITHHELD }] });
});
