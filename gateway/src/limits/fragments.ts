// Walking an operation with its fragments expanded, safely: unknown or circular spreads stop the walk.
import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/*
 * Both answers are kept per document: the limit rules, the introspection check and the cost
 * estimate all ask about the same document in one request, and Apollo reuses parsed documents
 * across requests.
 */
const fragmentMaps = new WeakMap<DocumentNode, Map<string, FragmentDefinitionNode>>();
const soundness = new WeakMap<DocumentNode, boolean>();

export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const known = fragmentMaps.get(document);
  if (known) return known;
  const fragments = new Map<string, FragmentDefinitionNode>();
  fragmentMaps.set(document, fragments);
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/**
 * True when every fragment spread names a defined fragment and no fragment spreads itself
 * (directly or not). graphql-js reports both as validation errors; walkers that expand
 * fragments must not run on such documents (they would throw or recurse forever).
 */
export function fragmentsAreSound(document: DocumentNode): boolean {
  const known = soundness.get(document);
  if (known !== undefined) return known;
  const sound = checkFragments(document);
  soundness.set(document, sound);
  return sound;
}

function checkFragments(document: DocumentNode): boolean {
  const fragments = fragmentsOf(document);
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (selectionSet: SelectionSetNode): boolean =>
    selectionSet.selections.every((selection) => {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || state.get(name) === 'visiting') return false;
        if (state.get(name) === 'done') return true;
        state.set(name, 'visiting');
        const sound = visit(fragment.selectionSet);
        state.set(name, 'done');
        return sound;
      }
      return !selection.selectionSet || visit(selection.selectionSet);
    });
  return document.definitions.every(
    (definition) => !('selectionSet' in definition) || !definition.selectionSet || visit(definition.selectionSet),
  );
}
