import { DomainError } from '../protocol';

/**
 * Requires a loaded value to exist.
 *
 * @throws DomainError NOT_FOUND with `detail` when `value` is undefined.
 */
export function found<T>(value: T | undefined, detail: string): T {
    if (value === undefined) {
        throw new DomainError('NOT_FOUND', detail);
    }
    return value;
}
