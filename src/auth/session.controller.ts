// Staff sign-in for the browser: the token goes in once, through a form, and comes back as an HttpOnly
// cookie that the guard accepts for reading pages (GET) only.
import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { InvalidTokenError, TokenVerifier } from './token-verifier';
import { Public } from './roles';
import { clearedSessionCookie, sessionCookie } from './session-cookie';
import { signInPage } from './sign-in-page';

const STAFF_ROLES = new Set(['staff', 'operator', 'admin']);
const MAX_SESSION_SECONDS = 8 * 3600;

/** Only a path on this site: never an open redirect. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[\w\-./?=&%]*$/.test(next) ? next : '/overview';
}

@ApiExcludeController()
@Public()
@Controller('auth')
export class SessionController {
  constructor(@Inject(TokenVerifier) private readonly verifier: TokenVerifier) {}

  @Get('sign-in')
  signIn(@Query('next') next: string | undefined, @Res() res: Response): void {
    res.type('html').send(signInPage(safeNext(next)));
  }

  @Post('session')
  async create(@Body() body: { token?: unknown; next?: unknown }, @Req() req: Request, @Res() res: Response): Promise<void> {
    const next = safeNext(body?.next);
    const token = typeof body?.token === 'string' ? body.token.trim().replace(/^Bearer\s+/i, '') : '';
    let refusal: string | undefined;
    try {
      const principal = await this.verifier.verify(token);
      if (!principal.roles.some((role) => STAFF_ROLES.has(role))) refusal = 'This token is not a staff, operator or admin token.';
      else {
        const untilExpiry = principal.expiresAt ? principal.expiresAt - Math.floor(Date.now() / 1000) : MAX_SESSION_SECONDS;
        const secure = req.secure || req.headers['x-forwarded-proto'] === 'https';
        res.setHeader('Set-Cookie', sessionCookie(token, Math.max(0, Math.min(untilExpiry, MAX_SESSION_SECONDS)), secure));
        res.redirect(303, next);
        return;
      }
    } catch (err) {
      refusal = err instanceof InvalidTokenError ? err.detail : 'The token could not be verified.';
    }
    res.status(401).type('html').send(signInPage(next, refusal));
  }

  @Delete('session')
  @HttpCode(204)
  signOut(@Res({ passthrough: true }) res: Response): void {
    res.setHeader('Set-Cookie', clearedSessionCookie);
  }
}
