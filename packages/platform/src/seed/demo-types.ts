// The shapes of the demo data set; each subgraph maps its part onto its own tables.
import type { Identity } from '../auth/identity';

export interface DemoPractitioner {
  id: string;
  givenName: string;
  familyName: string;
  role: 'DOCTOR' | 'NURSE';
  specialty: string | null;
}
export interface DemoPatient {
  id: string;
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: 'FEMALE' | 'MALE' | 'OTHER' | 'UNKNOWN';
  phone: string | null;
  email: string | null;
  insuranceNumber: string | null;
  createdAt: Date;
}
export interface DemoAllergy {
  id: string;
  patientId: string;
  substance: string;
  reaction: string;
  severity: 'MILD' | 'MODERATE' | 'SEVERE';
  recordedAt: Date;
}
export interface DemoCareTeamMember {
  patientId: string;
  practitionerId: string;
  assignedAt: Date;
}
export interface DemoAppointment {
  id: string;
  patientId: string;
  practitionerId: string;
  startsAt: Date;
  endsAt: Date;
  status: 'BOOKED' | 'ARRIVED' | 'FULFILLED' | 'CANCELLED' | 'NOSHOW';
  reason: string;
  cancelReason: string | null;
  bookedBy: string;
  bookedByClient: string | null;
  createdAt: Date;
}
export interface DemoClinicalNote {
  appointmentId: string;
  patientId: string;
  subjective: string;
  objective: string;
  assessment: string;
  plan: string;
  authoredBy: string;
  updatedAt: Date;
}
export interface DemoPrescription {
  id: string;
  patientId: string;
  prescriberId: string;
  appointmentId: string;
  diagnosisCode: string;
  diagnosisDisplay: string;
  status: 'ACTIVE' | 'COMPLETED' | 'REVOKED';
  issuedAt: Date;
  revokedAt: Date | null;
  revokeReason: string | null;
}
export interface DemoMedication {
  prescriptionId: string;
  line: number;
  drugCode: string;
  drugName: string;
  dose: string;
  frequency: string;
  days: number;
}
export interface DemoLogin {
  login: string;
  identity: Identity;
}

export interface DemoTenant {
  id: string;
  name: string;
  practitioners: DemoPractitioner[];
  patients: DemoPatient[];
  allergies: DemoAllergy[];
  careTeam: DemoCareTeamMember[];
  appointments: DemoAppointment[];
  notes: DemoClinicalNote[];
  prescriptions: DemoPrescription[];
  medications: DemoMedication[];
  logins: DemoLogin[];
}
