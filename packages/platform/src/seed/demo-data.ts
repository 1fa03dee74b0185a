// The deterministic demo data set: tenants, logins and clinical records; each subgraph seeds its part.
import { Role, type Identity } from '../auth/identity';
import type { DemoLogin, DemoPatient, DemoPractitioner, DemoTenant } from './demo-types';
import { seededRandom, stableId, type Random } from './random';
import { DIAGNOSES, DRUGS, FAMILY_NAMES, GIVEN_NAMES, SPECIALTIES, SUBSTANCES, VISIT_REASONS } from './vocabulary';

const DEMO_TENANTS = [
  { id: 'acme', name: 'Acme Family Clinic' },
  { id: 'globex', name: 'Globex Health' },
] as const;
export type DemoTenantId = (typeof DEMO_TENANTS)[number]['id'];

/** Appointments are spread over fixed dates so the same seed gives the same data any day. */
const SEED_FIRST_DAY = Date.UTC(2026, 8, 7); // Monday 2026-09-07
const SEED_TODAY = Date.UTC(2026, 11, 1); // statuses are relative to 2026-12-01
const SEED_WEEKS = 26;
const SLOT_MINUTES = 30;
const SLOTS_PER_DAY = 16; // 09:00–17:00 UTC
const DAY_MS = 86_400_000;
/** Patients whose family doctor is doctor@ or doctor2@ (each has 26 weeks × 80 slots to fill). */
const FAMILY_PANEL = 200;

export function buildDemoData(patientsPerTenant: number): DemoTenant[] {
  return DEMO_TENANTS.map(({ id, name }) => buildTenant(id, name, patientsPerTenant));
}

/** The seeded logins (`doctor@acme.test` …) and their identities; needs no database. */
export function demoLogins(): DemoLogin[] {
  return DEMO_TENANTS.flatMap(({ id }) => {
    const practitioners = buildPractitioners(id, 8);
    return buildLogins(id, practitioners, stableId(id, 'patient', 0));
  });
}

function buildTenant(tenantId: DemoTenantId, name: string, patientCount: number): DemoTenant {
  const practitioners = buildPractitioners(tenantId, Math.max(8, Math.ceil(patientCount / 25)));
  const doctors = practitioners.filter((p) => p.role === 'DOCTOR');
  const nurses = practitioners.filter((p) => p.role === 'NURSE');
  const tenant: DemoTenant = {
    id: tenantId,
    name,
    practitioners,
    patients: [],
    allergies: [],
    careTeam: [],
    appointments: [],
    notes: [],
    prescriptions: [],
    medications: [],
    logins: buildLogins(tenantId, practitioners, stableId(tenantId, 'patient', 0)),
  };
  const taken = new Set<string>();
  for (let i = 0; i < patientCount; i++) {
    const random = seededRandom(`${tenantId}:patient:${i}`);
    const patient = buildPatient(tenantId, i, random);
    tenant.patients.push(patient);
    // doctor@ and doctor2@ are the family doctors of the first 200 patients (every other one);
    // later patients are spread over all doctors so no schedule overflows. Every fourth patient
    // also sees a specialist, every third a nurse.
    const specialists = doctors.slice(2);
    const team = [
      ...new Set([
        i < FAMILY_PANEL ? doctors[i % 2]! : doctors[i % doctors.length]!,
        ...(i % 4 === 3 ? [specialists[Math.floor(i / 4) % specialists.length]!] : []),
        ...(i % 3 === 0 ? [nurses[Math.floor(i / 3) % nurses.length]!] : []),
      ]),
    ];
    for (const member of team)
      tenant.careTeam.push({ patientId: patient.id, practitionerId: member.id, assignedAt: patient.createdAt });
    for (let a = 0; a < random.int(0, 2); a++) {
      const { substance, reaction } = random.pick(SUBSTANCES);
      tenant.allergies.push({
        id: stableId(tenantId, 'allergy', i, a),
        patientId: patient.id,
        substance,
        reaction,
        severity: random.pick(['MILD', 'MODERATE', 'SEVERE'] as const),
        recordedAt: patient.createdAt,
      });
    }
    for (let a = 0; a < random.int(2, 6); a++) addAppointment(tenant, patient, team, random, taken, a);
  }
  return tenant;
}

function buildPractitioners(tenantId: string, count: number): DemoPractitioner[] {
  return Array.from({ length: count }, (_, i) => {
    const random = seededRandom(`${tenantId}:practitioner:${i}`);
    const role = i === 2 || i % 4 === 3 ? 'NURSE' : 'DOCTOR';
    return {
      id: stableId(tenantId, 'practitioner', i),
      givenName: random.pick(GIVEN_NAMES),
      familyName: random.pick(FAMILY_NAMES),
      role,
      specialty: role === 'DOCTOR' ? SPECIALTIES[i % SPECIALTIES.length]! : null,
    };
  });
}

