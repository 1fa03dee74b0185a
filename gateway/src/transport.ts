// HTTP-level limits in front of GraphQL: body size (413 before parsing), batch size, trusted proxies.
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import type { Config } from '@caregraph/platform';

function jsonError(status: number, code: string, message: string, requestId: string) {
  return { status, body: { errors: [{ message, extensions: { code, requestId } }] } };
}

/** Parses JSON up to BODY_LIMIT_BYTES; larger bodies get 413 without being read further. */
export function jsonBody(config: Config): RequestHandler {
  return express.json({ limit: config.BODY_LIMIT_BYTES });
}

/** Refuses batched (array) bodies longer than BATCH_MAX (Apollo refuses all batches when it is 0). */
export function limitBatches(config: Config): RequestHandler {
  return (req, res, next) => {
    if (config.BATCH_MAX > 0 && Array.isArray(req.body) && req.body.length > config.BATCH_MAX) {
      const { status, body } = jsonError(
        400,
        'BAD_REQUEST',
        `A batch may hold at most ${config.BATCH_MAX} operations`,
        req.requestId,
      );
      res.status(status).json(body);
      return;
    }
    next();
  };
}

/** Turns body-parser failures into GraphQL-shaped JSON errors instead of an HTML page. */
export const bodyErrors: ErrorRequestHandler = (error: { status?: number; type?: string }, req, res, next) => {
  if (!error?.status) return next(error);
  const { status, body } =
    error.status === 413
      ? jsonError(413, 'BAD_REQUEST', 'Request body is too large', req.requestId)
      : jsonError(400, 'BAD_REQUEST', 'Request body is not valid JSON', req.requestId);
  res.status(status).json(body);
};

/** Which proxies may set X-Forwarded-For: TRUSTED_PROXY as express understands it ('' = none). */
export function trustProxies(app: Express, config: Config): void {
  const value = config.TRUSTED_PROXY.trim();
  app.set(
    'trust proxy',
    value === '' ? false : /^\d+$/.test(value) ? Number(value) : value.split(',').map((part) => part.trim()),
  );
}
