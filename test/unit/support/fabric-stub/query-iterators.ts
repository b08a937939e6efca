import type { Iterators, StateQueryResponse } from 'fabric-shim-api';

/** An iterator over results computed up front, as fabric-shim's iterators over a peer response. */
export class ResultIterator<T> implements Iterators.CommonIterator<T> {
    private position = 0;
    closed = false;

    constructor(private readonly results: readonly T[]) {}

    next(): Promise<Iterators.NextResult<T>> {
        const value = this.results[this.position];
        if (value === undefined) {
            // fabric-shim answers the end with { done: true } and no value.
            return Promise.resolve({ done: true } as Iterators.NextResult<T>);
        }
        this.position += 1;
        return Promise.resolve({ value, done: false });
    }

    close(): Promise<void> {
        this.closed = true;
        return Promise.resolve();
    }
}

function iterate<T>(open: () => Promise<Iterators.CommonIterator<T>>): AsyncIterator<T> {
    let iterator: Iterators.CommonIterator<T> | undefined;
    return {
        async next() {
            iterator ??= await open();
            const result = await iterator.next();
            if (result.done) {
                await iterator.close();
            }
            return result;
        },
        async return() {
            await iterator?.close();
            return { done: true, value: undefined };
        },
    };
}

/** A query result as fabric-shim returns it: a promise of the iterator that is also async-iterable. */
export function iterable<T>(results: readonly T[]): Promise<Iterators.CommonIterator<T>> & AsyncIterable<T> {
    const promise = Promise.resolve(new ResultIterator(results));
    return Object.assign(promise, { [Symbol.asyncIterator]: () => iterate(() => promise) });
}

/** A paginated query result: a promise of `{ iterator, metadata }` whose iteration walks the page. */
export function paginated<T>(
    results: readonly T[],
    bookmark: string,
): Promise<StateQueryResponse<Iterators.CommonIterator<T>>> & AsyncIterable<T> {
    // fabric-shim leaves the metadata out when a page is empty (seen on a real peer).
    const metadata = results.length === 0 ? undefined : { fetchedRecordsCount: results.length, bookmark };
    const promise = Promise.resolve({
        iterator: new ResultIterator(results),
        metadata: metadata as { fetchedRecordsCount: number; bookmark: string },
    });
    return Object.assign(promise, {
        [Symbol.asyncIterator]: () => iterate(async () => (await promise).iterator),
    });
}

/**
 * A private range query result as fabric-shim really returns it (its types say otherwise): a
 * promise of `{ iterator, metadata }`, whose iteration walks the results. Code that awaits it
 * and calls `next` on what it gets fails as it would on a peer.
 */
export function wrappedIterable<T>(
    results: readonly T[],
): Promise<{ iterator: Iterators.CommonIterator<T>; metadata: undefined }> & AsyncIterable<T> {
    const promise = Promise.resolve({ iterator: new ResultIterator(results), metadata: undefined });
    return Object.assign(promise, {
        [Symbol.asyncIterator]: () => iterate(async () => (await promise).iterator),
    });
}

/** A query that fails as the peer fails it: the promise rejects and iteration throws. */
export function failing<T>(error: Error): Promise<never> & AsyncIterable<T> {
    const promise = Promise.reject(error);
    promise.catch(() => undefined);
    return Object.assign(promise, {
        [Symbol.asyncIterator]: (): AsyncIterator<T> => ({ next: () => Promise.reject(error) }),
    });
}
