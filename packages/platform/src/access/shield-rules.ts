// graphql-shield rules that point at the access matrix, and the shield every subgraph applies.
import { allow, and, deny, rule, shield } from 'graphql-shield';
import type { IRules } from 'graphql-shield';
import { forbidden } from '../errors';
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
  return rule({ cache: 'no_cache' })(async (parent, args, context: AccessContext) => {
    const subject = await subjectOf(parent, args, context);
    return subject === null || context.access.can(action, group, subject);
  });
}

const FEDERATION_INTERNALS = { _service: allow, _entities: allow } as const;

/**
 * Builds the shield of a subgraph: deny by default, FORBIDDEN for denied fields (null at
 * their path, the rest of the response intact), resolver errors passed on unchanged (they
 * are masked later), and only the federation internals allowed besides the subgraph's rules.
 */
export function createPermissions(rules: RuleTree) {
  const query = (rules.Query ?? {}) as Record<string, ShieldRule>;
  const tree = { ...rules, Query: { ...query, ...FEDERATION_INTERNALS }, _Service: allow };
  return shield(tree as IRules, {
    fallbackRule: deny,
    fallbackError: () => forbidden(),
    allowExternalErrors: true,
  });
}
