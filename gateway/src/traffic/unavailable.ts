// What the gateway makes of a subgraph that could not answer: SUBGRAPH_UNAVAILABLE at the paths it would have filled.
import { ErrorCode } from '@caregraph/platform';
import { Kind, parse, type GraphQLFormattedError, type OperationDefinitionNode } from 'graphql';
import type { SubgraphUnavailableError } from './policy';

/**
 * A subgraph response carrying one error per missing place, so the rest of the plan (other
 * subgraphs' fields) still runs: for an entity fetch one error with an empty path, which the
 * gateway prefixes with the fetch's own path (`patients.nodes.@.appointments`, `@` standing
 * for every element of a list); for a root fetch one error per root field it asked for.
 */
export function unavailableResponse(
  subgraph: string,
  error: SubgraphUnavailableError,
  request: { query?: string; variables?: Record<string, unknown> },
): { errors: GraphQLFormattedError[] } {
  const message = `The ${subgraph} subgraph is unavailable (${error.reason}); try again later`;
  const extensions = { code: ErrorCode.SubgraphUnavailable, subgraph };
  if (Array.isArray(request.variables?.representations)) return { errors: [{ message, path: [], extensions }] };
  return { errors: rootResponseKeys(request.query ?? '').map((key) => ({ message, path: [key], extensions })) };
}

/** The response keys (alias or name) of the operation's root selections. */
function rootResponseKeys(query: string): string[] {
  const operation = parse(query).definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  return (operation?.selectionSet.selections ?? []).flatMap((selection) =>
    selection.kind === Kind.FIELD ? [selection.alias?.value ?? selection.name.value] : [],
  );
}
