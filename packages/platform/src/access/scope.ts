// The SQL form of the access matrix, so lists are scoped in the query rather than filtered after.
import { eq, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { isId } from '../graphql/ids';
import type { Executor } from '../db/database';
import type { Access } from './access';
import { Relation, type FieldGroup } from './matrix';

export interface ScopeColumns {
  patientId?: PgColumn;
  practitionerId?: PgColumn;
  bookedByClient?: PgColumn;
}

const nothing = sql`false`;

/**
 * A WHERE condition limiting rows to those the caller may read in `group`: undefined when
 * every row of the tenant is allowed, `false` when none is.
 */
export function readScope(access: Access, group: FieldGroup, columns: ScopeColumns): SQL | undefined {
  const relations = access.relations('read', group);
  if (relations.has(Relation.Any)) return undefined;
  const { identity } = access;
  const conditions: SQL[] = [];
  for (const relation of relations) {
    if (relation === Relation.CareTeam && columns.patientId && isId(identity.userId)) {
      conditions.push(sql`${columns.patientId} in (select ct.patient_id from patient.care_team ct
        where ct.tenant_id = current_setting('app.tenant_id') and ct.practitioner_id = ${identity.userId}::uuid)`);
    }
    if (relation === Relation.Self && columns.patientId && identity.patientId) {
      conditions.push(eq(columns.patientId, identity.patientId));
    }
    if (relation === Relation.OwnSchedule && columns.practitionerId && isId(identity.userId)) {
      conditions.push(eq(columns.practitionerId, identity.userId));
    }
    if (relation === Relation.OwnBooking && columns.bookedByClient && identity.clientId) {
      conditions.push(eq(columns.bookedByClient, identity.clientId));
    }
  }
  return conditions.length ? or(...conditions) : nothing;
}

/**
 * Rows just read under `readScope(access, group, …)`: when the care team is the only relation
 * that scope admits, each row's patient is on the caller's care team, and the field rules of
 * the request are told so (no care-team lookup of their own). Returns the rows.
 */
export function admittedRows<Row>(
  access: Access,
  group: FieldGroup,
  patientIdOf: (row: Row) => string,
): (rows: Row[]) => Row[] {
  const relations = access.relations('read', group);
  const careTeamOnly = relations.size === 1 && relations.has(Relation.CareTeam);
  return (rows) => {
    if (careTeamOnly) access.onCareTeam(rows.map(patientIdOf));
    return rows;
  };
}

/**
 * Rows just read in `tx`, returned once the caller's care-team answer for their patients has
 * been learnt in the same transaction (see `Access.learnCareTeam`).
 */
export async function withCareTeamOf<Row>(
  access: Access,
  tx: Executor,
  rows: Row[],
  patientIdOf: (row: Row) => string | null,
): Promise<Row[]> {
  await access.learnCareTeam(
    tx,
    rows.flatMap((row) => patientIdOf(row) ?? []),
  );
  return rows;
}
