import { type ClockPause, pauseProblems, resumePause, shiftByPauses, startPause } from '../../src/domain';

const at = (iso: string) => new Date(iso);
const finished: ClockPause = {
  id: 'p1',
  category: 'criminal_proceedings' as const,
  note: 'criminal proceedings',
  startedAt: at('2026-11-01T09:00:00Z'),
  endedAt: at('2026-11-11T09:00:00Z'),
};

describe('pausing and resuming the clock', () => {
  it('starts a pause after the last one ended and resumes it', () => {
    const started = startPause([finished], {
      id: 'p2',
      category: 'fatal_accident_inquiry' as const,
      note: 'Fatal Accident Inquiry',
      startedAt: at('2026-11-20T09:00:00Z'),
    });
    expect(started).toEqual({
      ok: true,
      pauses: [
        finished,
        {
          id: 'p2',
          category: 'fatal_accident_inquiry' as const,
          note: 'Fatal Accident Inquiry',
          startedAt: at('2026-11-20T09:00:00Z'),
          endedAt: null,
        },
      ],
    });
    if (!started.ok) throw new Error('unreachable');
    const resumed = resumePause(started.pauses, at('2026-11-25T09:00:00Z'));
    expect(resumed.ok && resumed.pauses[1].endedAt).toEqual(at('2026-11-25T09:00:00Z'));
  });

  it.each([
    ['while already paused', [{ ...finished, endedAt: null }], '2026-11-20T09:00:00Z', /already paused/],
    ['overlapping the previous pause', [finished], '2026-11-10T09:00:00Z', /before the previous one ended/],
  ])('refuses to start %s', (_label, pauses, startedAt, message) => {
    const result = startPause(pauses, {
      id: 'p2',
      category: 'fatal_accident_inquiry',
      note: null,
      startedAt: at(startedAt),
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(message);
  });

  it('refuses to resume a clock that is not paused, or before it was paused', () => {
    expect(resumePause([finished], at('2026-11-12T09:00:00Z'))).toEqual({
      ok: false,
      reason: 'The clock is not paused.',
    });
    const running = [{ ...finished, endedAt: null }];
    expect(resumePause(running, at('2026-10-31T09:00:00Z'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/cannot resume before/),
    });
  });

  it('finds overlapping and backward pauses in stored data', () => {
    expect(pauseProblems([finished])).toEqual([]);
    expect(pauseProblems([finished, { ...finished, id: 'p2', startedAt: at('2026-11-05T09:00:00Z') }])).toEqual([
      'pause p1 overlaps pause p2',
    ]);
    expect(pauseProblems([{ ...finished, endedAt: at('2026-10-01T09:00:00Z') }])).toEqual([
      'pause p1 ends before it starts',
    ]);
  });
});

describe('shiftByPauses', () => {
  it.each([
    ['a pause inside the window', [{ from: 105, to: 110 }], 142, 147],
    [
      'two pauses',
      [
        { from: 105, to: 110 },
        { from: 120, to: 121 },
      ],
      142,
      148,
    ],
    ['a pause before the base (already in the anchor date)', [{ from: 90, to: 95 }], 142, 142],
    ['a pause straddling the base: only the days after it', [{ from: 95, to: 105 }], 142, 147],
    ['a pause starting on the deadline day', [{ from: 142, to: 144 }], 142, 144],
    ['a pause starting after the deadline', [{ from: 143, to: 150 }], 142, 142],
    [
      'a pause reached only because an earlier one moved the deadline',
      [
        { from: 140, to: 145 },
        { from: 146, to: 148 },
      ],
      142,
      149,
    ],
    ['a same-day pause', [{ from: 120, to: 120 }], 142, 142],
  ])('%s', (_label, spans, original, expected) => {
    const withInstants = spans.map((span) => ({
      ...span,
      startedAt: new Date(span.from * 86_400_000),
      resumedAt: new Date(span.to * 86_400_000),
      quietFrom: new Date(span.from * 86_400_000),
      quietUntil: new Date(span.to * 86_400_000),
    }));
    expect(shiftByPauses(original, 100, withInstants)).toBe(expected);
  });
});
