// Checks on a resolved operation that validation rules cannot make: introspection by role, the graph's operation types.
import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { ErrorCode, type Config, type Identity } from '@caregraph/platform';
import { fragmentsOf } from './fragments';

function selectsIntrospection(document: DocumentNode, operation: OperationDefinitionNode): boolean {
  const fragments = fragmentsOf(document);
  const seen = new Set<string>();
  const walk = (selectionSet: SelectionSetNode): boolean =>
    selectionSet.selections.some((selection) => {
      if (selection.kind === Kind.FIELD)
        return selection.name.value === '__schema' || selection.name.value === '__type';
      if (selection.kind === Kind.INLINE_FRAGMENT) return walk(selection.selectionSet);
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || seen.has(name)) return false;
      seen.add(name);
      return walk(fragment.selectionSet);
    });
  return walk(operation.selectionSet);
}

/** Outside production everyone may introspect; in production only INTROSPECTION_ROLES. */
export function checkIntrospection(
  config: Config,
  identity: Identity,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): void {
  if (config.NODE_ENV !== 'production' || identity.roles.some((role) => config.INTROSPECTION_ROLES.includes(role)))
    return;
  if (selectsIntrospection(document, operation)) {
    throw new GraphQLError('Introspection is disabled', {
      extensions: { code: ErrorCode.GraphQLValidationFailed, http: { status: 400 } },
    });
  }
}

/** An operation type the schema does not have (mutations on the read-only analytics graph) fails validation. */
export function checkOperationType(schema: GraphQLSchema, operation: OperationDefinitionNode): void {
  if (schema.getRootType(operation.operation)) return;
  throw new GraphQLError(`This graph has no ${operation.operation} operations`, {
    extensions: { code: ErrorCode.GraphQLValidationFailed, http: { status: 400 } },
  });
}
