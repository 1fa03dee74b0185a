// Mutations of the patient subgraph: validate arguments, then one repository transaction each.
import { badInput, notFound, parseId, parseIds, parseOptionalText, parseText } from '@caregraph/platform';
import type { MutationResolvers } from '../__generated__/resolvers-types';
import { parseEmail, parsePhone } from '../validation';

export const Mutation: MutationResolvers = {
  registerPatient: (_parent, { input }, { repo }) =>
    repo.registerPatient({
      givenName: parseText('input.given', input.given),
      familyName: parseText('input.family', input.family),
      birthDate: input.birthDate,
      sex: input.sex,
      phone: parsePhone('input.phone', input.phone),
      email: parseEmail('input.email', input.email),
      insuranceNumber: parseOptionalText('input.insuranceNumber', input.insuranceNumber, 40),
    }),

  updatePatientContact: async (_parent, { patientId, input }, { repo }) => {
    const row = await repo.updateContact(parseId('patientId', patientId), {
      phone: parsePhone('input.phone', input.phone),
      email: parseEmail('input.email', input.email),
    });
    if (!row) throw notFound('Patient');
    return row;
  },

  recordAllergy: async (_parent, { patientId, input }, { repo }) => {
    const row = await repo.recordAllergy(parseId('patientId', patientId), {
      substance: parseText('input.substance', input.substance, { max: 100 }),
      reaction: parseOptionalText('input.reaction', input.reaction, 200),
      severity: input.severity,
    });
    if (!row) throw notFound('Patient');
    return row;
  },

  assignCareTeam: async (_parent, { patientId, practitionerIds }, { repo }) => {
    const ids = [...new Set(parseIds('practitionerIds', practitionerIds))];
    if (ids.length > 20) throw badInput('practitionerIds', 'at most 20 practitioners');
    const result = await repo.assignCareTeam(parseId('patientId', patientId), ids);
    if (!result.patient) throw notFound('Patient');
    if (result.unknownPractitioners.length) throw badInput('practitionerIds', 'unknown practitioner');
    return result.patient;
  },
};
