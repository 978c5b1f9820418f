// npm run --silent token -- <staff|operator|admin|login-service> [--ttl 8h] [--sub name]
// Prints a bearer token that the API accepts when it runs with the development signing key (no
// AUTH_JWT_PUBLIC_KEY / AUTH_JWKS_URL, not production): the key in AUTH_DEV_KEY_FILE (.data/dev-jwt-key.json),
// created here if the API has not created it yet. Refuses when tokens come from an external issuer.
import { loadAuthConfig, TOKEN_TTL_PATTERN } from '../src/auth/auth.config';
import { signDevToken } from '../src/auth/dev-signing-key';
import { ROLES, type Role } from '../src/auth/roles';

const USAGE = `usage: npm run --silent token -- <${ROLES.join('|')}>[,<role>...] [--ttl 8h] [--sub <subject>]

Prints a bearer token signed with the development key, e.g.
  curl -H "Authorization: Bearer $(npm run --silent token -- staff)" http://127.0.0.1:3000/consortia`;

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function main(argv: string[]): Promise<void> {
  let roles: Role[] | undefined;
  let ttl: string | undefined;
  let subject: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      process.stdout.write(`${USAGE}\n`);
      return;
    } else if (arg === '--ttl') {
      ttl = argv[++i];
      if (!ttl || !TOKEN_TTL_PATTERN.test(ttl)) fail(`--ttl takes a lifetime such as 8h, 30m, 1d\n\n${USAGE}`);
    } else if (arg === '--sub') {
      subject = argv[++i];
      if (!subject || !/^[\w.@:-]{1,100}$/.test(subject)) fail(`--sub takes a subject of letters, digits and . @ : - _\n\n${USAGE}`);
    } else if (!roles && !arg.startsWith('-')) {
      const list = arg.split(',');
      const unknown = list.filter((r) => !(ROLES as readonly string[]).includes(r));
      if (unknown.length) fail(`unknown role ${unknown.join(', ')}: one of ${ROLES.join(', ')}\n\n${USAGE}`);
      roles = list as Role[];
    } else {
      fail(`unexpected argument ${arg}\n\n${USAGE}`);
    }
  }
  if (!roles) fail(USAGE);
  let config;
  try {
    config = loadAuthConfig(process.env);
  } catch (err) {
    fail((err as Error).message, 1);
  }
  if (config.NODE_ENV === 'production') fail('npm run token: refused with NODE_ENV=production (tokens come from the configured issuer there)', 1);
  try {
    process.stdout.write(`${await signDevToken(config, roles, { ttl, subject })}\n`);
  } catch (err) {
    fail(`npm run token: ${(err as Error).message}`, 1);
  }
}

void main(process.argv.slice(2));
