// Static cost of an operation (IBM GraphQL cost spec / Apollo demand control), before anything runs.
import {
  Kind,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  valueFromAST,
  type DocumentNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type FieldNode,
} from 'graphql';
import type { CostMap } from './cost-map';
import { fragmentsOf } from './fragments';

export interface CostOptions {
  costMap: CostMap;
  /** Size assumed for a list field without @listSize. */
  defaultListSize: number;
}

/**
 * Composite fields cost 1 (or their @cost), leaves 0; a list multiplies its items' cost by
 * its size — the slicing argument's value (from the literal, a variable or the default),
 * else @listSize(assumedSize), else the default list size. @listSize(sizedFields) passes the
 * size down to the connection's `edges`/`nodes`. Fragments are expanded where they are spread;
 * @skip/@include are ignored (the estimate is an upper bound).
 */
export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  options: CostOptions,
): number {
  const fragments = fragmentsOf(document);
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;

  const argumentValue = (field: GraphQLField<unknown, unknown>, node: FieldNode, name: string): unknown => {
    const definition = field.args.find((arg) => arg.name === name);
    const argument = node.arguments?.find((arg) => arg.name.value === name);
    if (!definition) return undefined;
    if (!argument) return definition.defaultValue;
    return valueFromAST(argument.value, definition.type, variables) ?? definition.defaultValue;
  };

  const listSizeOf = (field: GraphQLField<unknown, unknown>, node: FieldNode, key: string): number | undefined => {
    const listSize = options.costMap.listSizes.get(key);
    const sliced = (listSize?.slicingArguments ?? [])
      .map((name) => argumentValue(field, node, name))
      // A negative size would make a negative cost, which would refill the caller's budget.
      .filter((value): value is number => typeof value === 'number' && value >= 0);
    if (sliced.length) return Math.max(...sliced);
    return listSize?.assumedSize;
  };

  const selectionCost = (
    type: GraphQLNamedType,
    selectionSet: SelectionSetNode,
    sizes: Map<string, number>,
  ): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment)
          total += selectionCost(
            schema.getType(fragment.typeCondition.name.value) ?? type,
            fragment.selectionSet,
            sizes,
          );
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const target = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) ?? type) : type;
        total += selectionCost(target, selection.selectionSet, sizes);
      } else {
        total += fieldCost(type, selection, sizes);
      }
    }
    return total;
  };

  const fieldCost = (parent: GraphQLNamedType, node: FieldNode, sizes: Map<string, number>): number => {
    if (!('getFields' in parent) || node.name.value.startsWith('__')) return 0;
    const field = (parent as GraphQLObjectType).getFields()[node.name.value];
    if (!field) return 0;
    const key = `${parent.name}.${field.name}`;
    const named = getNamedType(field.type);
    const base =
      options.costMap.fieldWeights.get(key) ??
      options.costMap.typeWeights.get(named.name) ??
      (isCompositeType(named) ? 1 : 0);
    const listSize = listSizeOf(field, node, key);
    const childSizes = new Map<string, number>();
    for (const sized of options.costMap.listSizes.get(key)?.sizedFields ?? []) {
      childSizes.set(sized, listSize ?? options.defaultListSize);
    }
    const children = node.selectionSet ? selectionCost(named, node.selectionSet, childSizes) : 0;
    if (!isListType(getNullableType(field.type))) return base + children;
    const size = sizes.get(field.name) ?? (childSizes.size ? undefined : listSize) ?? options.defaultListSize;
    return (base + children) * size;
  };

  return selectionCost(root, operation.selectionSet, new Map());
}
