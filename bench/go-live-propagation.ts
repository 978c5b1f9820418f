// How soon a go-live reaches other workers' joined-municipality snapshots: the real go-live activity
// (markJoined) commits in a database of its own, and two snapshots with listeners of their own (as two
// worker processes have; their TTL is an hour, so only the notification can refresh them) record when
// they are told and when they answer "joined".
//
//   node -r ts-node/register/transpile-only bench/go-live-propagation.ts [--rounds=30]
import { performance } from 'node:perf_hooks';
import { JoinedListener } from '../activities/eligibility/joined-listener';
import { JoinedMunicipalities } from '../activities/eligibility/joined-municipalities';
import { markJoined } from '../activities/onboarding/go-live';
import { createTestDatabase } from '../test/support/database';
import { percentile } from './load';

const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 30);
const HOUR_MS = 3_600_000;
const log = (msg: string) => process.stdout.write(`[go-live] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const workers = [0, 1].map(() => {
    const joined = new JoinedMunicipalities(db.prisma, HOUR_MS);
    const worker = { joined, toldAt: NaN, listener: undefined as unknown as JoinedListener };
    worker.listener = new JoinedListener({
      databaseUrl: db.url,
      onChange: () => {
        worker.toldAt = performance.now();
        joined.invalidate();
      },
    }).start();
    return worker;
  });
  try {
    while (!workers.every((w) => w.listener.isListening())) await sleep(20);
    const codes = (await db.prisma.municipality.findMany({ where: { joined: false }, select: { code: true }, orderBy: { code: 'asc' }, take: rounds })).map((m) => m.code);
    const fromCall: number[] = [];
    const fromCommit: number[] = [];
    const untilJoined: number[] = [];
    for (const code of codes) {
      for (const w of workers) {
        await w.joined.isJoined(code); // a loaded snapshot, as between logins
        w.toldAt = NaN;
      }
      const calledAt = performance.now();
      await markJoined(db.prisma, { consortiumId: 'bench', municipalityCodes: [code], joinedOn: '2026-12-01' });
      const committedAt = performance.now();
      await Promise.all(
        workers.map(async (w) => {
          while (!(await w.joined.isJoined(code))) await sleep(1);
          untilJoined.push(performance.now() - calledAt);
          fromCall.push(w.toldAt - calledAt);
          fromCommit.push(w.toldAt - committedAt);
        }),
      );
    }
    const summary = (xs: number[]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      const r = (x: number) => Math.round(x * 10) / 10;
      return `p50 ${r(percentile(sorted, 50))} p95 ${r(percentile(sorted, 95))} max ${r(sorted[sorted.length - 1])} ms`;
    };
    log(`${codes.length} go-lives × ${workers.length} listening snapshots`);
    log(`go-live call → snapshot told:        ${summary(fromCall)}`);
    log(`commit acknowledged → snapshot told: ${summary(fromCommit)} (negative: told before the committing client heard back)`);
    log(`go-live call → snapshot says joined: ${summary(untilJoined)} (includes the snapshot's reload query)`);
  } finally {
    for (const w of workers) await w.listener.stop();
    await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
