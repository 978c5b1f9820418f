// CORS for the codec endpoint, for the Temporal UI's origins only (TEMPORAL_UI_ORIGINS). Runs before
// the guard, so that the browser can read a 401/403 too and the preflight (which carries no token)
// is answered here. Credentials are allowed for those exact origins, for the UI's "Include
// cross-origin credentials" setting.
import { HttpStatus, Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { APP_CONFIG } from '../config/config.module';
import type { CodecConfig } from './codec.config';

export const CORS_ALLOW_METHODS = 'POST, OPTIONS';
export const CORS_ALLOW_HEADERS = 'content-type, x-namespace, authorization';

@Injectable()
export class CodecCorsMiddleware implements NestMiddleware {
  constructor(@Inject(APP_CONFIG) private readonly config: CodecConfig) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const origin = req.headers.origin;
    res.append('Vary', 'Origin');
    const allowed = typeof origin === 'string' && this.config.TEMPORAL_UI_ORIGINS.includes(origin);
    if (allowed) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    if (req.method !== 'OPTIONS') return next();
    if (!allowed) {
      res
        .status(HttpStatus.FORBIDDEN)
        .type('application/problem+json')
        .json({
          type: 'about:blank',
          title: 'Forbidden',
          status: HttpStatus.FORBIDDEN,
          detail: `This origin may not call the codec endpoint; allowed: ${this.config.TEMPORAL_UI_ORIGINS.join(', ')} (TEMPORAL_UI_ORIGINS).`,
          instance: req.path,
        });
      return;
    }
    res.setHeader('Access-Control-Allow-Methods', CORS_ALLOW_METHODS);
    res.setHeader('Access-Control-Allow-Headers', CORS_ALLOW_HEADERS);
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(HttpStatus.NO_CONTENT).end();
  }
}
