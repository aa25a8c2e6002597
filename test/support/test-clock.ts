/** A clock tests move by hand: the service, the store and the sender read `now`, and never the machine's clock. */
export interface TestClock {
  now: () => Date;
  set: (when: string | Date) => void;
  advance: (ms: number) => void;
}

export function testClock(start: string | Date = '2026-03-02T09:00:00.000Z'): TestClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set(when) {
      current = new Date(when);
    },
    advance(ms) {
      current = new Date(current.getTime() + ms);
    },
  };
}
