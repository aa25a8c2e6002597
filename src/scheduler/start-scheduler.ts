/**
 * The scheduler as the service runs it: the sender draining the outbox, and node-cron ticking
 * (TICK_CRON, every five minutes by default) to sweep each committee when its reminder time has
 * come. A tick also runs at start, so a sweep missed while the bot was down is caught up at once.
 */
import cron from 'node-cron';
import type { Logger } from '../logger';
import type { SweepOptions } from './committee-sweeps';
import { tick } from './committee-sweeps';
import type { ReminderSender } from './reminder-sender';

export interface SchedulerOptions extends SweepOptions {
  sender: ReminderSender;
  tickCron: string;
  now: () => Date;
  logger: Logger;
}

export interface RunningScheduler {
  /** One tick now (what node-cron calls); resolves when it is done. */
  tickNow(): Promise<void>;
  stop(): Promise<void>;
}

export function startScheduler(options: SchedulerOptions): RunningScheduler {
  let ticking: Promise<void> | null = null;
  const tickNow = () => {
    // A tick still running when the next is due is not doubled: the next simply joins it.
    ticking ??= tick({ ...options, onQueued: () => options.sender.wake() }, options.now())
      .then(() => undefined)
      .catch((error: unknown) => {
        options.logger.error(
          { err: { message: error instanceof Error ? error.message : String(error) } },
          'tick failed',
        );
      })
      .finally(() => {
        ticking = null;
      });
    return ticking;
  };
  options.sender.start();
  const task = cron.schedule(options.tickCron, () => void tickNow(), { name: 'reminder-tick', noOverlap: true });
  void tickNow();
  return {
    tickNow,
    async stop() {
      await task.stop();
      await ticking;
      await options.sender.stop();
    },
  };
}
