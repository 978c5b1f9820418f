// The codec endpoint's body is read by its handler, after the guard has authenticated the caller: a
// page of payloads may be megabytes, and nobody without a token gets that much parsed.
import { HttpStatus } from '@nestjs/common';
import express from 'express';
import type { Request, Response } from 'express';
import { jsonShapeProblem } from '../http/json-shape';
import { badRequest, ProblemException } from '../http/problem';

/** The Temporal UI decodes a page of payloads at once. */
export const CODEC_BODY_LIMIT = '4mb';

const parseJson = express.json({ limit: CODEC_BODY_LIMIT });

const BODY_PROBLEMS: Record<string, () => ProblemException> = {
  'entity.parse.failed': () => badRequest('The request body is not valid JSON.'),
  'entity.too.large': () => new ProblemException(HttpStatus.PAYLOAD_TOO_LARGE, `The request body is too large (at most ${CODEC_BODY_LIMIT}).`),
  'charset.unsupported': () => new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'The request body must be UTF-8 encoded JSON.'),
  'encoding.unsupported': () => new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'The request body must be UTF-8 encoded JSON (identity, gzip or deflate).'),
};

export function readCodecBody(req: Request, res: Response): Promise<unknown> {
  return new Promise((resolve, reject) => {
    parseJson(req, res, (err?: unknown) => {
      if (err) {
        const problem = BODY_PROBLEMS[(err as { type?: string }).type ?? ''];
        return reject(problem ? problem() : err);
      }
      const shape = jsonShapeProblem(req.body);
      if (shape) return reject(badRequest(shape));
      resolve(req.body);
    });
  });
}
