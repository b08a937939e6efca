/**
 * The child of the crash test: appends batches of readings to a machine's history store, a few
 * appends in flight at a time, and prints the last seq of each append as it resolves, until it
 * is killed. Arguments: folder, `sync` or `nosync`.
 */
import { openHistoryStore } from '@spindle/client/dist/device/history';

import { BATCH_SIZE, CRASH_MACHINE, readingsOf } from './history-fixtures';

const IN_FLIGHT = 4;

async function appendForever(folder: string, sync: boolean): Promise<void> {
    const store = await openHistoryStore({ folder, machineId: CRASH_MACHINE, sync });
    process.stdout.write(`open ${store.lastSeq()}\n`);
    let second = store.lastSeq();
    const loop = async (): Promise<void> => {
        for (;;) {
            second += BATCH_SIZE;
            const recorded = await store.append(readingsOf(second % 2 === 0 ? 'cv' : 'lapWeight', BATCH_SIZE, second));
            // A pipe's writes are synchronous on Linux: the line is out before the next append.
            process.stdout.write(`${recorded.at(-1)?.seq ?? 0}\n`);
        }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, loop));
}

appendForever(process.argv[2] ?? '', process.argv[3] === 'sync').catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
});
