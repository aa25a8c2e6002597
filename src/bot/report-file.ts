/**
 * A report sent as a file in the personal chat. Teams delivers a file someone attaches as a
 * `application/vnd.microsoft.teams.file.download.info` attachment whose `downloadUrl` is good for a
 * short while without a token (the bot's manifest declares `supportsFiles`). The bot fetches it once,
 * at most 10 MB, checks it is a Word document, a PDF or plain text by its first bytes as well as its
 * name, and stores it sealed; the original stays in the sender's OneDrive.
 */
import { FIELD_LIMITS } from '../store';
import { problem } from './command-router';
import { reportFromMessage } from './commands/report';
import type { CardAnswer } from './present-card';
import { NOT_PERSONAL } from './reports';
import type { BotTurnContext } from './turn-context';

export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

export interface OfferedFile {
  name: string;
  downloadUrl: string;
  fileType: string;
}

/** The kinds of file taken, by Teams' fileType, with how each starts. */
const KINDS: Record<string, { contentType: string; starts: (b: Buffer) => boolean }> = {
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    starts: (b) => b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])),
  },
  doc: {
    contentType: 'application/msword',
    starts: (b) => b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])),
  },
  pdf: { contentType: 'application/pdf', starts: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  txt: { contentType: 'text/plain', starts: (b) => !b.includes(0) && Buffer.from(b.toString('utf8')).equals(b) },
};

const MAX_BYTES = FIELD_LIMITS.attachmentBytes;
const KINDS_IN_WORDS = 'a Word document, a PDF or a text file';

/** The first file Teams offered in this message, if any (untrusted: every field is checked). */
export function offeredFile(attachments: unknown): OfferedFile | null {
  if (!Array.isArray(attachments)) return null;
  for (const a of attachments as Array<Record<string, unknown>>) {
    if (a?.contentType !== FILE_DOWNLOAD_INFO) continue;
    const content = (a.content ?? {}) as Record<string, unknown>;
    const name = typeof a.name === 'string' ? a.name.slice(0, 255) : '';
    const downloadUrl = typeof content.downloadUrl === 'string' ? content.downloadUrl : '';
    const fileType = typeof content.fileType === 'string' ? content.fileType.toLowerCase() : '';
    return { name, downloadUrl, fileType };
  }
  return null;
}

/** Only Microsoft's https addresses in real use; plain http only to this machine (local tools and tests). */
function fetchable(url: string): URL | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'https:') return parsed;
    if (parsed.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname)) return parsed;
    return null;
  } catch {
    return null;
  }
}

class FileProblem extends Error {}

async function download(url: URL): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(30_000) });
  } catch {
    throw new FileProblem("I couldn't fetch the file from Teams. Please attach it again.");
  }
  if (!response.ok || !response.body)
    throw new FileProblem("I couldn't fetch the file from Teams. Please attach it again.");
  const declared = Number(response.headers.get('content-length') ?? '0');
  const tooBig = `The file is larger than ${MAX_BYTES / 1024 / 1024} MB. Please send a shorter version, or paste the report as a message.`;
  if (declared > MAX_BYTES) {
    await response.body.cancel();
    throw new FileProblem(tooBig);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += (chunk as Uint8Array).length;
    if (size > MAX_BYTES) throw new FileProblem(tooBig);
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks);
}

/** A file attached with `report LR-2026-001` as its message: fetched, checked, stored sealed, receipted. */
export async function reportFromFile(ctx: BotTurnContext, text: string, file: OfferedFile): Promise<CardAnswer> {
  if (ctx.scope !== 'personal') return problem(NOT_PERSONAL);
  const typed = text.trim().replace(/^\/?\s*/, '');
  if (!/^report\s+\S/i.test(typed))
    return problem(
      "To send this file as a single-agency report, attach it again with the message report and the review's reference, such as report LR-2026-001. Nothing was stored.",
    );
  const kind = KINDS[file.fileType];
  const url = fetchable(file.downloadUrl);
  if (!kind || !url || file.name === '')
    return problem(`A report can be ${KINDS_IN_WORDS}, up to 10 MB. Nothing was stored.`);
  let content: Buffer;
  try {
    content = await download(url);
  } catch (error) {
    if (error instanceof FileProblem) return problem(error.message);
    throw error;
  }
  if (content.length === 0 || !kind.starts(content))
    return problem(`That file is not ${KINDS_IN_WORDS} as its name says. Nothing was stored.`);
  return reportFromMessage(ctx, typed.replace(/^report\s+/i, ''), {
    name: file.name,
    contentType: kind.contentType,
    content,
  });
}
