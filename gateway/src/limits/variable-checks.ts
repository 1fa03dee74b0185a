// Variable values the graph can never take, refused before anything is estimated or fetched, naming the variable.
import {
  GraphQLError,
  coerceInputValue,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  isNonNullType,
  typeFromAST,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { SCALAR_VALUE_RULES, badInput, unstorableTextProblem } from '@caregraph/platform';

/** Deepest nesting of lists and objects in one variable; the schema's deepest input needs 3 ($input.medications[0].days). */
const MAX_VARIABLE_DEPTH = 10;

/** `$input.medications[0].days`: a position inside variable `name`. */
function positionName(name: string, path: ReadonlyArray<string | number>): string {
  return `$${name}${path.map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`)).join('')}`;
}

interface Position {
  value: unknown;
  type: GraphQLInputType | undefined;
  path: Array<string | number>;
  depth: number;
}

const ruleOf = (type: GraphQLInputType | undefined) => type && SCALAR_VALUE_RULES[getNamedType(type).name];

/**
 * Walks one variable's value without recursion (a 10,000-deep list must not overflow the stack):
 * nesting (checked over the whole value first, so a too-deep value is always named by its
 * variable), string length, NUL and unpaired surrogates (in values and object keys), and the rules
 * of the custom scalars, which the gateway's schema knows only by name.
 */
function checkValue(name: string, value: unknown, type: GraphQLInputType | undefined, maxString: number): void {
  const stack: Position[] = [{ value, type, path: [], depth: 0 }];
  const textProblem = (text: string) =>
    text.length > maxString ? `a string is longer than ${maxString} characters` : unstorableTextProblem(text);
  let first: GraphQLError | undefined;
  const problemAt = (path: Position['path'], problem: string | null | undefined) => {
    if (problem) first ??= badInput(positionName(name, path), problem, 400);
  };
  while (stack.length) {
    const { value, type, path, depth } = stack.pop()!;
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object') {
      problemAt(path, (typeof value === 'string' ? textProblem(value) : null) ?? ruleOf(type)?.(value));
      continue;
    }
    if (depth >= MAX_VARIABLE_DEPTH) throw badInput(`$${name}`, `nested deeper than ${MAX_VARIABLE_DEPTH} levels`, 400);
    const nullable = type && getNullableType(type);
    if (nullable && !isListType(nullable)) problemAt(path, ruleOf(nullable)?.(value));
    if (Array.isArray(value)) {
      const itemType = nullable && isListType(nullable) ? nullable.ofType : undefined;
      value.forEach((item, index) =>
        stack.push({ value: item, type: itemType, path: [...path, index], depth: depth + 1 }),
      );
      continue;
    }
    const fields = nullable && isInputObjectType(nullable) ? nullable.getFields() : undefined;
    for (const [key, item] of Object.entries(value)) {
      const keyProblem = textProblem(key);
      problemAt(path, keyProblem && `a field name ${keyProblem}`);
      stack.push({ value: item, type: fields?.[key]?.type, path: [...path, key], depth: depth + 1 });
    }
  }
  if (first) throw first;
}

/** The type at `path` inside `type`, for saying what was expected there. */
function typeAt(type: GraphQLInputType, path: ReadonlyArray<string | number>): GraphQLInputType {
  let current = type;
  for (const step of path) {
    const nullable = getNullableType(current);
    if (typeof step === 'number' && isListType(nullable)) current = nullable.ofType;
    else if (typeof step === 'string' && isInputObjectType(nullable))
      current = nullable.getFields()[step]?.type ?? current;
  }
  return current;
}

/**
 * Refuses, as BAD_USER_INPUT naming the variable (and the position inside it), any variable the
 * graph can never accept or that does not fit its declared type — before the cost estimate reads
 * the values and before any subgraph is called. No value is echoed.
 */
export function checkVariableValues(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  maxString: number,
): void {
  const declared = new Map((operation.variableDefinitions ?? []).map((d) => [d.variable.name.value, d]));
  for (const [name, value] of Object.entries(variables)) {
    const definition = declared.get(name);
    checkValue(
      name,
      value,
      definition && (typeFromAST(schema, definition.type) as GraphQLInputType | undefined),
      maxString,
    );
  }
  for (const [name, definition] of declared) {
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (!type) continue;
    const value = variables[name];
    if (value === undefined || value === null) {
      if (isNonNullType(type) && (value === null || !definition.defaultValue)) {
        throw badInput(`$${name}`, value === null ? 'must not be null' : 'is required', 400);
      }
      continue;
    }
    coerceInputValue(value, type, (path) => {
      throw badInput(positionName(name, path), `expected ${String(typeAt(type, path))}`, 400);
    });
  }
}
