// The analytics contract: each subgraph SDL cut down to the elements tagged @tag(name: "analytics"), composed.
import { Kind, parse, print, type DefinitionNode, type DocumentNode } from 'graphql';

const ANALYTICS_TAG = 'analytics';

type Directed = {
  directives?: ReadonlyArray<{ name: { value: string }; arguments?: ReadonlyArray<{ value: unknown }> }>;
};

function tagged(node: Directed, tag: string): boolean {
  return (node.directives ?? []).some(
    (directive) =>
      directive.name.value === 'tag' &&
      (directive.arguments ?? []).some((arg) => (arg.value as { value?: string }).value === tag),
  );
}

/**
 * Keeps the schema extension (its @link imports), root Query fields with the tag, and types,
 * enums and scalars with the tag (whole). Mutations and everything untagged are left out, so the
 * contract can neither change data nor reach a field that identifies a person.
 */
export function contractSubgraphSdl(sdl: string, tag = ANALYTICS_TAG): string | null {
  const document = parse(sdl);
  const kept: DefinitionNode[] = [];
  let rootFields = 0;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.SCHEMA_EXTENSION || definition.kind === Kind.DIRECTIVE_DEFINITION) {
      kept.push(definition);
    } else if (definition.kind === Kind.OBJECT_TYPE_DEFINITION && definition.name.value === 'Query') {
      const fields = (definition.fields ?? []).filter((field) => tagged(field, tag));
      rootFields += fields.length;
      if (fields.length) kept.push({ ...definition, fields });
    } else if ('directives' in definition && tagged(definition as Directed, tag)) {
      kept.push(definition);
    }
  }
  return rootFields ? print({ ...document, definitions: kept } as DocumentNode) : null;
}
