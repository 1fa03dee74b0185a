// Helpers that shape batched rows back into DataLoader order: one result per requested key.
import DataLoader from 'dataloader';
import { forbidden } from './errors';

/** A loader returning the row with each id (or null), fetched with one call for the batch. */
export function rowLoader<Row extends { id: string }>(
  fetch: (ids: readonly string[]) => Promise<Row[]>,
): DataLoader<string, Row | null> {
  return new DataLoader(async (ids) => {
    const byId = new Map((await fetch(ids)).map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** A loader returning, for each key, the rows whose `keyOf(row)` equals it (one call per batch). */
export function groupLoader<Row, Key = string>(
  fetch: (keys: readonly Key[]) => Promise<Row[]>,
  keyOf: (row: Row) => Key,
  options?: DataLoader.Options<Key, Row[], string>,
): DataLoader<Key, Row[], string> {
  return new DataLoader(async (keys) => {
    const groups = new Map<Key, Row[]>();
    for (const row of await fetch(keys)) {
      const key = keyOf(row);
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
    return keys.map((key) => groups.get(key) ?? []);
  }, options);
}

/**
 * One loader per distinct argument set (e.g. `first`/`status` of a nested connection), so
 * sibling fields with the same arguments share one batch.
 */
export function loaderPerArgs<Args, Loader>(create: (args: Args) => Loader): (args: Args) => Loader {
  const loaders = new Map<string, Loader>();
  return (args) => {
    const key = JSON.stringify(args);
    let loader = loaders.get(key);
    if (!loader) {
      loader = create(args);
      loaders.set(key, loader);
    }
    return loader;
  };
}

/**
 * A loader of each patient's page of records, fetched with one call for the batch; a patient
 * whose records of this kind the caller may not read (a null page) answers FORBIDDEN.
 */
export function patientPageLoader<Row>(
  fetch: (patientIds: readonly string[]) => Promise<Map<string, Row[] | null>>,
): DataLoader<string, Row[]> {
  return new DataLoader<string, Row[]>(async (patientIds) => {
    const pages = await fetch(patientIds);
    return patientIds.map((id) => {
      const page = pages.get(id.toLowerCase());
      return page === null ? forbidden() : (page ?? []);
    });
  });
}
