// Every SQL statement of the appointment subgraph, scoped to the caller's tenant (and RLS beneath).
import { and, asc, eq, gt, gte, inArray, lt, ne, sql, type SQL } from 'drizzle-orm';
import {
  badInput,
  createAccess,
  existingPatientIds,
  FieldGroup,
  forbidden,
  isId,
  newId,
  notFound,
  practitionerRoles,
  readScope,
  rowsByIds,
  tenantRunner,
  topPerParent,
  withCareTeamOf,
  type Access,
} from '@caregraph/platform';
import type { CursorKey, Database, Executor, Identity, Page } from '@caregraph/platform';
import { AppointmentStatus, appointment, clinicalNote, type AppointmentRow, type ClinicalNoteRow } from './db/schema';

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
const byStart = sql`${appointment.startsAt}, ${appointment.id}`;
const after = (key: CursorKey | null) =>
  key ? sql`(${appointment.startsAt}, ${appointment.id}) > (${key[0]}::timestamptz, ${key[1]}::uuid)` : undefined;
/** Non-cancelled bookings of the practitioner that overlap [startsAt, endsAt). */
const busyBetween = (practitionerId: string, startsAt: Date, endsAt: Date) =>
  and(
    eq(appointment.practitionerId, practitionerId),
    ne(appointment.status, AppointmentStatus.Cancelled),
    lt(appointment.startsAt, endsAt),
    gt(appointment.endsAt, startsAt),
  );

export type AppointmentRepository = ReturnType<typeof createAppointmentRepository>;

