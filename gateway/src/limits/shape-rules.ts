// Shape limits as validation rules: depth, aliases, directives and root fields per operation.
import depthLimit from 'graphql-depth-limit';
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { ErrorCode } from '@caregraph/platform';
import { fragmentsAreSound, fragmentsOf } from './fragments';

export interface ShapeLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxRootFields: number;
}

function limitError(code: ErrorCode, message: string, limit: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code, limit } });
}

/** graphql-depth-limit, reporting DEPTH_LIMIT_EXCEEDED; skipped when fragments are unsound (reported elsewhere). */
function depthRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    if (!fragmentsAreSound(context.getDocument())) return {};
    const reported = {
      reportError: () =>
        context.reportError(
          limitError(ErrorCode.DepthLimitExceeded, `Query depth exceeds the limit of ${maxDepth}`, maxDepth),
        ),
    };
    depthLimit(maxDepth)(Object.assign(Object.create(context), reported) as ValidationContext);
    return {};
  };
}

/** Counts nodes of an operation with its fragments expanded (each spread counted where it is used). */
function countInOperation(
  context: ValidationContext,
  operation: OperationDefinitionNode,
  count: (node: { alias?: unknown; directives?: readonly unknown[] }) => number,
): number {
  const fragments = fragmentsOf(context.getDocument());
  const walk = (selectionSet: SelectionSetNode): number =>
    selectionSet.selections.reduce((total, selection) => {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value)!;
        return total + count(selection) + count(fragment) + walk(fragment.selectionSet);
      }
      return total + count(selection) + (selection.selectionSet ? walk(selection.selectionSet) : 0);
    }, 0);
  return count(operation) + walk(operation.selectionSet);
}

function perOperationRule(
  check: (context: ValidationContext, operation: OperationDefinitionNode) => GraphQLError | null,
): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      if (!fragmentsAreSound(context.getDocument())) return;
      const error = check(context, operation);
      if (error) context.reportError(error);
    },
  });
}

/** A per-operation count that must not exceed `limit`, refused with `code`. */
function countRule(
  code: ErrorCode,
  what: string,
  limit: number,
  count: (context: ValidationContext, operation: OperationDefinitionNode) => number,
): ValidationRule {
  return perOperationRule((context, operation) => {
    const counted = count(context, operation);
    return counted > limit ? limitError(code, `Operation has ${counted} ${what}; the limit is ${limit}`, limit) : null;
  });
}

/** The validation rules enforcing `limits`, to run after graphql-js's own rules. */
export function shapeRules(limits: ShapeLimits): ValidationRule[] {
  return [
    depthRule(limits.maxDepth),
    countRule(ErrorCode.AliasLimitExceeded, 'aliases', limits.maxAliases, (context, operation) =>
      countInOperation(context, operation, (node) => (node.alias ? 1 : 0)),
    ),
    countRule(ErrorCode.DirectiveLimitExceeded, 'directives', limits.maxDirectives, (context, operation) =>
      countInOperation(context, operation, (node) => node.directives?.length ?? 0),
    ),
    countRule(
      ErrorCode.RootFieldLimitExceeded,
      'root fields',
      limits.maxRootFields,
      (_context, operation) => operation.selectionSet.selections.length,
    ),
  ];
}
