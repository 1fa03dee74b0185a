// The graph's doors: who may come in where (analysts only through the read-only analytics graph).
import { GraphQLError } from 'graphql';
import { ErrorCode, type Identity } from '@caregraph/platform';

export const Door = { Main: 'main', Analytics: 'analytics' } as const;
export type Door = (typeof Door)[keyof typeof Door];

/** Analyst tokens use /analytics/graphql only; that door takes nothing but analyst tokens. */
export function checkDoor(door: Door, identity: Identity): void {
  const analyst = identity.roles.includes('analyst');
  if (door === Door.Main && analyst) {
    throw new GraphQLError('Analyst tokens are accepted only at /analytics/graphql', {
      extensions: { code: ErrorCode.Forbidden, http: { status: 403 } },
    });
  }
  if (door === Door.Analytics && !analyst) {
    throw new GraphQLError('Only analyst tokens are accepted at /analytics/graphql', {
      extensions: { code: ErrorCode.Forbidden, http: { status: 403 } },
    });
  }
}
