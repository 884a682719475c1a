/**
 * Lookups in plain-object tables by a name read from the user's files. `table[name]` would find
 * what every JavaScript object inherits for names such as `constructor`, `toString` or
 * `__proto__` (a `GOOS=toString`, an image called `constructor`, a Go method `x.valueOf()`).
 */

/** `table[key]` when `key` is the table's own entry; undefined otherwise. */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
