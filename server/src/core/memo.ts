/**
 * A pure function of a string, remembered: analyses ask the same questions of the same names,
 * sources and texts on every run. At most `limit` answers are kept; the oldest goes first.
 */
export function memoByString<T>(limit: number, compute: (key: string) => T): (key: string) => T {
  const answers = new Map<string, T>();
  return (key) => {
    if (answers.has(key)) return answers.get(key) as T;
    const value = compute(key);
    if (answers.size >= limit) answers.delete(answers.keys().next().value as string);
    answers.set(key, value);
    return value;
  };
}

const objectIds = new WeakMap<object, number>();
let nextObjectId = 0;

/**
 * A number for an object, the same for as long as it lives: a key for cached values derived from
 * objects that are replaced rather than changed (builds, stages).
 */
export function idOf(o: object): number {
  let id = objectIds.get(o);
  if (id === undefined) objectIds.set(o, (id = nextObjectId++));
  return id;
}
