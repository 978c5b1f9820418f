// 405 Method Not Allowed with an `Allow` header for a known path asked with a method it does not have
// (RFC 9110 §15.5.6), instead of Express's 404. The table comes from the routes Nest registered, so a
// route added anywhere gets this without being listed here.
import type { INestApplication } from '@nestjs/common';
import { METHODS } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { sendProblem } from './problem';

interface RouteLayer {
  route?: { methods: Record<string, boolean> };
  match(path: string): unknown;
}

/**
 * The Express application's routes (Express 5 exposes its router as `router`, 4 as `_router`), less
 * those taking every method: Nest mounts middleware on a path with `app.all`, which names no resource.
 */
function routeLayers(app: INestApplication): RouteLayer[] {
  const express = app.getHttpAdapter().getInstance() as { router?: { stack: RouteLayer[] }; _router?: { stack: RouteLayer[] } };
  const layers = (express.router ?? express._router)?.stack ?? [];
  return layers.filter((layer) => layer.route && !layer.route.methods._all && Object.keys(layer.route.methods).length < METHODS.length);
}

function matches(layer: RouteLayer, path: string): boolean {
  try {
    return Boolean(layer.match(path));
  } catch {
    return false; // a malformed %-escape: Express answers it as no route
  }
}

/** The methods the registered routes serve on this path; empty when no route has the path. */
function allowedMethods(layers: RouteLayer[], path: string): Set<string> {
  const allowed = new Set<string>();
  for (const layer of layers) {
    if (!matches(layer, path)) continue;
    for (const [method, on] of Object.entries(layer.route!.methods)) if (on) allowed.add(method.toUpperCase());
  }
  if (allowed.has('GET')) allowed.add('HEAD');
  return allowed;
}

/** Install before the routes (in configureApp); the table is read at the first request, once Nest has routed. */
export function installMethodNotAllowed(app: INestApplication): void {
  let layers: RouteLayer[] | undefined;
  app.use((req: Request, res: Response, next: NextFunction) => {
    // OPTIONS stays with CORS (the codec's preflight) and Express's own answer.
    if (req.method === 'OPTIONS') return next();
    layers ??= routeLayers(app);
    const allowed = allowedMethods(layers, req.path);
    if (allowed.size === 0 || allowed.has(req.method)) return next();
    const allow = [...allowed].sort().join(', ');
    res.setHeader('Allow', allow);
    sendProblem(req, res, 405, `This path does not take ${req.method}; it takes ${allow}.`);
  });
}
