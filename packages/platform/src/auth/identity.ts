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

/** Roles that stand alone: their scope (own record, own client's documents, aggregates) cannot mix with another's. */
const SOLE_ROLES: ReadonlySet<Role> = new Set([Role.Patient, Role.Partner, Role.Analyst]);

/**
 * The claims a user token (and the gateway's assertion) carries, validated — including the
 * rules between roles and claims: a patient token names its patient, a partner token its
 * client, and patient, partner and analyst are never combined with another role.
 */
export const identityClaims = z
  .object({
    sub: z.string().min(1).max(200),
    tenant_id: z.string().regex(/^[a-z][a-z0-9-]{1,62}$/),
    roles: z.array(z.enum(roleValues)).min(1).max(roleValues.length),
    patient_id: z.uuid().optional(),
    client_id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/)
      .optional(),
    purpose_of_use: z.string().min(1).max(100).optional(),
  })
  .superRefine((claims, ctx) => {
    const roles = new Set(claims.roles);
    const problem = (message: string) => ctx.addIssue({ code: 'custom', message });
    for (const role of roles) {
      if (SOLE_ROLES.has(role) && roles.size > 1) problem(`the ${role} role cannot be combined with other roles`);
    }
    if (roles.has(Role.Patient) && !claims.patient_id) problem('a patient token must carry patient_id');
    if (claims.patient_id && !roles.has(Role.Patient)) problem('patient_id is only for patient tokens');
    if (roles.has(Role.Partner) && !claims.client_id) problem('a partner token must carry client_id');
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
