// Per-request access decisions: the matrix plus the caller's relationship to each record.
import DataLoader from 'dataloader';
import type { Identity } from '../auth/identity';
import type { SubgraphName } from '../config';
import type { Database, Executor } from '../db/database';
import { careTeamPatients } from '../db/references';
import { tenantRunner } from '../db/tenant';
import { isId } from '../graphql/ids';
import { FieldGroup, Relation, grantedRelations, type Action } from './matrix';

/** What a decision needs to know about a record: whose it is, whose schedule, which client booked it. */
export interface Subject {
  patientId?: string | null;
  practitionerId?: string | null;
  bookedByClient?: string | null;
}

export interface Access {
  identity: Identity;
  /** The relations under which the caller may perform `action` on `group` (empty: never). */
  relations(action: Action, group: FieldGroup): Set<Relation>;
  /** Whether the caller may perform `action` on `group` of this record. */
  can(action: Action, group: FieldGroup, subject: Subject): Promise<boolean>;
  /**
   * These patients were just read under a condition that admits only the caller's care team:
   * the field rules of this request take that as the care-team answer instead of asking again.
   */
  onCareTeam(patientIds: Iterable<string>): void;
  /**
   * Reads, inside the caller's transaction, whether these patients are on the caller's care team
   * (for a caller whose grants depend on it), so the field rules of the request need no lookup
   * of their own: one statement more in a transaction already open instead of a transaction more.
   */
  learnCareTeam(tx: Executor, patientIds: Iterable<string>): Promise<void>;
}

/**
 * Creates the access object of one request. Care-team membership is read through the
 * subgraph's own role (SELECT on `patient.care_team` is granted to every subgraph), batched:
 * one statement for all the patients a request asks about.
 */
export function createAccess(database: Database, subgraph: SubgraphName, identity: Identity): Access {
  const relationCache = new Map<string, Set<Relation>>();
  const run = tenantRunner(database, subgraph, identity.tenantId);
  /** Patients whose care-team answer this request has (looked up or learnt with rows). */
  const known = new Set<string>();
  const careTeamMatters =
    isId(identity.userId) &&
    Object.values(FieldGroup).some((group) => grantedRelations(identity.roles, 'read', group).has(Relation.CareTeam));
  const careTeam = new DataLoader<string, boolean>(async (patientIds) => {
    const mine = await run((tx) => careTeamPatients(tx, identity.userId, patientIds));
    patientIds.forEach((id) => known.add(id));
    return patientIds.map((id) => mine.has(id));
  });
  const learn = (patientId: string, onTeam: boolean) => {
    careTeam.prime(patientId, onTeam);
    known.add(patientId);
  };

  const relations = (action: Action, group: FieldGroup) => {
    const key = `${action}:${group}`;
    let granted = relationCache.get(key);
    if (!granted) {
      granted = grantedRelations(identity.roles, action, group);
      relationCache.set(key, granted);
    }
    return granted;
  };

  const holds = async (relation: Relation, subject: Subject): Promise<boolean> => {
    switch (relation) {
      case Relation.Any:
        return true;
      case Relation.Self:
        return Boolean(identity.patientId) && subject.patientId === identity.patientId;
      case Relation.OwnSchedule:
        return subject.practitionerId === identity.userId;
      case Relation.OwnBooking:
        return Boolean(identity.clientId) && subject.bookedByClient === identity.clientId;
      case Relation.CareTeam:
        return isId(identity.userId) && isId(subject.patientId) && careTeam.load(subject.patientId);
    }
  };

  const decide = async (action: Action, group: FieldGroup, subject: Subject): Promise<boolean> => {
    const granted = relations(action, group);
    // Cheap relations first; the care-team lookup is the only one that may touch the database.
    for (const relation of granted) if (relation !== Relation.CareTeam && (await holds(relation, subject))) return true;
    return granted.has(Relation.CareTeam) && holds(Relation.CareTeam, subject);
  };

  // Every field of a record asks the same question: decide it once per request.
  const decisions = new Map<string, Promise<boolean>>();
  return {
    identity,
    relations,
    onCareTeam(patientIds) {
      for (const id of patientIds) learn(id, true);
    },
    async learnCareTeam(tx, patientIds) {
      if (!careTeamMatters) return;
      const unknown = [...new Set(patientIds)].filter((id) => isId(id) && !known.has(id));
      if (!unknown.length) return;
      const mine = await careTeamPatients(tx, identity.userId, unknown);
      for (const id of unknown) learn(id, mine.has(id));
    },
    can(action, group, subject) {
      const key = `${action}|${group}|${subject.patientId ?? ''}|${subject.practitionerId ?? ''}|${subject.bookedByClient ?? ''}`;
      let decision = decisions.get(key);
      if (!decision) {
        decision = decide(action, group, subject);
        decisions.set(key, decision);
      }
      return decision;
    },
  };
}
