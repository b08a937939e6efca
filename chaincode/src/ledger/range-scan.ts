import type { Context } from 'fabric-contract-api';

/** What `getStateByPartialCompositeKey` and its kin answer: a promise of the iterator. */
type RangeQuery = ReturnType<Context['stub']['getStateByPartialCompositeKey']>;

/** What is read of the iterator: its entries one by one, and its close. */
type RangeIterator = Pick<Awaited<RangeQuery>, 'next' | 'close'>;

/** One key and value of a range. */
type Entry = Awaited<ReturnType<RangeIterator['next']>>['value'];

/**
 * Every entry of a range query, read to its end. The peer frees an iterator by itself once it
 * has sent the last batch (HasMore false, core/chaincode/query_response_generator.go), so the
 * close that `for await` sends afterwards is one more chaincode-to-peer round trip for nothing;
 * a genealogy trace pays it once per lot. The iterator is closed only when reading it fails
 * part way, when the peer may still hold it.
 */
export async function readToEnd(query: Promise<RangeIterator>): Promise<Entry[]> {
    const iterator = await query;
    const entries: Entry[] = [];
    try {
        for (;;) {
            const next = await iterator.next();
            if (next.done) {
                return entries;
            }
            entries.push(next.value);
        }
    } catch (error) {
        await iterator.close().catch(() => undefined);
        throw error;
    }
}
