// Municipalities' personal survey links: a JWT (HS256, jose) naming one link row, which names one
// municipality. No account: whoever holds the link may answer for that municipality until it expires,
// is used or is revoked. Plain functions (no Nest): the worker's reminder activity issues links too.
import { createHash } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { PrismaClient } from '../database/prisma';
import { ttlToSeconds } from '../auth/auth.config';
import { surveyLinkSecret, type OidcConfig } from '../auth/oidc.config';

const AUDIENCE = 'ekirjasto-survey-link';
const ISSUER = 'ekirjasto-joining';

export type LinkConfig = Pick<OidcConfig, 'SURVEY_LINK_SECRET' | 'SURVEY_LINK_TTL' | 'PUBLIC_BASE_URL' | 'NODE_ENV'>;

const key = (config: LinkConfig) => new TextEncoder().encode(surveyLinkSecret(config));

/** A UUID from a stable name: a retried reminder issues the same link, not a second one. */
function uuidFrom(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface IssuedLink {
  id: string;
  url: string;
  expiresAt: Date;
}

/**
 * Issues (or, for the same `name`, re-issues identically: the token's times come from the row) the
 * link for one municipality. `name` makes it idempotent; omit it for a fresh link.
 */
export async function issueSurveyLink(
  prisma: PrismaClient,
  config: LinkConfig,
  link: { municipalityCode: string; consortiumId: string; name?: string },
): Promise<IssuedLink> {
  const id = uuidFrom(link.name ?? `${link.municipalityCode}/${Date.now()}/${Math.random()}`);
  const expiresAt = new Date(Math.floor(Date.now() / 1000 + ttlToSeconds(config.SURVEY_LINK_TTL)) * 1000);
  await prisma.surveyLink.createMany({
    data: [{ id, municipalityCode: link.municipalityCode, consortiumId: link.consortiumId, expiresAt }],
    skipDuplicates: true,
  });
  const row = await prisma.surveyLink.findUniqueOrThrow({ where: { id } });
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(row.municipalityCode)
    .setJti(row.id)
    .setIssuedAt(Math.floor(row.createdAt.getTime() / 1000))
    .setExpirationTime(Math.floor(row.expiresAt.getTime() / 1000))
    .sign(key(config));
  return { id: row.id, url: new URL(`/survey/${token}`, config.PUBLIC_BASE_URL).toString(), expiresAt: row.expiresAt };
}

export type LinkCheck =
  | { status: 'valid'; id: string; municipalityCode: string; consortiumId: string }
  | { status: 'expired' | 'used' | 'revoked' | 'invalid' };

/** What a link is now: valid (and for whom), or why not. */
export async function checkSurveyLink(prisma: PrismaClient, config: LinkConfig, token: string): Promise<LinkCheck> {
  let id: string;
  try {
    const { payload } = await jwtVerify(token, key(config), { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
    id = String(payload.jti);
  } catch (err) {
    return { status: err instanceof errors.JWTExpired ? 'expired' : 'invalid' };
  }
  const row = /^[0-9a-f-]{36}$/.test(id) ? await prisma.surveyLink.findUnique({ where: { id } }) : null;
  if (!row) return { status: 'invalid' };
  if (row.revokedAt) return { status: 'revoked' };
  if (row.usedAt) return { status: 'used' };
  if (row.expiresAt <= new Date()) return { status: 'expired' };
  return { status: 'valid', id: row.id, municipalityCode: row.municipalityCode, consortiumId: row.consortiumId };
}
