// Reads the demand-control directives (@cost, @listSize) from the supergraph SDL, which the gateway's API schema drops.
import { Kind, parse, valueFromASTUntyped, type ConstDirectiveNode } from 'graphql';

export interface ListSize {
  assumedSize?: number;
  slicingArguments?: string[];
  sizedFields?: string[];
}

export interface CostMap {
  /** `Type.field` → weight from @cost on the field. */
  fieldWeights: Map<string, number>;
  /** Type → weight from @cost on the type. */
  typeWeights: Map<string, number>;
  /** `Type.field` → @listSize arguments. */
  listSizes: Map<string, ListSize>;
}

function directiveArgs(directive: ConstDirectiveNode): Record<string, unknown> {
  return Object.fromEntries((directive.arguments ?? []).map((arg) => [arg.name.value, valueFromASTUntyped(arg.value)]));
}

export function buildCostMap(supergraphSdl: string): CostMap {
  const map: CostMap = { fieldWeights: new Map(), typeWeights: new Map(), listSizes: new Map() };
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const typeName = definition.name.value;
    for (const directive of definition.directives ?? []) {
      if (directive.name.value === 'cost') map.typeWeights.set(typeName, Number(directiveArgs(directive).weight));
    }
    for (const field of definition.fields ?? []) {
      const key = `${typeName}.${field.name.value}`;
      for (const directive of field.directives ?? []) {
        if (directive.name.value === 'cost') map.fieldWeights.set(key, Number(directiveArgs(directive).weight));
        if (directive.name.value === 'listSize') map.listSizes.set(key, directiveArgs(directive) as ListSize);
      }
    }
  }
  return map;
}
