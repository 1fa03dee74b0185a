// Every field of every subgraph type has a shield rule; nothing is left to the deny-by-default fallback.
import { buildSubgraphSchema } from '@apollo/subgraph';
import { describe, expect, it } from 'vitest';
import { typeDefs as appointmentTypeDefs } from '@caregraph/appointment';
import { typeDefs as auditTypeDefs } from '@caregraph/audit';
import { typeDefs as patientTypeDefs } from '@caregraph/patient';
import { typeDefs as prescriptionTypeDefs } from '@caregraph/prescription';
import { permissions as appointmentPermissions } from '../subgraphs/appointment/src/permissions';
import { permissions as auditPermissions } from '../subgraphs/audit/src/permissions';
import { permissions as patientPermissions } from '../subgraphs/patient/src/permissions';
import { permissions as prescriptionPermissions } from '../subgraphs/prescription/src/permissions';
import type { RuleTree } from '@caregraph/platform';

const subgraphs = [
  ['patient', patientTypeDefs, patientPermissions],
  ['appointment', appointmentTypeDefs, appointmentPermissions],
  ['prescription', prescriptionTypeDefs, prescriptionPermissions],
  ['audit', auditTypeDefs, auditPermissions],
] as const;

/** Federation's own types and fields: allowed by the platform, not by each subgraph. */
const FEDERATION = new Set(['_Service', 'Query._service', 'Query._entities']);

function fieldsWithoutRule(typeDefs: Parameters<typeof buildSubgraphSchema>[0], rules: RuleTree): string[] {
  const schema = buildSubgraphSchema(typeDefs as never);
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || FEDERATION.has(type.name)) continue;
    const typeRules = rules[type.name];
    for (const field of Object.keys(type.getFields())) {
      if (FEDERATION.has(`${type.name}.${field}`)) continue;
      const covered =
        typeRules !== undefined &&
        (typeof (typeRules as Record<string, unknown>)[field] !== 'undefined' ||
          typeof (typeRules as Record<string, unknown>)['*'] !== 'undefined' ||
          !isFieldMap(typeRules));
      if (!covered) missing.push(`${type.name}.${field}`);
    }
  }
  return missing;
}

/**
 * Object types by their definition (graphql's own `isObjectType` would compare classes across
 * the CJS copy @apollo/subgraph loads and the ESM copy this file would import).
 */
function isObjectType(type: {
  astNode?: { kind: string } | null;
}): type is { name: string; getFields(): object } & typeof type {
  return type.astNode?.kind === 'ObjectTypeDefinition' || type.astNode?.kind === 'ObjectTypeExtension';
}

/** A type's entry is either one rule for all its fields or a map of field → rule. */
function isFieldMap(entry: unknown): boolean {
  return typeof entry === 'object' && entry !== null && entry.constructor === Object;
}

describe('shield rule maps', () => {
  it.each(subgraphs)('the %s subgraph has a rule for every field', (_name, typeDefs, rules) => {
    expect(fieldsWithoutRule(typeDefs, rules)).toEqual([]);
  });
});
