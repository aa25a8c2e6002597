/**
 * `npm run export-person -- jo.bloggs@nhs.scot`: everything the bot keeps about a person, as JSON
 * on standard output, for the Data Protection Officer answering a subject access request (UK GDPR
 * art. 15). The person is found by e-mail address or Entra object id in every committee; someone
 * erased (who has neither any more) by `--person <id> --tenant <tenant id>`. A report's content is
 * not part of the export: it belongs to the review.
 */
// The same .env the bot reads, so the command works on the bot's own store.
import 'dotenv/config';
import { withScriptStore } from './script-store';
import { NotFoundError } from '../src/store';

const USAGE = [
  'Usage: npm run export-person -- <e-mail address or Entra object id>',
  '       npm run export-person -- --person <person id> --tenant <tenant id>',
].join('\n');

type Arguments = { identity: string } | { personId: string; tenantId: string };

function parseArguments(argv: string[]): Arguments | string {
  if (argv.length === 1 && !argv[0].startsWith('--')) return { identity: argv[0] };
  if (argv.length === 4) {
    const named = new Map([
      [argv[0], argv[1]],
      [argv[2], argv[3]],
    ]);
    const personId = named.get('--person');
    const tenantId = named.get('--tenant');
    if (personId && tenantId) return { personId, tenantId };
  }
  return `Name one person.\n${USAGE}`;
}

async function main(): Promise<number> {
  const args = parseArguments(process.argv.slice(2));
  if (typeof args === 'string') {
    process.stderr.write(`${args}\n`);
    return 2;
  }
  return withScriptStore(async ({ logger, store }) => {
    const found =
      'identity' in args
        ? await store.personalData.locate(args.identity)
        : [{ tenantId: args.tenantId, personId: args.personId }];
    if (found.length === 0) {
      process.stderr.write(
        'No one with that e-mail address or Entra object id is known to the bot. Someone erased is found by --person <id> --tenant <tenant id> (the audit trail names their id).\n',
      );
      return 1;
    }
    const records = [];
    for (const { tenantId, personId } of found) {
      try {
        records.push(await store.personalData.recordOf(tenantId, personId));
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        process.stderr.write(`No person ${personId} is known in committee ${tenantId}.\n`);
        return 1;
      }
    }
    const exported = {
      exportedAt: new Date().toISOString(),
      about: 'identity' in args ? args.identity : args.personId,
      note: "Everything the Learning Review bot keeps about this person, in each committee that knows them. A report's content, a meeting's title and an action's description belong to the review and are not included.",
      records,
    };
    process.stdout.write(`${JSON.stringify(exported, null, 2)}\n`);
    logger.info({ people: records.length }, 'personal data exported');
    return 0;
  });
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    process.stderr.write(`npm run export-person failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
