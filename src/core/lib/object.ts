/**
 * A copy of `value` without its `undefined` properties: an absent key and a key set to `undefined` differ for JSON
 * output, `deepEqual` in tests and `{ ...a, ...b }` merges (where an `undefined` would overwrite a value).
 */
export function dropUndefined<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
