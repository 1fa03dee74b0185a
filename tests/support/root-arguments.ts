// Every argument position of every root field of the supergraph, with an operation that is valid apart from that position.
import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import type { DemoTenant } from '@caregraph/platform';
import { Raw, type Kind } from './hostile-values';

export type Path = Array<string | number>;

export interface Target {
  door: 'main' | 'analytics';
  login: string;
  operation: 'query' | 'mutation';
  field: GraphQLField<unknown, unknown>;
  /** Argument name, then input fields and list indices down to the position. */
  path: Path;
  kind: Kind;
  required: boolean;
  /** `field(path)`, for failure reports. */
  name: string;
}

/**
 * Who sends each root field: a role the access matrix lets reach it, the most privileged one
 * (admin, else doctor for clinical data; analytics fields only exist for analysts).
 */
const LOGIN: Record<string, string> = {
  appointment: 'admin',
  appointments: 'admin',
  availability: 'admin',
  accessEvents: 'admin',
  patient: 'admin',
  patients: 'admin',
  practitioner: 'admin',
  practitioners: 'admin',
  prescription: 'doctor',
  bookAppointment: 'admin',
  cancelAppointment: 'admin',
  updateAppointmentStatus: 'admin',
  recordClinicalNote: 'doctor',
  registerPatient: 'admin',
  updatePatientContact: 'admin',
  recordAllergy: 'doctor',
  assignCareTeam: 'admin',
  issuePrescription: 'doctor',
  revokePrescription: 'doctor',
};

const FEDERATION_INTERNALS = new Set(['_entities', '_service']);

export function loadApiSchema(file: string): GraphQLSchema {
  return Supergraph.build(readFileSync(file, 'utf8')).apiSchema().toGraphQLJSSchema();
}

function kindOf(type: GraphQLInputType, name: string | number): Kind {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return 'list';
  if (isInputObjectType(nullable)) return 'object';
  if (isEnumType(nullable)) return 'enum';
  const scalar = { ID: 'id', Int: 'int', Date: 'date', DateTime: 'datetime' }[nullable.name] as Kind | undefined;
  return scalar ?? (name === 'after' ? 'cursor' : 'text');
}

/** Every position (argument, input field, list item) of every root field with arguments. */
export function rootArgumentTargets(main: GraphQLSchema, analytics: GraphQLSchema): Target[] {
  const targets: Target[] = [];
  const analyticsFields = new Set(Object.keys(analytics.getQueryType()?.getFields() ?? {}));
  for (const operation of ['query', 'mutation'] as const) {
    const root = (operation === 'query' ? main.getQueryType() : main.getMutationType())!;
    for (const field of Object.values(root.getFields())) {
      if (FEDERATION_INTERNALS.has(field.name) || field.args.length === 0) continue;
      const door = analyticsFields.has(field.name) ? 'analytics' : 'main';
      const login = door === 'analytics' ? 'analyst' : LOGIN[field.name];
      if (!login) throw new Error(`No login chosen for root field ${field.name}: add it to LOGIN`);
      const visit = (type: GraphQLInputType, path: Path) => {
        const last = path[path.length - 1]!;
        const name = `${field.name}(${path.join('.')})`;
        targets.push({
          door,
          login,
          operation,
          field,
          path,
          kind: kindOf(type, last),
          required: isNonNullType(type),
          name,
        });
        const nullable = getNullableType(type);
        if (isListType(nullable)) visit(nullable.ofType, [...path, 0]);
        if (isInputObjectType(nullable)) {
          for (const inner of Object.values(nullable.getFields())) visit(inner.type, [...path, inner.name]);
        }
      };
      for (const arg of field.args) visit(arg.type, [arg.name]);
    }
  }
  return targets;
}

