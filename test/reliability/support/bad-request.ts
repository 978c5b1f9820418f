// A malformed or hostile request, what the API must answer to it, and the checks every refusal must pass:
// an exact 4xx, application/problem+json, and a `detail` a person can read that gives nothing away
// (no identity code, no stack trace, no SQL or database error, no internal class name).
import request from 'supertest';
import type { Role } from '../../../src/auth/roles';
import { containsIdentityCode } from '../../../src/observability/identity-codes';
import type { TestStack } from '../../support/stack';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface BadRequestCase {
  /** Shown in the test name. */
  name: string;
  method: Method;
  /** Sent as written: encode what must be encoded, leave raw what the case is about. */
  path: string;
  /** null: no Authorization header. */
  role: Role | null;
  /** A JSON body (serialised by supertest as application/json). */
  body?: unknown;
  /** A body sent byte for byte, with `contentType` (instead of `body`). */
  raw?: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
  status: number;
  /** What `detail` must say. */
  detail: RegExp;
  /** Identity codes (or code-shaped strings) the case sends: none may come back anywhere in the answer. */
  secrets?: string[];
}

export async function send(stack: TestStack, c: BadRequestCase): Promise<request.Response> {
  const agent = c.role ? stack.http(c.role) : request.agent(stack.app.getHttpServer());
  const method = c.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  let req = agent[method](c.path);
  if (c.headers) req = req.set(c.headers);
  if (c.raw !== undefined) {
    if (c.contentType) req = req.set('content-type', c.contentType);
    return req.send(c.raw as string);
  }
  if (c.body !== undefined) return req.send(c.body as object);
  return req;
}

const STACK_TRACE = /\bat [\w.<>$]+ \(|\(\/|\.[jt]s:\d+|node_modules|Error: .*\n/;
const DATABASE_TEXT = /prisma|postgres|SQLSTATE|syntax error at|relation "|duplicate key value|violates .*constraint|invalid input syntax|P20\d\d/i;
const INTERNALS =
  /\b\w*(?:Error|Exception|Failure)\b|Temporal|gRPC|workflow execution|ValidationPipe|class-validator|class-transformer|\bundefined\b|\bnull\b|\[object Object\]|\bNaN\b|Maximum call stack/;

/** Every way the answer falls short of the rules; empty when it is a proper refusal. */
export function problemViolations(c: BadRequestCase, res: request.Response): string[] {
  const problems: string[] = [];
  const detail: unknown = res.body?.detail;
  if (res.status !== c.status) problems.push(`status ${res.status}, expected ${c.status}`);
  if (!/^application\/problem\+json\b/.test(String(res.headers['content-type']))) {
    problems.push(`content-type ${res.headers['content-type']}, expected application/problem+json`);
  }
  if (typeof detail !== 'string' || detail.trim() === '') {
    problems.push('detail is missing or empty');
  } else {
    if (!c.detail.test(detail)) problems.push(`detail does not match ${c.detail}`);
    // A human sentence: starts with a capital letter (or a quoted name), at least three words.
    if (!/^["A-ZÅÄÖ]/.test(detail) || detail.trim().split(/\s+/).length < 3) problems.push('detail is not a sentence');
    if (detail.length > 1000) problems.push(`detail is ${detail.length} characters long`);
    if (STACK_TRACE.test(detail)) problems.push('detail contains a stack trace');
    if (DATABASE_TEXT.test(detail)) problems.push('detail contains database text');
    const internal = INTERNALS.exec(detail);
    if (internal) problems.push(`detail contains internal text "${internal[0]}"`);
  }
  if (res.body?.status !== undefined && res.body.status !== res.status) problems.push(`body.status ${res.body.status} differs from ${res.status}`);
  // Identity codes: never in the detail or the field errors; the codes the case sent, nowhere at all.
  const visible = JSON.stringify({ detail, errors: res.body?.errors });
  if (containsIdentityCode(visible)) problems.push('detail or errors contain an identity code');
  const whole = res.text ?? JSON.stringify(res.body);
  for (const secret of c.secrets ?? []) {
    if (secret.trim().length >= 6 && whole.includes(secret.trim())) problems.push('the answer echoes the identity code sent');
  }
  return problems;
}

/** One line about the answer, for a failure message: never the request body (it may be 1 MB). */
export function describeAnswer(res: request.Response): string {
  const body = res.text ?? '';
  return `${res.status} ${res.headers['content-type'] ?? '(no content-type)'} ${body.length > 600 ? `${body.slice(0, 600)}…` : body}`;
}
