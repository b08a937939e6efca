/**
 * Freezes `value` and every object and array inside it, and answers it: a value shared between
 * transactions through a memo can then not be changed by one of them (a write throws in strict
 * mode), so every transaction reads what was stored.
 */
export function deepFreeze<T>(value: T): T {
    if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const inner of Object.values(value)) {
            deepFreeze(inner);
        }
    }
    return value;
}
