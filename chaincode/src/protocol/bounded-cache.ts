/**
 * A memo of a pure function's results with at most `capacity` entries: a hit moves its entry to
 * the newest place, and a miss past the capacity evicts the least recently used one.
 *
 * Chaincode may use it only for functions of their inputs alone (parsing a certificate, a key or
 * a stored value's bytes), never for ledger answers: every peer then computes the same result
 * whether its process has the entry or not, and the transaction's reads and writes stay the same.
 */
export class BoundedCache<K, V> {
    private readonly entries = new Map<K, V>();

    /** @param capacity Entries kept at most, at least 1. */
    constructor(readonly capacity: number) {
        if (!Number.isInteger(capacity) || capacity < 1) {
            throw new RangeError('a cache holds at least one entry');
        }
    }

    /** Entries held now. */
    get size(): number {
        return this.entries.size;
    }

    /**
     * The memoised `compute(key)`: computed on a miss and kept unless it throws (an error is
     * thrown again each time, never kept).
     */
    get(key: K, compute: (key: K) => V): V {
        if (this.entries.has(key)) {
            const value = this.entries.get(key) as V;
            this.entries.delete(key);
            this.entries.set(key, value);
            return value;
        }
        const value = compute(key);
        if (this.entries.size >= this.capacity) {
            const oldest = this.entries.keys().next();
            if (oldest.done !== true) {
                this.entries.delete(oldest.value);
            }
        }
        this.entries.set(key, value);
        return value;
    }
}