export function createAppointmentRepository(
  database: Database,
  identity: Identity,
  access: Access = createAccess(database, 'appointment', identity),
) {
  const { tenantId } = identity;
  const run = tenantRunner(database, 'appointment', tenantId);
  /** Rows of lists limited to what the caller may read (the access matrix in SQL). */
  const readable = readScope(access, FieldGroup.Appointments, {
    patientId: appointment.patientId,
    practitionerId: appointment.practitionerId,
    bookedByClient: appointment.bookedByClient,
  });
  const inTenant = eq(appointment.tenantId, tenantId);
  const patientOf = (row: AppointmentRow) => row.patientId;
  const bookedBy = { bookedBy: identity.userId, bookedByClient: identity.clientId ?? null };

  /** The appointment, locked for update, or NOT_FOUND (also for another tenant's id). */
  const lockAppointment = async (tx: Executor, id: string) => {
    const [row] = await tx
      .select()
      .from(appointment)
      .where(and(inTenant, eq(appointment.id, id)))
      .for('update');
    if (!row) throw notFound('Appointment');
    return row;
  };

  const setStatus = (tx: Executor, id: string, changes: Partial<AppointmentRow>) =>
    tx
      .update(appointment)
      .set({ ...changes, updatedAt: new Date() })
      .where(and(inTenant, eq(appointment.id, id)))
      .returning()
      .then((rows) => rows[0]!);

  return {
    appointmentsByIds: (ids: readonly string[]) =>
      run(async (tx) => withCareTeamOf(access, tx, await rowsByIds(tx, appointment, tenantId, ids), patientOf)),

    listAppointments: ({ page, from, to, practitionerId, patientId, status }: AppointmentFilter) =>
      run(async (tx) => {
        const filters: Array<SQL | undefined> = [inTenant, readable, after(page.after)];
        if (from) filters.push(gte(appointment.startsAt, from));
        if (to) filters.push(lt(appointment.startsAt, to));
        if (practitionerId) filters.push(eq(appointment.practitionerId, practitionerId));
        if (patientId) filters.push(eq(appointment.patientId, patientId));
        if (status) filters.push(eq(appointment.status, status));
        const rows = await tx
          .select()
          .from(appointment)
          .where(and(...filters))
          .orderBy(asc(appointment.startsAt), asc(appointment.id))
          .limit(page.first + 1);
        return withCareTeamOf(access, tx, rows, patientOf);
      }),

    /** The first `first + 1` appointments of each patient, in one statement for any number of patients. */
    appointmentsByPatients: (patientIds: readonly string[], args: PatientAppointmentsPage) =>
      run(async (tx) => {
        await access.learnCareTeam(tx, patientIds);
        return topPerParent(tx, appointment, {
          parent: appointment.patientId,
          orderBy: byStart,
          where: and(
            inTenant,
            inArray(appointment.patientId, [...patientIds]),
            args.status ? eq(appointment.status, args.status) : undefined,
            args.from ? gte(appointment.startsAt, args.from) : undefined,
            after(args.after),
          ),
          limit: args.first + 1,
        });
      }),

    /** Appointments starting in [from, to) of each practitioner, in start order. */
    scheduleByPractitioners: (practitionerIds: readonly string[], from: Date, to: Date) =>
      run((tx) =>
        tx
          .select()
          .from(appointment)
          .where(and(inTenant, inArray(appointment.practitionerId, [...practitionerIds]), startsWithin(from, to)))
          .orderBy(asc(appointment.startsAt), asc(appointment.id)),
      ),

    notesByAppointmentIds: (appointmentIds: readonly string[]) =>
      run((tx) =>
        tx
          .select()
          .from(clinicalNote)
          .where(and(eq(clinicalNote.tenantId, tenantId), inArray(clinicalNote.appointmentId, [...appointmentIds]))),
      ),

    /** The practitioner's non-cancelled bookings overlapping [dayStart, dayEnd); BAD_USER_INPUT if unknown. */
    busyIntervals: (practitionerId: string, dayStart: Date, dayEnd: Date) =>
      run(async (tx) => {
        if (!(await practitionerRoles(tx, [practitionerId])).has(practitionerId)) {
          throw badInput('practitionerId', 'unknown practitioner');
        }
        return tx
          .select({ startsAt: appointment.startsAt, endsAt: appointment.endsAt })
          .from(appointment)
          .where(and(inTenant, busyBetween(practitionerId, dayStart, dayEnd)));
      }),

    /** Books under a per-practitioner lock, so two overlapping bookings can never both succeed. */
    book: (input: NewAppointment) =>
      run(async (tx) => {
        if (!(await existingPatientIds(tx, [input.patientId])).has(input.patientId)) {
          throw badInput('input.patientId', 'unknown patient');
        }
        if (!(await practitionerRoles(tx, [input.practitionerId])).has(input.practitionerId)) {
          throw badInput('input.practitionerId', 'unknown practitioner');
        }
        await tx.execute(
          sql`select pg_advisory_xact_lock(hashtextextended(${tenantId}::text || ':' || ${input.practitionerId}::text, 0))`,
        );
        const [clash] = await tx
          .select({ id: appointment.id })
          .from(appointment)
          .where(and(inTenant, busyBetween(input.practitionerId, input.startsAt, input.endsAt)))
          .limit(1);
        if (clash) throw badInput('input.startsAt', 'overlaps an existing booking of this practitioner');
        const [row] = await tx
          .insert(appointment)
          .values({ ...input, tenantId, id: newId(), status: AppointmentStatus.Booked, ...bookedBy })
          .returning();
        return row!;
      }),

    cancel: (id: string, reason: string) =>
      run(async (tx) => {
        const row = await lockAppointment(tx, id);
        if (row.status !== AppointmentStatus.Booked && row.status !== AppointmentStatus.Arrived) {
          throw badInput('id', `appointment is ${row.status}`);
        }
        return setStatus(tx, id, { status: AppointmentStatus.Cancelled, cancellationReason: reason });
      }),

    updateStatus: (id: string, status: AppointmentStatus) =>
      run(async (tx) => {
        const row = await lockAppointment(tx, id);
        if (!NEXT_STATUSES[row.status].includes(status))
          throw badInput('status', `cannot change ${row.status} to ${status}`);
        return setStatus(tx, id, { status });
      }),

    /** Writes or replaces the note; only a practitioner of this tenant may author it. */
    recordNote: (appointmentId: string, content: NoteContent) =>
      run(async (tx) => {
        const author = identity.userId;
        if (!isId(author) || !(await practitionerRoles(tx, [author])).has(author)) {
          throw forbidden('Only practitioners can author clinical notes');
        }
        const row = await lockAppointment(tx, appointmentId);
        const note = { ...content, authoredBy: author, updatedAt: new Date() };
        await tx
          .insert(clinicalNote)
          .values({ ...note, tenantId, appointmentId, patientId: row.patientId })
          .onConflictDoUpdate({ target: [clinicalNote.tenantId, clinicalNote.appointmentId], set: note });
        return row;
      }),
  };
}

export type { AppointmentRow, ClinicalNoteRow };
