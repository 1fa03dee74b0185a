// Argument rules of the appointment subgraph: booking length, time ranges, day ranges, text limits, cursors.
import { badInput, parseId, parseOptionalText, parseText } from '@caregraph/platform';
import type { BookAppointmentInput, ClinicalNoteInput } from './__generated__/resolvers-types';
import type { NewAppointment, NoteContent } from './repository';

const HOUR_MS = 3_600_000;
const MAX_BOOKING_MS = 8 * HOUR_MS;
const MAX_SCHEDULE_MS = 31 * 24 * HOUR_MS;
const MAX_REASON = 500;
const MAX_NOTE_FIELD = 10_000;

export function parseBooking(input: BookAppointmentInput): NewAppointment {
  const { startsAt, endsAt } = input;
  if (endsAt.getTime() <= startsAt.getTime()) throw badInput('input.endsAt', 'must be after startsAt');
  if (endsAt.getTime() - startsAt.getTime() > MAX_BOOKING_MS)
    throw badInput('input.endsAt', 'a booking lasts at most 8 hours');
  return {
    patientId: parseId('input.patientId', input.patientId),
    practitionerId: parseId('input.practitionerId', input.practitionerId),
    startsAt,
    endsAt,
    reason: parseOptionalText('input.reason', input.reason, MAX_REASON),
  };
}

export function parseCancellationReason(reason: string): string {
  return parseText('reason', reason, { max: MAX_REASON });
}

/** An optional [from, to) window; when both are given, `to` must be later. */
export function parseWindow(
  from: Date | null | undefined,
  to: Date | null | undefined,
): { from: Date | null; to: Date | null } {
  if (from && to && to.getTime() <= from.getTime()) throw badInput('to', 'must be after from');
  return { from: from ?? null, to: to ?? null };
}

/** A schedule window: `to` after `from`, at most 31 days later. */
export function parseScheduleWindow(from: Date, to: Date): { from: Date; to: Date } {
  if (to.getTime() <= from.getTime()) throw badInput('to', 'must be after from');
  if (to.getTime() - from.getTime() > MAX_SCHEDULE_MS) throw badInput('to', 'must be at most 31 days after from');
  return { from, to };
}

export function parseNote(input: ClinicalNoteInput): NoteContent {
  return {
    subjective: parseOptionalText('input.subjective', input.subjective, MAX_NOTE_FIELD),
    objective: parseOptionalText('input.objective', input.objective, MAX_NOTE_FIELD),
    assessment: parseOptionalText('input.assessment', input.assessment, MAX_NOTE_FIELD),
    plan: parseOptionalText('input.plan', input.plan, MAX_NOTE_FIELD),
  };
}
