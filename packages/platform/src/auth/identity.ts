// Who is calling: the roles of the platform and the Identity derived from a verified token.
import { z } from 'zod';

export const Role = {
  Admin: 'admin',
  Doctor: 'doctor',
  Nurse: 'nurse',
  Receptionist: 'receptionist',
  Patient: 'patient',
  Analyst: 'analyst',
  Partner: 'partner',
  Auditor: 'auditor',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

const roleValues = Object.values(Role) as [Role, ...Role[]];

/** The caller of one request. Clinicians' userId is their practitioner id. */
export interface Identity {
  userId: string;
  tenantId: string;
  roles: Role[];
  patientId?: string;
  clientId?: string;
  purposeOfUse?: string;
}

/** The claims a user token (and the gateway's assertion) carries, validated. */
export const identityClaims = z.object({
  sub: z.string().min(1).max(200),
  tenant_id: z.string().regex(/^[a-z][a-z0-9-]{1,62}$/),
  roles: z.array(z.enum(roleValues)).min(1).max(roleValues.length),
  patient_id: z.uuid().optional(),
  client_id: z.string().min(1).max(200).optional(),
  purpose_of_use: z.string().min(1).max(100).optional(),
});
export type IdentityClaims = z.infer<typeof identityClaims>;

export function identityFromClaims(claims: IdentityClaims): Identity {
  return {
    userId: claims.sub,
    tenantId: claims.tenant_id,
    roles: [...new Set(claims.roles)],
    ...(claims.patient_id ? { patientId: claims.patient_id } : {}),
    ...(claims.client_id ? { clientId: claims.client_id } : {}),
    ...(claims.purpose_of_use ? { purposeOfUse: claims.purpose_of_use } : {}),
  };
}

export function claimsFromIdentity(identity: Identity): IdentityClaims {
  return {
    sub: identity.userId,
    tenant_id: identity.tenantId,
    roles: identity.roles,
    ...(identity.patientId ? { patient_id: identity.patientId } : {}),
    ...(identity.clientId ? { client_id: identity.clientId } : {}),
    ...(identity.purposeOfUse ? { purpose_of_use: identity.purposeOfUse } : {}),
  };
}

export function hasRole(identity: Identity, ...roles: Role[]): boolean {
  return roles.some((role) => identity.roles.includes(role));
}
