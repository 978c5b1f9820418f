import type { INestApplication } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import { jsonShapeProblem } from './json-shape';
import { sendProblem } from './problem';

/** Bodies larger than this are refused: no request of this API needs more. */
export const JSON_BODY_LIMIT = '64kb';

const BODY_PROBLEMS: Record<string, { status: 400 | 413 | 415; detail: string }> = {
  'entity.parse.failed': { status: 400, detail: 'The request body is not valid JSON.' },
  'entity.too.large': { status: 413, detail: `The request body is too large (at most ${JSON_BODY_LIMIT}).` },
  'charset.unsupported': { status: 415, detail: 'The request body must be UTF-8 encoded JSON.' },
  'encoding.unsupported': { status: 415, detail: 'The request body must be UTF-8 encoded JSON (identity, gzip or deflate).' },
};

/**
 * JSON bodies, with their parse errors answered here as problem details: once Nest's router gets
 * them they have lost their kind (a too-large body would look like any other error).
 * The application must be created with `bodyParser: false`.
 */
export function installJsonBody(app: INestApplication): void {
  const json = express.json({ limit: JSON_BODY_LIMIT });
  // The codec endpoint reads its (larger) body itself, once the caller is authenticated (src/codec/codec-body.ts).
  app.use((req: Request, res: Response, next: NextFunction) => (req.path === '/codec' || req.path.startsWith('/codec/') ? next() : json(req, res, next)));
  // The console's forms (and sign-out) post urlencoded fields.
  app.use(['/console', '/survey', '/auth/sign-out'], express.urlencoded({ extended: false, limit: '16kb' }));
  app.use((err: { type?: string }, req: Request, res: Response, next: NextFunction) => {
    const problem = err?.type ? BODY_PROBLEMS[err.type] : undefined;
    if (!problem) return next(err);
    sendProblem(req, res, problem.status, problem.detail);
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    const problem = jsonShapeProblem(req.body);
    if (problem) return sendProblem(req, res, 400, problem);
    next();
  });
}