function buildPatient(tenantId: string, i: number, random: Random): DemoPatient {
  const givenName = random.pick(GIVEN_NAMES);
  const familyName = random.pick(FAMILY_NAMES);
  const birth = new Date(Date.UTC(random.int(1940, 2020), random.int(0, 11), random.int(1, 28)));
  return {
    id: stableId(tenantId, 'patient', i),
    mrn: `${tenantId.toUpperCase()}-${String(i + 1).padStart(6, '0')}`,
    givenName,
    familyName,
    birthDate: birth.toISOString().slice(0, 10),
    sex: random.pick(['FEMALE', 'MALE', 'FEMALE', 'MALE', 'OTHER', 'UNKNOWN'] as const),
    phone: random.chance(0.9) ? `+1-555-${String(random.int(0, 9999)).padStart(4, '0')}` : null,
    email: random.chance(0.8) ? `${givenName}.${familyName}.${i}@${tenantId}.example`.toLowerCase() : null,
    insuranceNumber: random.chance(0.7) ? `INS-${String(random.int(0, 99_999_999)).padStart(8, '0')}` : null,
    createdAt: new Date(SEED_FIRST_DAY - random.int(30, 900) * DAY_MS),
  };
}

function addAppointment(
  tenant: DemoTenant,
  patient: DemoPatient,
  team: DemoPractitioner[],
  random: Random,
  taken: Set<string>,
  index: number,
): void {
  const practitioner = random.pick(team);
  let slot = -1;
  for (let attempt = 0; attempt < 200 && slot < 0; attempt++) {
    const candidate = random.int(0, SEED_WEEKS * 5 * SLOTS_PER_DAY - 1);
    if (!taken.has(`${practitioner.id}:${candidate}`)) slot = candidate;
  }
  if (slot < 0) return; // this practitioner's seeded schedule is full
  taken.add(`${practitioner.id}:${slot}`);
  const weekday = Math.floor(slot / SLOTS_PER_DAY);
  const day = Math.floor(weekday / 5) * 7 + (weekday % 5);
  const startsAt = new Date(SEED_FIRST_DAY + day * DAY_MS + (9 * 60 + (slot % SLOTS_PER_DAY) * SLOT_MINUTES) * 60_000);
  const past = startsAt.getTime() < SEED_TODAY;
  const roll = random.next();
  const status = past
    ? roll < 0.75
      ? 'FULFILLED'
      : roll < 0.85
        ? 'NOSHOW'
        : 'CANCELLED'
    : roll < 0.9
      ? 'BOOKED'
      : 'CANCELLED';
  const id = stableId(tenant.id, 'appointment', patient.id, index);
  const reason = random.pick(VISIT_REASONS);
  tenant.appointments.push({
    id,
    patientId: patient.id,
    practitionerId: practitioner.id,
    startsAt,
    endsAt: new Date(startsAt.getTime() + SLOT_MINUTES * 60_000),
    status,
    reason,
    cancelReason: status === 'CANCELLED' ? 'Patient request' : null,
    bookedBy: tenant.logins.find((l) => l.login.startsWith('reception@'))!.identity.userId,
    bookedByClient: null,
    createdAt: new Date(startsAt.getTime() - random.int(1, 30) * DAY_MS),
  });
  if (status !== 'FULFILLED') return;
  const diagnosis = random.pick(DIAGNOSES);
  tenant.notes.push({
    appointmentId: id,
    patientId: patient.id,
    subjective: `Reports: ${reason.toLowerCase()}`,
    objective: 'Vitals within normal limits',
    assessment: diagnosis.display,
    plan: 'Review in four weeks',
    authoredBy: practitioner.id,
    updatedAt: startsAt,
  });
  if (practitioner.role !== 'DOCTOR' || !random.chance(0.5)) return;
  const prescriptionId = stableId(tenant.id, 'prescription', id);
  const revoked = random.chance(0.05);
  tenant.prescriptions.push({
    id: prescriptionId,
    patientId: patient.id,
    prescriberId: practitioner.id,
    appointmentId: id,
    diagnosisCode: diagnosis.code,
    diagnosisDisplay: diagnosis.display,
    status: revoked ? 'REVOKED' : SEED_TODAY - startsAt.getTime() < 30 * DAY_MS ? 'ACTIVE' : 'COMPLETED',
    issuedAt: startsAt,
    revokedAt: revoked ? new Date(startsAt.getTime() + DAY_MS) : null,
    revokeReason: revoked ? 'Entered in error' : null,
  });
  for (let line = 1; line <= random.int(1, 3); line++) {
    tenant.medications.push({ prescriptionId, line, ...random.pick(DRUGS), days: random.pick([7, 14, 30, 90]) });
  }
}

function buildLogins(tenantId: string, practitioners: DemoPractitioner[], firstPatientId: string): DemoLogin[] {
  const login = (local: string, userId: string, roles: Role[], extra: Partial<Identity> = {}): DemoLogin => ({
    login: `${local}@${tenantId}.test`,
    identity: { userId, tenantId, roles, ...extra },
  });
  return [
    login('admin', stableId(tenantId, 'user', 'admin'), [Role.Admin]),
    login('doctor', practitioners[0]!.id, [Role.Doctor]),
    login('doctor2', practitioners[1]!.id, [Role.Doctor]),
    login('nurse', practitioners[2]!.id, [Role.Nurse]),
    login('reception', stableId(tenantId, 'user', 'reception'), [Role.Receptionist]),
    login('analyst', stableId(tenantId, 'user', 'analyst'), [Role.Analyst]),
    login('auditor', stableId(tenantId, 'user', 'auditor'), [Role.Auditor]),
    login('partner', stableId(tenantId, 'user', 'partner'), [Role.Partner], { clientId: 'partner-booking' }),
    login('patient1', stableId(tenantId, 'user', 'patient1'), [Role.Patient], { patientId: firstPatientId }),
  ];
}
