/**
 * Runs `work` on every item, at most `limit` at a time, and waits for all; the first failure
 * rejects once the runs already started have settled, so no process is left running behind it.
 */
export async function eachLimited<T>(
    items: readonly T[],
    limit: number,
    work: (item: T, index: number) => Promise<void>,
): Promise<void> {
    let next = 0;
    const failures: unknown[] = [];
    await Promise.all(
        Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
            while (next < items.length && failures.length === 0) {
                const index = next;
                next += 1;
                try {
                    await work(items[index] as T, index);
                } catch (error) {
                    failures.push(error);
                }
            }
        }),
    );
    if (failures.length > 0) {
        throw failures[0];
    }
}
