// Entity fetches carry each distinct representation once, and the answer is laid out again for every original.
import { describe, expect, it } from 'vitest';
import { deduplicateRepresentations, expandEntities } from '../src/representations';

const ann = { __typename: 'Practitioner', id: 'p1' };
const bob = { __typename: 'Practitioner', id: 'p2' };

describe('representation de-duplication', () => {
  it('keeps the first occurrence of each representation and where every original went', () => {
    expect(deduplicateRepresentations([ann, bob, { ...ann }, bob])).toEqual({
      unique: [ann, bob],
      positions: [0, 1, 0, 1],
    });
  });

  it('leaves a fetch without repeats alone', () => {
    expect(deduplicateRepresentations([ann, bob])).toBeNull();
  });

  it('treats representations that differ in any key as different entities', () => {
    const other = { __typename: 'Patient', id: 'p1' };
    expect(deduplicateRepresentations([ann, other])).toBeNull();
  });

  it('answers every original position, each with an object of its own', () => {
    const deduplicated = deduplicateRepresentations([ann, bob, ann])!;
    const response = {
      data: { _entities: [{ name: { family: 'Ng' } }, { name: { family: 'Ito' } }] },
    };
    const expanded = expandEntities(response, deduplicated);
    expect(expanded.data).toEqual({
      _entities: [{ name: { family: 'Ng' } }, { name: { family: 'Ito' } }, { name: { family: 'Ng' } }],
    });
    const entities = expanded.data!._entities as Array<{ name: object }>;
    expect(entities[2]).not.toBe(entities[0]);
    expect(entities[2]!.name).not.toBe(entities[0]!.name);
  });

  it('repeats an error at an entity path for every position of that entity, and keeps others as they are', () => {
    const deduplicated = deduplicateRepresentations([ann, bob, ann])!;
    const forbidden = { message: 'Forbidden', path: ['_entities', 0, 'name'], extensions: { code: 'FORBIDDEN' } };
    const other = { message: 'Unavailable', extensions: { code: 'SERVICE_UNAVAILABLE' } };
    const expanded = expandEntities(
      { data: { _entities: [{ name: null }, { name: { family: 'Ito' } }] }, errors: [forbidden, other] as never },
      deduplicated,
    );
    expect(expanded.errors).toEqual([
      { ...forbidden, path: ['_entities', 0, 'name'] },
      { ...forbidden, path: ['_entities', 2, 'name'] },
      other,
    ]);
  });
});
