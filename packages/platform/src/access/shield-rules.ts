// graphql-shield rules that point at the access matrix, and the shield every subgraph applies.
import { allow, and, deny, rule, shield } from 'graphql-shield';
import type { IRules } from 'graphql-shield';
import { middleware, type IMiddlewareGenerator, type IMiddlewareTypeMap } from 'graphql-middleware';
import { dependencyUnavailable, forbidden } from '../errors';
import { isInfrastructureError } from '../infrastructure-error';
import type { Access, Subject } from './access';
import type { Action, FieldGroup } from './matrix';

export type ShieldRule = Parameters<typeof and>[number];
export type RuleTree = Record<string, ShieldRule | Record<string, ShieldRule>>;
type AccessContext = { access: Access };
type SubjectOf = (parent: any, args: any, context: any) => Subject | null | Promise<Subject | null>;

/** Fields reachable only through a guarded parent field (names, edges, medication lines …). */
export const viaParent = allow;
/** Fields about the caller themself (`me`). */
export const anyCaller = allow;

const roleRules = new Map<string, ShieldRule>();

/** The caller has some grant for `action` on `group`; rows are then scoped in SQL or by field rules. */
export function roleMay(action: Action, group: FieldGroup): ShieldRule {
  const name = `role:${action}:${group}`;
  let cached = roleRules.get(name);
  if (!cached) {
    cached = rule(name, { cache: 'contextual' })(
      (_parent, _args, { access }: AccessContext) => access.relations(action, group).size > 0,
    );
    roleRules.set(name, cached);
  }
  return cached;
}

/**
 * The caller may perform `action` on `group` of the record `subjectOf` describes (the parent
 * object for fields, the arguments or the loaded target for mutations). A null subject means
 * the record does not exist: the rule lets the resolver answer NOT_FOUND, so a record of
 * another tenant is never confirmed by a FORBIDDEN.
 */
export function allowedOn(action: Action, group: FieldGroup, subjectOf: SubjectOf): ShieldRule {
  return rule({ cache: 'no_cache' })(
    unavailableWhenDown(async (parent, args, context: AccessContext) => {
      const subject = await subjectOf(parent, args, context);
      return subject === null || context.access.can(action, group, subject);
    }),
  );
}

/**
 * A rule function that answers SERVICE_UNAVAILABLE when the database cannot tell: graphql-shield
 * turns a thrown error into `false` (FORBIDDEN, and a DENIED access event), but passes a returned
 * error on through `and`/`or`/`chain` to the field. Any other error is thrown as before (FORBIDDEN).
 */
function unavailableWhenDown<A extends unknown[]>(check: (...args: A) => Promise<boolean>) {
  return async (...args: A): Promise<boolean | Error> => {
    try {
      return await check(...args);
    } catch (error) {
      if (isInfrastructureError(error)) return dependencyUnavailable(error);
      throw error;
    }
  };
}

const FEDERATION_INTERNALS = { _service: allow, _entities: allow } as const;

const isFieldMap = (value: unknown): value is Record<string, ShieldRule> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/**
 * Drops the middleware of every field whose rule is `allow`: graphql-shield wraps every field
 * in an async rule check, which turns each scalar of a large list into a promise chain. A field
 * that is always allowed resolves exactly as it would through the wrapper, only without it.
 * Every other field (including those left to the deny fallback) keeps shield's wrapper.
 */
function withoutAllowedFields(generated: IMiddlewareTypeMap, tree: RuleTree): IMiddlewareTypeMap {
  const kept: IMiddlewareTypeMap = {};
  for (const [typeName, fields] of Object.entries(generated)) {
    const typeRules = tree[typeName];
    if (typeRules === allow) continue;
    if (!isFieldMap(typeRules) || typeof fields !== 'object') {
      kept[typeName] = fields;
      continue;
    }
    const wildcard = typeRules['*'];
    kept[typeName] = Object.fromEntries(
      Object.entries(fields).filter(([field]) => (typeRules[field] ?? wildcard) !== allow),
    );
  }
  return kept;
}

/**
 * Builds the shield of a subgraph: deny by default, FORBIDDEN for denied fields (null at
 * their path, the rest of the response intact), resolver errors passed on unchanged (they
 * are masked later), and only the federation internals allowed besides the subgraph's rules.
 */
export function createPermissions(rules: RuleTree): IMiddlewareGenerator<any, any, any> {
  const query = (rules.Query ?? {}) as Record<string, ShieldRule>;
  const tree: RuleTree = { ...rules, Query: { ...query, ...FEDERATION_INTERNALS }, _Service: allow };
  const generator = shield(tree as IRules, {
    fallbackRule: deny,
    // Called with the error only if shield is set not to pass errors on; a denial (false) comes with null.
    fallbackError: (thrown) => (isInfrastructureError(thrown) ? dependencyUnavailable(thrown) : forbidden()),
    allowExternalErrors: true,
  });
  return middleware((schema) => withoutAllowedFields(generator.generate(schema) as IMiddlewareTypeMap, tree));
}