/** Valid values from the seeded demo data: with all of them a target's operation would succeed. */
export function demoValues(acme: DemoTenant) {
  const doctor = acme.practitioners[0]!.id;
  const treats = (patientId: string) =>
    acme.careTeam.some((m) => m.patientId === patientId && m.practitionerId === doctor);
  const prescription = acme.prescriptions.find((p) => p.status === 'ACTIVE' && treats(p.patientId))!;
  const appointment = acme.appointments.find((a) => a.status === 'BOOKED' && treats(a.patientId))!;
  const ids: Record<string, string> = {
    Appointment: appointment.id,
    Patient: appointment.patientId,
    Practitioner: doctor,
    Prescription: prescription.id,
    patientId: appointment.patientId,
    practitionerId: doctor,
    practitionerIds: doctor,
    appointmentId: appointment.id,
    actorId: doctor,
  };
  const strings: Record<string, string> = {
    reason: 'Follow-up visit',
    search: 'a',
    given: 'Ada',
    family: 'Lovelace',
    phone: '+1 555 0100',
    email: 'ada@example.org',
    insuranceNumber: 'INS-1234',
    substance: 'Penicillin',
    reaction: 'Rash',
    code: 'I10',
    display: 'Essential hypertension',
    drugCode: '197361',
    drugName: 'Amlodipine',
    dose: '5 mg',
    frequency: 'once daily',
  };
  const dates: Record<string, string> = {
    from: '2026-01-01',
    to: '2026-01-31',
    date: '2031-01-06',
    birthDate: '1990-02-01',
  };
  const instants: Record<string, string> = {
    startsAt: '2031-01-06T10:00:00Z',
    endsAt: '2031-01-06T10:30:00Z',
    from: '2026-01-01T00:00:00Z',
    to: '2026-02-01T00:00:00Z',
  };
  const ints: Record<string, number> = { first: 5, days: 30 };
  const enums: Record<string, string> = { status: 'ARRIVED' };

  /** A valid value of `type` at the position named `name` of `field`. */
  const valid = (field: GraphQLField<unknown, unknown>, type: GraphQLInputType, name: string): unknown => {
    const nullable = getNullableType(type);
    if (isListType(nullable)) return [valid(field, nullable.ofType, name)];
    if (isInputObjectType(nullable)) {
      return Object.fromEntries(Object.values(nullable.getFields()).map((f) => [f.name, valid(field, f.type, f.name)]));
    }
    if (isEnumType(nullable)) return enums[name] ?? nullable.getValues()[0]!.name;
    switch (nullable.name) {
      case 'ID':
        return ids[name] ?? ids[getNamedType(field.type).name] ?? doctor;
      case 'Int':
        return ints[name] ?? 1;
      case 'Date':
        return dates[name] ?? '2026-01-01';
      case 'DateTime':
        return instants[name] ?? '2026-01-01T00:00:00Z';
      default:
        return strings[name] ?? 'Note';
    }
  };
  return { valid };
}

/** The operation for `target`: its required arguments and the target's argument as variables. */
export function operationFor(target: Target): string {
  const args = target.field.args.filter((arg) => isNonNullType(arg.type) || arg.name === target.path[0]);
  const definitions = args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const uses = args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const selection = isCompositeType(getNamedType(target.field.type)) ? ' { __typename }' : '';
  return `${target.operation} Hostile(${definitions}) { ${target.field.name}(${uses})${selection} }`;
}

/** The variables of `operationFor(target)`: valid everywhere except `value` at the target's position. */
export function variablesFor(
  target: Target,
  valid: ReturnType<typeof demoValues>['valid'],
  value: unknown,
): Record<string, unknown> {
  const args = target.field.args.filter((arg) => isNonNullType(arg.type) || arg.name === target.path[0]);
  const variables = Object.fromEntries(args.map((arg) => [arg.name, valid(target.field, arg.type, arg.name)]));
  let container: Record<string | number, unknown> = variables;
  for (const step of target.path.slice(0, -1)) container = container[step] as Record<string | number, unknown>;
  container[target.path[target.path.length - 1]!] = value;
  return variables;
}

/** A request body; Raw values are spliced in as their JSON text. */
export function bodyOf(query: string, variables: Record<string, unknown>): string {
  const raws: string[] = [];
  const text = JSON.stringify({ query, variables }, (_key, value: unknown) => {
    if (!(value instanceof Raw)) return value;
    raws.push(value.json);
    return `\u0001raw${raws.length - 1}\u0001`;
  });
  return text.replace(/"\\u0001raw(\d+)\\u0001"/g, (_match, index: string) => raws[Number(index)]!);
}

/** `$input.medications[0].days`: how the gateway names a position inside a variable. */
export function variablePath(path: Path): string {
  return `$${path.map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`)).join('')}`;
}
