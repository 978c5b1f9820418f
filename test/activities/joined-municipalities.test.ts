import { JoinedMunicipalities } from '../../activities/eligibility/joined-municipalities';
import type { PrismaClient } from '../../src/database/prisma';
import { createTestDatabase, TestDatabase } from '../support/database';

describe('the joined-municipality snapshot of a worker', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });
  const join = (code: string) => db.prisma.municipality.update({ where: { code }, data: { joined: true, joinedAt: new Date() } });

  it('answers from the database, keeps the answer for the TTL, and drops it when told of a go-live', async () => {
    const joined = new JoinedMunicipalities(db.prisma, 60_000);
    expect(await joined.isJoined('091')).toBe(false);
    await join('091');
    // Within the TTL, the snapshot stands...
    expect(await joined.isJoined('091')).toBe(false);
    // ...until the go-live in this process says otherwise.
    joined.invalidate();
    expect(await joined.isJoined('091')).toBe(true);
    expect(await joined.isJoined('049')).toBe(false);
  });

  it('reloads after the TTL', async () => {
    const joined = new JoinedMunicipalities(db.prisma, 50);
    expect(await joined.isJoined('092')).toBe(false);
    await join('092');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await joined.isJoined('092')).toBe(true);
  });

  it('shares one query among concurrent checks, and never keeps a load that began before an invalidation', async () => {
    let queries = 0;
    let release!: (rows: { code: string }[]) => void;
    const counting = {
      municipality: {
        findMany: () => {
          queries++;
          return new Promise<{ code: string }[]>((resolve) => (release = resolve));
        },
      },
    } as unknown as PrismaClient;
    const joined = new JoinedMunicipalities(counting, 60_000);
    const answers = Promise.all(['091', '049', '235'].map((code) => joined.isJoined(code)));
    expect(queries).toBe(1);
    const stale = release;
    joined.invalidate();
    stale([{ code: '091' }]);
    expect(await answers).toEqual([true, false, false]);
    // The load that began before the invalidation answered its callers but is not the snapshot.
    const fresh = joined.isJoined('049');
    expect(queries).toBe(2);
    release([{ code: '049' }]);
    expect(await fresh).toBe(true);
  });
});
