// Which records of the tenant a caller may see or change, as SQL: repository conditions and RLS settings.
import { eq, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Identity } from '../auth/identity';
import { isId } from '../graphql/ids';
import { FieldGroup, Relation, grantedRelations, type Action } from './matrix';

/**
 * The kinds of patient-linked records. Each has a row-level security policy in its owner's
 * migrations that reads the caller's relations for that kind from the transaction settings.
 */
export const RowKind = {
  /** Patient records themselves. */
  Patient: 'patient',
  /** Allergies, clinical notes, prescriptions and their medication lines. */
  Clinical: 'clinical',
  /** Care-team memberships. */
  CareTeam: 'careTeam',
  /** Appointments. */
  Appointment: 'appointment',
  /** Access events of the ledger. */
  Ledger: 'ledger',
} as const;
export type RowKind = (typeof RowKind)[keyof typeof RowKind];

const { Demographics, Contact, Insurance, Clinical, CareTeam, Appointments, AuditLedger } = FieldGroup;

/** A record of a kind is visible to a caller with a read grant on any of these groups (under its relation). */
export const VISIBLE_THROUGH: Readonly<Record<RowKind, readonly FieldGroup[]>> = {
  patient: [Demographics, Contact, Insurance, Clinical, CareTeam],
  clinical: [Clinical],
  careTeam: [CareTeam],
  appointment: [Appointments],
  ledger: [AuditLedger],
};

