// Literal argument values the graph can never take (NUL, unpaired surrogates, impossible dates), refused while validating.
import {
  Kind,
  getNamedType,
  getNullableType,
  isListType,
  isValueNode,
  valueFromASTUntyped,
  type ASTNode,
  type ValidationRule,
  type ValueNode,
} from 'graphql';
import { SCALAR_VALUE_RULES, badInput, unstorableTextProblem } from '@caregraph/platform';

/** `input.medications[0].days` (or `$name` in a variable's default): where a literal is, from the visitor's ancestors. */
function argumentPosition(chain: ReadonlyArray<ASTNode | readonly ASTNode[]>, node: ValueNode): string {
  let name = '';
  chain.forEach((step, index) => {
    if (Array.isArray(step)) {
      if ((chain[index - 1] as ASTNode | undefined)?.kind === Kind.LIST) {
        name += `[${step.indexOf((chain[index + 1] as ASTNode | undefined) ?? node)}]`;
      }
      return;
    }
    const astNode = step as ASTNode;
    if (astNode.kind === Kind.VARIABLE_DEFINITION) name = `$${astNode.variable.name.value}`;
    if (astNode.kind === Kind.ARGUMENT) name = astNode.name.value;
    if (astNode.kind === Kind.OBJECT_FIELD) name += `.${astNode.name.value}`;
  });
  return name;
}

/**
 * Strings with NUL or unpaired surrogates anywhere, and values of the custom scalars (Date,
 * DateTime) that break their rule, reported as BAD_USER_INPUT naming the argument position — the
 * gateway's schema knows those scalars only by name and would pass any literal on.
 */
export const literalValuesRule: ValidationRule = (context) => ({
  enter(node, _key, parent, _path, ancestors) {
    if (!('kind' in node) || !isValueNode(node)) return;
    const type = context.getInputType();
    let problem = node.kind === Kind.STRING ? unstorableTextProblem(node.value) : null;
    const rule = type && SCALAR_VALUE_RULES[getNamedType(type).name];
    const listOfItems = type && isListType(getNullableType(type)) && node.kind === Kind.LIST;
    if (!problem && rule && !listOfItems && node.kind !== Kind.VARIABLE && node.kind !== Kind.NULL) {
      problem = rule(node.kind === Kind.STRING ? node.value : valueFromASTUntyped(node));
    }
    if (!problem) return;
    const chain = [...ancestors, parent].filter((step) => step !== undefined) as Array<ASTNode | readonly ASTNode[]>;
    context.reportError(badInput(argumentPosition(chain, node), problem));
    return false;
  },
});
