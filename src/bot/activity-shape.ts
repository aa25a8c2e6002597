/**
 * The least an activity must carry for the bot to handle it. A body without it is answered 400
 * before the Bot Framework adapter sees it (the adapter would fail later and answer 500).
 */
import { z } from 'zod';

const id = z.string().min(1).max(1_000);

export const activityShape = z.object({
  type: z.string().min(1).max(100),
  id: id,
  channelId: z.string().min(1).max(100),
  serviceUrl: z.string().url().max(2_000),
  from: z.object({ id: id, name: z.string().max(1_000).optional(), aadObjectId: z.string().max(200).optional() }),
  recipient: z.object({ id: id }),
  conversation: z.object({
    id: id,
    tenantId: z.string().max(200).optional(),
    conversationType: z.string().max(100).optional(),
  }),
  text: z.string().max(100_000).optional(),
});

/** Why a body is not an activity, in a few words (no content), or null when it is one. */
export function malformedActivity(body: unknown): string | null {
  const result = activityShape.safeParse(body);
  if (result.success) return null;
  const issue = result.error.issues[0];
  return `${issue.path.join('.') || 'body'}: ${issue.message}`;
}
