// Codegen plugin: one client's trusted documents as an apollo-persisted-query-manifest (v1), id = sha256 of the body.
const { createHash } = require('node:crypto');
const { Kind, print, visit } = require('graphql');

/** The fragments an operation spreads, transitively, in name order. */
function usedFragments(operation, fragments) {
  const used = new Map();
  const walk = (node) =>
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        if (used.has(name) || !fragments.has(name)) return;
        used.set(name, fragments.get(name));
        walk(fragments.get(name));
      },
    });
  walk(operation);
  return [...used.values()].sort((a, b) => a.name.value.localeCompare(b.name.value));
}

module.exports = {
  plugin(_schema, documents) {
    const definitions = documents.flatMap((source) => source.document.definitions);
    const fragments = new Map(
      definitions
        .filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION)
        .map((fragment) => [fragment.name.value, fragment]),
    );
    const operations = definitions
      .filter((definition) => definition.kind === Kind.OPERATION_DEFINITION)
      .map((operation) => {
        if (!operation.name) throw new Error('Every trusted document needs an operation name');
        const body = [operation, ...usedFragments(operation, fragments)].map((node) => print(node)).join('\n\n');
        return {
          id: createHash('sha256').update(body).digest('hex'),
          name: operation.name.value,
          type: operation.operation,
          body,
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
    return `${JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations }, null, 2)}\n`;
  },
};
