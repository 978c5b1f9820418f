// Prisma CLI configuration: the JS schema engine through @prisma/adapter-pg, because the Rust engine
// binaries cannot be downloaded on our machines (see README, "Design notes").
import { PrismaPg } from '@prisma/adapter-pg';
import { parse } from 'pg-connection-string';
import { defineConfig } from 'prisma/config';

const DEFAULT_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
process.env.DATABASE_URL ??= DEFAULT_URL;
const databaseUrl = process.env.DATABASE_URL;

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations', seed: 'node -r ts-node/register/transpile-only prisma/seed.ts' },
  // Discrete parameters, not a connection string: with a connection string the shadow database of
  // `migrate dev` silently becomes the real one.
  adapter: async () => {
    const { host, port, user, password, database } = parse(databaseUrl);
    return new PrismaPg({
      host: host ?? undefined,
      port: port ? Number(port) : undefined,
      user: user ?? undefined,
      password: password ?? undefined,
      database: database ?? undefined,
      idleTimeoutMillis: 500,
    });
  },
});
