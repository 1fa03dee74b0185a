// Field decisions of one request: the matrix applied to a record whose relationship facts came with its row.
import type { Identity } from '../auth/identity';
import { isId } from '../graphql/ids';
import { Relation, grantedRelations, type Action, type FieldGroup } from './matrix';
import type { Guarded } from './row-policy';

/** What a decision needs to know about a record: whose it is, whose schedule, which client booked it. */
export interface Subject {
  patientId?: string | null;
  practitionerId?: string | null;
  bookedByClient?: string | null;
  /** The record's patient is on the caller's care team, as the SQL that read the record said. */
  careTeam?: boolean;
  /** False when the record was read as keys only (the caller may not read it under any relation). */
  readable?: boolean;
}

export interface Access {
  identity: Identity;
  /** The relations under which the caller may perform `action` on `group` (empty: never). */
  relations(action: Action, group: FieldGroup): Set<Relation>;
  /** Whether the caller may perform `action` on `group` of this record. Decided in process: no lookups. */
  can(action: Action, group: FieldGroup, subject: Subject): boolean;
}

/** The subject of a guarded row: its keys and the facts read with it. */
export function subjectOf(
  row: Guarded<{ patientId?: string | null; practitionerId?: string | null; bookedByClient?: string | null }>,
): Subject {
  return {
    patientId: row.patientId,
    practitionerId: row.practitionerId,
    bookedByClient: row.bookedByClient,
    careTeam: row.access.careTeam,
    readable: row.access.readable,
  };
}

/** Creates the field decisions of one caller (relations per group computed once). */
export function createAccess(identity: Identity): Access {
  const relationCache = new Map<string, Set<Relation>>();
  const relations = (action: Action, group: FieldGroup) => {
    const key = `${action}:${group}`;
    let granted = relationCache.get(key);
    if (!granted) {
      granted = grantedRelations(identity.roles, action, group);
      relationCache.set(key, granted);
    }
    return granted;
  };

  const holds = (relation: Relation, subject: Subject): boolean => {
    switch (relation) {
      case Relation.Any:
        return true;
      case Relation.Self:
        return Boolean(identity.patientId) && subject.patientId === identity.patientId;
      case Relation.OwnSchedule:
        return isId(identity.userId) && subject.practitionerId === identity.userId;
      case Relation.OwnBooking:
        return Boolean(identity.clientId) && subject.bookedByClient === identity.clientId;
      case Relation.CareTeam:
        return subject.careTeam === true;
    }
  };

  return {
    identity,
    relations,
    can(action, group, subject) {
      if (subject.readable === false) return false;
      for (const relation of relations(action, group)) if (holds(relation, subject)) return true;
      return false;
    },
  };
}
