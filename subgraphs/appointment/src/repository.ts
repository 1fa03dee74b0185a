// Every SQL statement of the appointment subgraph, bound to the caller's row policy (and RLS beneath).
import { and, asc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import {
  Authored,
  FieldGroup,
  RowKind,
  badInput,
  forbidden,
  guardedTable,
  isId,
  mayAuthor,
  newId,
  notFound,
  pagesByPatient,
  readableRows,
  recordsByIds,
  requestRunner,
  rowsOf,
  type CursorKey,
  type Database,
  type Executor,
  type Page,
  type RowPolicy,
} from '@caregraph/platform';
import { existingPatients, practitionerRoles } from '@caregraph/patient/interface';
import {
  AppointmentStatus,
  appointment,
  clinicalNote,
  type AppointmentRecord,
  type AppointmentRow,
  type ClinicalNoteRow,
} from './db/schema';
import { appointmentKeys } from './interface';
import type { Interval } from './slots';

export interface AppointmentFilter {
  page: Page;
  from: Date | null;
  to: Date | null;
  practitionerId: string | null;
  patientId: string | null;
  status: AppointmentStatus | null;
}

/** The arguments of `Patient.appointments`, shared by every patient of one batch. */
export interface PatientAppointmentsPage {
  first: number;
  after: CursorKey | null;
  status: AppointmentStatus | null;
  from: Date | null;
}

export interface NewAppointment {
  patientId: string;
  practitionerId: string;
  startsAt: Date;
  endsAt: Date;
  reason: string | null;
}

export type NoteContent = Pick<ClinicalNoteRow, 'subjective' | 'objective' | 'assessment' | 'plan'>;

/** The statuses each status may move to through `updateAppointmentStatus`. */
const NEXT_STATUSES: Record<AppointmentStatus, readonly AppointmentStatus[]> = {
  BOOKED: [AppointmentStatus.Arrived, AppointmentStatus.NoShow, AppointmentStatus.Cancelled],
  ARRIVED: [AppointmentStatus.Fulfilled, AppointmentStatus.Cancelled],
  FULFILLED: [],
  CANCELLED: [],
  NOSHOW: [],
};

const startsWithin = (from: Date, to: Date) => and(gte(appointment.startsAt, from), lt(appointment.startsAt, to));
const byStart = [asc(appointment.startsAt), asc(appointment.id)];
const after = (key: CursorKey | null) =>
  key ? sql`(${appointment.startsAt}, ${appointment.id}) > (${key[0]}::timestamptz, ${key[1]}::uuid)` : undefined;
const columns = {
  patientId: appointment.patientId,
  practitionerId: appointment.practitionerId,
  bookedByClient: appointment.bookedByClient,
};

/**
 * Non-cancelled bookings of the practitioner overlapping [from, to), times only, including those
 * the caller may not read (a patient's or partner's availability and clash checks need them).
 */
async function busyIntervals(tx: Executor, practitionerId: string, from: Date, to: Date): Promise<Interval[]> {
  const rows = rowsOf<{ starts_ms: number | string; ends_ms: number | string }>(
    await tx.execute(sql`select (extract(epoch from starts_at) * 1000)::float8 as starts_ms,
        (extract(epoch from ends_at) * 1000)::float8 as ends_ms
      from appointment.busy_intervals_v1(${practitionerId}::uuid, ${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz)`),
  );
  return rows.map((row) => ({ startsAt: new Date(Number(row.starts_ms)), endsAt: new Date(Number(row.ends_ms)) }));
}

export type AppointmentRepository = ReturnType<typeof createAppointmentRepository>;

export function createAppointmentRepository(database: Database, policy: RowPolicy) {
  const { tenantId, userId, clientId } = policy.identity;
  const run = requestRunner(database, 'appointment', policy);
  /** Appointments as this caller may read them (the access matrix in SQL). */
  const appointments = guardedTable(policy, appointment, RowKind.Appointment, columns);
  const { inTenant, readable, withFacts } = appointments;
  const bookedBy = { bookedBy: userId, bookedByClient: clientId ?? null };

  /** The appointment, locked for update, if the caller may change `group` of it; else NOT_FOUND (also for another tenant's id). */
  const lockWritable = async (tx: Executor, id: string, group: FieldGroup) => {
    const [row] = await tx
      .select(withFacts)
      .from(appointment)
      .where(and(inTenant, eq(appointment.id, id), policy.writable(group, columns)))
      .for('update');
    if (!row) throw notFound('Appointment');
    return readableRows([row])[0]!;
  };

  const setStatus = (tx: Executor, id: string, changes: Partial<AppointmentRow>) =>
    tx
      .update(appointment)
      .set({ ...changes, updatedAt: new Date() })
      .where(and(inTenant, eq(appointment.id, id)))
      .returning(withFacts)
      .then((rows) => readableRows(rows)[0]!);

  return {
    /** The appointments with these ids: readable ones whole, others of the tenant as their keys only. */
    appointmentsByIds: (ids: readonly string[]) => run((tx) => recordsByIds(tx, appointments, ids, appointmentKeys)),

    listAppointments: ({ page, from, to, practitionerId, patientId, status }: AppointmentFilter) =>
      run(async (tx) => {
        const filters: Array<SQL | undefined> = [inTenant, readable, after(page.after)];
        if (from) filters.push(gte(appointment.startsAt, from));
        if (to) filters.push(lt(appointment.startsAt, to));
        if (practitionerId) filters.push(eq(appointment.practitionerId, practitionerId));
        if (patientId) filters.push(eq(appointment.patientId, patientId));
        if (status) filters.push(eq(appointment.status, status));
        const rows = await tx
          .select(withFacts)
          .from(appointment)
          .where(and(...filters))
          .orderBy(...byStart)
          .limit(page.first + 1);
        return readableRows(rows);
      }),

    /** Per patient, the first `first + 1` appointments, or null when the caller may not read its appointments. */
    appointmentsByPatients: (patientIds: readonly string[], args: PatientAppointmentsPage) =>
      run((tx) =>
        pagesByPatient(tx, appointments, patientIds, {
          group: FieldGroup.Appointments,
          where: and(
            args.status ? eq(appointment.status, args.status) : undefined,
            args.from ? gte(appointment.startsAt, args.from) : undefined,
            after(args.after),
          ),
          orderBy: byStart,
          limit: args.first + 1,
        }),
      ),

    /** Appointments starting in [from, to) of each practitioner that the caller may read, in start order. */
    scheduleByPractitioners: (practitionerIds: readonly string[], from: Date, to: Date) =>
      run((tx) =>
        tx
          .select(withFacts)
          .from(appointment)
          .where(
            and(inTenant, readable, inArray(appointment.practitionerId, [...practitionerIds]), startsWithin(from, to)),
          )
          .orderBy(...byStart)
          .then(readableRows),
      ),

    notesByAppointmentIds: (appointmentIds: readonly string[]) =>
      run((tx) =>
        tx
          .select()
          .from(clinicalNote)
          .where(
            and(
              eq(clinicalNote.tenantId, tenantId),
              inArray(clinicalNote.appointmentId, [...appointmentIds]),
              policy.readable(RowKind.Clinical, { patientId: clinicalNote.patientId }),
            ),
          ),
      ),

    /** The practitioner's non-cancelled bookings overlapping [dayStart, dayEnd); BAD_USER_INPUT if unknown. */
    busyIntervals: (practitionerId: string, dayStart: Date, dayEnd: Date) =>
      run(async (tx) => {
        if (!(await practitionerRoles(tx, [practitionerId])).has(practitionerId)) {
          throw badInput('practitionerId', 'unknown practitioner');
        }
        return busyIntervals(tx, practitionerId, dayStart, dayEnd);
      }),

    /**
     * Books under a per-practitioner lock, so two overlapping bookings can never both succeed;
     * FORBIDDEN unless the caller may book for this patient with this practitioner.
     */
    book: (input: NewAppointment) =>
      run(async (tx) => {
        const keys = { ...input, bookedByClient: bookedBy.bookedByClient };
        const [check] = rowsOf<{ allowed: boolean }>(
          await tx.execute(sql`select ${policy.onRecord('write', FieldGroup.Appointments, keys)} as allowed`),
        );
        if (!check?.allowed) throw forbidden();
        if (!(await existingPatients(tx, [input.patientId])).has(input.patientId)) {
          throw badInput('input.patientId', 'unknown patient');
        }
        if (!(await practitionerRoles(tx, [input.practitionerId])).has(input.practitionerId)) {
          throw badInput('input.practitionerId', 'unknown practitioner');
        }
        await tx.execute(
          sql`select pg_advisory_xact_lock(hashtextextended(${tenantId}::text || ':' || ${input.practitionerId}::text, 0))`,
        );
        const clashes = await busyIntervals(tx, input.practitionerId, input.startsAt, input.endsAt);
        if (clashes.length) throw badInput('input.startsAt', 'overlaps an existing booking of this practitioner');
        const [row] = await tx
          .insert(appointment)
          .values({ ...input, tenantId, id: newId(), status: AppointmentStatus.Booked, ...bookedBy })
          .returning(withFacts);
        return readableRows([row!])[0]!;
      }),

    cancel: (id: string, reason: string) =>
      run(async (tx) => {
        const row = await lockWritable(tx, id, FieldGroup.Appointments);
        if (row.status !== AppointmentStatus.Booked && row.status !== AppointmentStatus.Arrived) {
          throw badInput('id', `appointment is ${row.status}`);
        }
        return setStatus(tx, id, { status: AppointmentStatus.Cancelled, cancellationReason: reason });
      }),

    updateStatus: (id: string, status: AppointmentStatus) =>
      run(async (tx) => {
        const row = await lockWritable(tx, id, FieldGroup.AppointmentStatus);
        if (!NEXT_STATUSES[row.status].includes(status))
          throw badInput('status', `cannot change ${row.status} to ${status}`);
        return setStatus(tx, id, { status });
      }),

    /** Writes or replaces the note; only a practitioner of this tenant may author it. */
    recordNote: (appointmentId: string, content: NoteContent) =>
      run(async (tx): Promise<AppointmentRecord> => {
        mayAuthor(Authored.ClinicalNote, (await practitionerRoles(tx, [userId].filter(isId))).get(userId));
        // Writing a note is a clinical write: the appointment's patient must be the caller's to treat.
        const row = await lockWritable(tx, appointmentId, FieldGroup.Clinical);
        const note = { ...content, authoredBy: userId, updatedAt: new Date() };
        await tx
          .insert(clinicalNote)
          .values({ ...note, tenantId, appointmentId, patientId: row.patientId })
          .onConflictDoUpdate({ target: [clinicalNote.tenantId, clinicalNote.appointmentId], set: note });
        return row;
      }),
  };
}

export type { AppointmentRow, ClinicalNoteRow };
