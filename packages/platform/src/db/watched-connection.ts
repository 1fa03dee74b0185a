// A reserved postgres.js connection that takes no more statements once one of them found the connection gone.
import type postgres from 'postgres';
import { isInfrastructureError } from '../infrastructure-error';

/** What drizzle's session and the transaction send statements through (the only method they call). */
export interface StatementClient {
  unsafe(query: string, params?: unknown[], options?: postgres.UnsafeQueryOptions): Statement;
}

/** A postgres.js pending query, as far as its callers use it: lazy until executed or awaited. */
export interface Statement extends PromiseLike<any> {
  values(): Statement;
  execute(): Statement;
}

export interface WatchedConnection {
  client: StatementClient;
  /** A statement failed with the connection lost: the transaction is over, nothing more is sent on it. */
  lost(): boolean;
}

/**
 * Watches the statements sent on `connection`: after one fails with an infrastructure error
 * (connection reset or closed, server shutting down), every later one is refused with that
 * error without reaching the connection, the commit included.
 */
export function watchConnection(connection: postgres.ReservedSql): WatchedConnection {
  let loss: unknown;
  const noticed = (error: unknown) => {
    if (loss === undefined && isInfrastructureError(error)) loss = error;
    throw error;
  };
  const unsafe = (query: string, params?: unknown[], options?: postgres.UnsafeQueryOptions): Statement => {
    if (loss !== undefined) {
      const refused: Statement = {
        values: () => refused,
        execute: () => refused,
        then: (onFulfilled, onRejected) => Promise.reject(loss).then(onFulfilled, onRejected),
      };
      return refused;
    }
    const pending = connection.unsafe(query, params as postgres.ParameterOrJSON<never>[], options);
    const watched: Statement = {
      values: () => (pending.values(), watched),
      execute: () => (pending.execute(), watched),
      then: (onFulfilled, onRejected) => pending.then(undefined, noticed).then(onFulfilled, onRejected),
    };
    return watched;
  };
  return { client: { unsafe }, lost: () => loss !== undefined };
}