/** The transaction setting an RLS policy reads for the caller's relations to records of `kind`. */
export const rowSettingName = (kind: RowKind): string =>
  `app.rows_${kind.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;

/** The columns of a table that name the record's patient, practitioner and booking client. */
export interface RecordColumns {
  patientId?: PgColumn | SQL;
  practitionerId?: PgColumn | SQL;
  bookedByClient?: PgColumn | SQL;
}

/** The keys of a record about to be written (a booking's patient, practitioner and client). */
export interface RecordKeys {
  patientId: string;
  practitionerId?: string;
  bookedByClient?: string | null;
}

/** What the database said about a record's relationship to the caller, read in the same statement. */
export interface RecordAccess {
  /** False for a record of the tenant the caller may know exists but not read: only its keys were read. */
  readable: boolean;
  /** Its patient is on the caller's care team (always false for callers whose grants never depend on it). */
  careTeam: boolean;
}

/** A row as the repository hands it out: its columns (none but its keys when unreadable) and its access facts. */
export type Guarded<Row> = Row & { access: RecordAccess };

export interface RowPolicy {
  identity: Identity;
  /** The relations under which the caller may perform `action` on `group`. */
  relations(action: Action, group: FieldGroup): Set<Relation>;
  /** The records of `kind` the caller may read: undefined when every record of the tenant, `false` when none. */
  readable(kind: RowKind, columns: RecordColumns): SQL | undefined;
  /** The records the caller may change through the mutations of `group` (same form as `readable`). */
  writable(group: FieldGroup, columns: RecordColumns): SQL | undefined;
  /**
   * Whether the caller may perform `action` on `group` of the patient `patientId` as such (under
   * any, self or care team; relations to a record's practitioner or client cannot hold): a boolean SQL.
   */
  onPatient(action: Action, group: FieldGroup, patientId: PgColumn | SQL): SQL<boolean>;
  /** Whether the caller may perform `action` on `group` of a record with these keys (a new one, say): a boolean SQL. */
  onRecord(action: Action, group: FieldGroup, keys: RecordKeys): SQL<boolean>;
  /** Whether the patient in `patientId` is on the caller's care team: a boolean SQL (`false` when it cannot matter). */
  careTeam(patientId: PgColumn | SQL): SQL<boolean>;
  /** `set_config(...)` calls that give the row-level security policies the caller's relations and keys. */
  settings: SQL;
}

/** Where the care team of the caller comes from: the patient subgraph's declared interface. */
export interface RowPolicySources {
  /** A query returning the ids of the patients on the caller's care team (reads the transaction's settings). */
  careTeamPatients?: SQL;
}

const nothing = sql<boolean>`false`;

/** The union of the caller's relations over `groups` for `action`. */
function relationsOver(roles: Identity['roles'], action: Action, groups: readonly FieldGroup[]): Set<Relation> {
  const relations = new Set<Relation>();
  for (const group of groups) for (const relation of grantedRelations(roles, action, group)) relations.add(relation);
  return relations;
}

/** Creates the row policy of one caller. */
export function createRowPolicy(identity: Identity, sources: RowPolicySources = {}): RowPolicy {
  const practitionerId = isId(identity.userId) ? identity.userId : null;
  const ownPatient = identity.patientId && isId(identity.patientId) ? identity.patientId : null;
  const client = identity.clientId ?? null;
  const careTeamSource = practitionerId ? sources.careTeamPatients : undefined;
  const careTeamMatters = Object.values(FieldGroup).some((group) =>
    grantedRelations(identity.roles, 'read', group).has(Relation.CareTeam),
  );

  const inCareTeam = (patientId: PgColumn | SQL) => sql<boolean>`(${patientId} in (${careTeamSource}))`;
  const careTeam = (patientId: PgColumn | SQL): SQL<boolean> =>
    careTeamMatters && careTeamSource ? inCareTeam(patientId) : nothing;

  /** The condition under which `relation` holds for a record with these columns (undefined: it cannot). */
  const holds = (relation: Relation, columns: RecordColumns): SQL | undefined => {
    switch (relation) {
      case Relation.Any:
        return sql`true`;
      case Relation.Self:
        return columns.patientId && ownPatient ? eq(columns.patientId as PgColumn, ownPatient) : undefined;
      case Relation.CareTeam:
        return columns.patientId && careTeamSource ? inCareTeam(columns.patientId) : undefined;
      case Relation.OwnSchedule:
        return columns.practitionerId && practitionerId
          ? eq(columns.practitionerId as PgColumn, practitionerId)
          : undefined;
      case Relation.OwnBooking:
        return columns.bookedByClient && client ? eq(columns.bookedByClient as PgColumn, client) : undefined;
    }
  };

  const scope = (relations: Set<Relation>, columns: RecordColumns): SQL | undefined => {
    if (relations.has(Relation.Any)) return undefined;
    const conditions = [...relations].flatMap((relation) => holds(relation, columns) ?? []);
    return conditions.length ? or(...conditions) : nothing;
  };

  const settingOf = (kind: RowKind) =>
    sql`set_config(${rowSettingName(kind)}, ${[...relationsOver(identity.roles, 'read', VISIBLE_THROUGH[kind])].join(',')}, true)`;

  return {
    identity,
    relations: (action, group) => grantedRelations(identity.roles, action, group),
    readable: (kind, columns) => scope(relationsOver(identity.roles, 'read', VISIBLE_THROUGH[kind]), columns),
    writable: (group, columns) => scope(grantedRelations(identity.roles, 'write', group), columns),
    onPatient(action, group, patientId) {
      const relations = grantedRelations(identity.roles, action, group);
      const patientLevel = new Set(
        [...relations].filter((r) => r === Relation.Any || r === Relation.Self || r === Relation.CareTeam),
      );
      return (scope(patientLevel, { patientId }) ?? sql`true`) as SQL<boolean>;
    },
    onRecord(action, group, keys) {
      const columns: RecordColumns = {
        patientId: sql`${keys.patientId}::uuid`,
        practitionerId: keys.practitionerId ? sql`${keys.practitionerId}::uuid` : undefined,
        bookedByClient: keys.bookedByClient ? sql`${keys.bookedByClient}::text` : undefined,
      };
      return (scope(grantedRelations(identity.roles, action, group), columns) ?? sql`true`) as SQL<boolean>;
    },
    careTeam,
    settings: sql.join(
      [
        sql`set_config('app.actor_id', ${practitionerId ?? ''}, true)`,
        sql`set_config('app.patient_id', ${ownPatient ?? ''}, true)`,
        sql`set_config('app.client_id', ${client ?? ''}, true)`,
        ...Object.values(RowKind).map(settingOf),
      ],
      sql`, `,
    ),
  };
}

/**
 * The settings of work that is not a caller's request (seeding, the ledger writer, retention, the
 * analytics graph's aggregates): every record of the tenant, no caller keys.
 */
export const TENANT_WIDE_ROWS: SQL = sql.join(
  [
    sql`set_config('app.actor_id', '', true)`,
    sql`set_config('app.patient_id', '', true)`,
    sql`set_config('app.client_id', '', true)`,
    ...Object.values(RowKind).map((kind) => sql`set_config(${rowSettingName(kind)}, ${Relation.Any}, true)`),
  ],
  sql`, `,
);
