// `prisma db seed` entry: seeds municipalities, consortia and the first joining round.
import { createPrismaClient } from '../src/database/prisma';
import { seedReferenceData } from '../src/database/seed';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: point it at the PostgreSQL database to seed.');
  const prisma = createPrismaClient(url, 2);
  try {
    console.log(JSON.stringify({ event: 'seeded', ...(await seedReferenceData(prisma)) }));
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
