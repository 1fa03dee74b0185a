// The request id: always minted here and echoed on the response; a client's own id is kept for correlation only.
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { REQUEST_ID_HEADER } from '@caregraph/platform';

const WELL_FORMED = /^[A-Za-z0-9._:-]{8,128}$/;

declare module 'express-serve-static-core' {
  interface Request {
    /** Minted by the gateway; the id assertions, the ledger and error bodies carry. */
    requestId: string;
    /** The client's x-request-id when well-formed: logged beside ours, trusted for nothing. */
    clientRequestId?: string;
  }
}

export const assignRequestId: RequestHandler = (req, res, next) => {
  const incoming = req.header(REQUEST_ID_HEADER);
  req.requestId = randomUUID();
  if (incoming && WELL_FORMED.test(incoming)) req.clientRequestId = incoming;
  res.setHeader(REQUEST_ID_HEADER, req.requestId);
  next();
};
