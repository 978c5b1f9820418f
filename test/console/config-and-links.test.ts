// Sign-in configuration validated at start-up (one line per problem), and the survey links' tokens:
// issued idempotently per reminder, refused when altered, expired, used or revoked; the reminder letter
// carries the link.
import { SignJWT } from 'jose';
import { loadConfig } from '../../src/config/config';
import { checkSurveyLink, issueSurveyLink } from '../../src/console/survey-link-tokens';
import { reminderLetter } from '../../activities/onboarding/reminder-letter';
import { createTestDatabase, TestDatabase } from '../support/database';

const base = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/x' };
const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    return (err as Error).message.split('\n').slice(1).map((l) => l.trim());
  }
};

describe('sign-in configuration', () => {
  it('needs the four OIDC values together, and says which are missing', () => {
    expect(problems({ ...base, OIDC_ISSUER_URL: 'https://login.example.fi/realms/kk' })).toEqual([
      '- OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URL: staff sign-in needs OIDC_ISSUER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_REDIRECT_URL together',
    ]);
    expect(problems({ ...base })).toEqual([]);
    const oidc = { OIDC_ISSUER_URL: 'https://login.example.fi', OIDC_CLIENT_ID: 'console', OIDC_CLIENT_SECRET: 's' };
    expect(problems({ ...base, ...oidc, OIDC_REDIRECT_URL: 'https://console.example.fi/auth/callback' })).toEqual([]);
    expect(problems({ ...base, ...oidc, OIDC_REDIRECT_URL: 'https://console.example.fi/callback' })).toEqual([
      "- OIDC_REDIRECT_URL: must end in /auth/callback, where this API takes the provider's answer",
    ]);
  });

  it('refuses malformed values with one line each', () => {
    const lines = problems({ ...base, OIDC_ISSUER_URL: 'not a url', OIDC_ROLES_CLAIM: 'roles claim', STAFF_SESSION_TTL: 'forever', OIDC_SCOPES: 'profile email', SURVEY_LINK_SECRET: 'short' });
    expect(lines).toEqual(
      expect.arrayContaining([
        "- OIDC_ISSUER_URL: must be the OpenID provider's issuer URL",
        '- OIDC_ROLES_CLAIM: must be a claim name or a dotted path',
        '- STAFF_SESSION_TTL: a lifetime such as "8h", "30m" or "1d"',
        '- OIDC_SCOPES: must include openid',
        '- SURVEY_LINK_SECRET: must be at least 32 characters',
      ]),
    );
    expect(lines).toHaveLength(5);
  });

  it('wants https and a link secret in production', () => {
    const lines = problems({
      ...base,
      NODE_ENV: 'production',
      AUDIT_HMAC_SECRET: 'a production audit secret',
      AUTH_JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nx\n-----END PUBLIC KEY-----',
      AUTH_JWT_ISSUER: 'i',
      AUTH_JWT_AUDIENCE: 'a',
      PAYLOAD_KEYS: JSON.stringify({ k1: Buffer.alloc(32, 1).toString('base64') }),
      PAYLOAD_KEY_ID: 'k1',
      OIDC_ISSUER_URL: 'http://login.example.fi',
      OIDC_CLIENT_ID: 'console',
      OIDC_CLIENT_SECRET: 'secret',
      OIDC_REDIRECT_URL: 'https://console.example.fi/auth/callback',
      PUBLIC_BASE_URL: 'https://console.example.fi',
    });
    expect(lines).toEqual(
      expect.arrayContaining([
        '- OIDC_ISSUER_URL: must be an https:// URL in production',
        "- SURVEY_LINK_SECRET: is required in production (the key that signs the municipalities' survey links)",
      ]),
    );
  });
});

describe('survey links', () => {
  let db: TestDatabase;
  const config = { SURVEY_LINK_SECRET: 'a-test-secret-of-at-least-32-characters!', SURVEY_LINK_TTL: '30d', PUBLIC_BASE_URL: 'https://console.example.fi', NODE_ENV: 'test' as const };
  const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('issues the same link again for the same reminder, a new one otherwise', async () => {
    const a = await issueSurveyLink(db.prisma, config, { municipalityCode: '905', consortiumId: 'vaasa', name: 'consortium-onboarding:vaasa/reminder-1/905' });
    const b = await issueSurveyLink(db.prisma, config, { municipalityCode: '905', consortiumId: 'vaasa', name: 'consortium-onboarding:vaasa/reminder-1/905' });
    const c = await issueSurveyLink(db.prisma, config, { municipalityCode: '905', consortiumId: 'vaasa' });
    expect(b.url).toBe(a.url);
    expect(c.url).not.toBe(a.url);
    expect(a.url.startsWith('https://console.example.fi/survey/')).toBe(true);
    expect(await checkSurveyLink(db.prisma, config, tokenOf(a.url))).toEqual({ status: 'valid', id: a.id, municipalityCode: '905', consortiumId: 'vaasa' });
  });

  it('refuses an altered, foreign, expired, used or revoked link', async () => {
    const link = await issueSurveyLink(db.prisma, config, { municipalityCode: '905', consortiumId: 'vaasa' });
    const token = tokenOf(link.url);
    const [header, payload, signature] = token.split('.');
    const otherPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: '091' })).toString('base64url');
    expect((await checkSurveyLink(db.prisma, config, `${header}.${otherPayload}.${signature}`)).status).toBe('invalid');
    expect((await checkSurveyLink(db.prisma, { ...config, SURVEY_LINK_SECRET: 'another-secret-of-at-least-32-characters' }, token)).status).toBe('invalid');
    const expiredToken = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('ekirjasto-joining')
      .setAudience('ekirjasto-survey-link')
      .setSubject('905')
      .setJti(link.id)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(config.SURVEY_LINK_SECRET));
    expect((await checkSurveyLink(db.prisma, config, expiredToken)).status).toBe('expired');
    await db.prisma.surveyLink.update({ where: { id: link.id }, data: { usedAt: new Date() } });
    expect((await checkSurveyLink(db.prisma, config, token)).status).toBe('used');
    await db.prisma.surveyLink.update({ where: { id: link.id }, data: { revokedAt: new Date() } });
    expect((await checkSurveyLink(db.prisma, config, token)).status).toBe('revoked');
  });

  it('goes into the reminder letter, in both languages', () => {
    const letter = reminderLetter(
      {
        workflowId: 'consortium-onboarding:vaasa',
        sequence: 1,
        consortiumId: 'vaasa',
        consortiumName: 'Vaasa',
        kind: 'INTERVAL',
        remindedAt: '2026-12-01T10:00:00.000Z',
        deadline: null,
        recipients: [],
      },
      { municipalityCode: '905', contactEmail: 'kirjasto@vaasa.example', missing: 'SIGNATURE', declinedToJoin: false },
      { fi: 'Vaasa', sv: 'Vasa' },
      false,
      'https://console.example.fi/survey/abc.def.ghi',
    );
    expect(letter.body).toContain('Kunnan oma linkki ennakkokyselyyn ja allekirjoituksen tilanteeseen:\nhttps://console.example.fi/survey/abc.def.ghi');
    expect(letter.body).toContain('Kommunens egen länk till förhandsenkäten och underskriftens status:\nhttps://console.example.fi/survey/abc.def.ghi');
  });
});
