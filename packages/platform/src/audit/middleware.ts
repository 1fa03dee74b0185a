// Records access where records are resolved: a field middleware around every audited type, mutation and ledger read.
import { getNamedType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import type { IMiddlewareFunction, IMiddlewareTypeMap } from 'graphql-middleware';
import { ErrorCode, auditUnavailable } from '../errors';
import { isId } from '../graphql/ids';
import type { AccessCollector } from './collector';
import { AuditAction, AuditOutcome } from './events';
import type { AuditSpec, AuditedRecord } from './spec';

type Context = { audit: AccessCollector };

const isForbidden = (error: unknown) =>
  (error as { extensions?: { code?: unknown } })?.extensions?.code === ErrorCode.Forbidden;

/**
 * What a field's resolved value says was done: graphql-shield returns (not throws) its errors, a
 * denial (DENIED) or an unavailable database (null: nothing was read, nothing to record).
 */
const readActionOf = (result: unknown): typeof AuditAction.Read | typeof AuditAction.Denied | null =>
  !(result instanceof Error) ? AuditAction.Read : isForbidden(result) ? AuditAction.Denied : null;

const isPromise = (value: unknown): value is Promise<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

/** The patient record a mutation names in its arguments, when it returns no audited record. */
function recordFromArgs(args: Record<string, any>): AuditedRecord | null {
  const patientId = args.patientId ?? args.input?.patientId;
  if (isId(patientId)) return { resourceId: patientId, patientId };
  return null;
}

/** The names of the values a mutation sets (input fields and plain arguments), never the values. */
function writtenFields(args: Record<string, any>): string[] {
  const names = new Set<string>();
  for (const [name, value] of Object.entries(args)) {
    if (name === 'input' && value && typeof value === 'object') Object.keys(value).forEach((key) => names.add(key));
    else if (!/(^id$|Id$|Ids$)/.test(name)) names.add(name);
  }
  return [...names].sort();
}

/** The record a change names before it is made: the patient or the record id of its arguments, else a new one. */
function intendedRecord(args: Record<string, any>): AuditedRecord {
  const id = [args.id, args.appointmentId].find(isId);
  return recordFromArgs(args) ?? { resourceId: id ?? 'new', patientId: null };
}

/**
 * Hands off the change's ATTEMPTED event before the resolver runs; when that fails the change
 * is not made and the mutation answers SERVICE_UNAVAILABLE, so no write goes unrecorded.
 */
async function announce(
  context: Context,
  action: AuditAction,
  resourceType: string,
  args: Record<string, any>,
  fields: string[],
): Promise<void> {
  try {
    await context.audit.announce(action, resourceType, intendedRecord(args), fields);
  } catch {
    throw auditUnavailable();
  }
}

/**
 * The middleware map: for audited types, every resolved field becomes a READ of that record
 * (a FORBIDDEN one a DENIED); for mutations, the returned (or named) record gets the spec's
 * action with the outcome; ledger reads are recorded once as a read of the AccessLog.
 */
export function auditMiddleware(spec: AuditSpec, schema: GraphQLSchema): IMiddlewareTypeMap {
  const map: IMiddlewareTypeMap = {};
  for (const [type, recordOf] of Object.entries(spec.records)) {
    // Synchronous where the field is (most scalars): no promise per field of a large list.
    const read: IMiddlewareFunction = (resolve, parent, args, context: Context, info: GraphQLResolveInfo) => {
      const record = recordOf(parent);
      if (!record) return resolve(parent, args, context, info);
      const resolved = (result: unknown) => {
        const action = readActionOf(result);
        if (action) context.audit.field(action, type, record, info.fieldName);
        return result;
      };
      const failed = (error: unknown) => {
        if (isForbidden(error)) context.audit.field(AuditAction.Denied, type, record, info.fieldName);
        throw error;
      };
      let result: unknown;
      try {
        result = resolve(parent, args, context, info);
      } catch (error) {
        return failed(error);
      }
      return isPromise(result) ? result.then(resolved, failed) : resolved(result);
    };
    map[type] = read;
  }
  const mutationType = schema.getMutationType();
  const mutations: Record<string, IMiddlewareFunction> = {};
  for (const [field, action] of Object.entries(spec.mutations)) {
    mutations[field] = async (resolve, parent, args, context: Context, info: GraphQLResolveInfo) => {
      const resourceType = getNamedType(info.returnType).name;
      const recordOf = spec.records[resourceType] as ((parent: unknown) => AuditedRecord | null) | undefined;
      const fields = writtenFields(args);
      await announce(context, action, recordOf ? resourceType : 'Patient', args, fields);
      try {
        const result = await resolve(parent, args, context, info);
        if (result instanceof Error) throw result;
        const record = (recordOf && result ? recordOf(result) : null) ?? recordFromArgs(args);
        if (record)
          context.audit.write(action, recordOf ? resourceType : 'Patient', record, fields, AuditOutcome.Success);
        return result;
      } catch (error) {
        // The outcome of every announced change follows it, for the same record the ATTEMPTED event named.
        const denied = isForbidden(error);
        context.audit.write(
          denied ? AuditAction.Denied : action,
          recordOf ? resourceType : 'Patient',
          intendedRecord(args),
          fields,
          denied ? AuditOutcome.Denied : AuditOutcome.Failed,
        );
        throw error;
      }
    };
  }
  if (mutationType && Object.keys(mutations).length) map[mutationType.name] = mutations;
  for (const [path, recordOf] of Object.entries(spec.ledgerReads ?? {})) {
    const [type, field] = path.split('.') as [string, string];
    const fieldMap = (map[type] ??= {}) as Record<string, IMiddlewareFunction>;
    fieldMap[field] = async (resolve, parent, args, context: Context, info: GraphQLResolveInfo) => {
      const result = await resolve(parent, args, context, info);
      const action = readActionOf(result);
      if (action) {
        const outcome = action === AuditAction.Read ? AuditOutcome.Success : AuditOutcome.Denied;
        context.audit.write(action, 'AccessLog', recordOf(parent, args), [field], outcome);
      }
      return result;
    };
  }
  return map;
}
