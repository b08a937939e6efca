/**
 * One quick measurement of the device history's costs, printed, no network: appends per second
 * with and without fsync, sealing 1,000 and 10,000 readings, proving and verifying them.
 * Run: `npm run build && node bench/dist/device-history-costs.js`. Not part of `npm run bench`
 * yet: the device workload will take these figures over.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
    openHistoryStore,
    proveReadings,
    sealBatch,
    verifyReadingProof,
    type HistoryStore,
    type NewReading,
} from '@spindle/client/dist/device/history';

const SECONDS = 2;

function reading(i: number): NewReading {
    return {
        variable: i % 2 === 0 ? 'lapWeight' : 'cv',
        value: 60 + (i % 100) / 10,
        unit: 'g/m',
        sourceTimestamp: new Date(Date.UTC(2026, 11, 2) + i * 100).toISOString(),
    };
}

async function withStore<T>(sync: boolean, use: (store: HistoryStore) => Promise<T>): Promise<T> {
    const folder = mkdtempSync(join(tmpdir(), 'spindle-history-costs-'));
    const store = await openHistoryStore({ folder, machineId: 'lap-former-b1', sync });
    try {
        return await use(store);
    } finally {
        await store.close();
        rmSync(folder, { recursive: true, force: true });
    }
}

async function appendRate(sync: boolean, perAppend: number): Promise<string> {
    return withStore(sync, async (store) => {
        const end = performance.now() + SECONDS * 1000;
        let appends = 0;
        while (performance.now() < end) {
            await store.append(Array.from({ length: perAppend }, (_, i) => reading(appends * perAppend + i)));
            appends++;
        }
        const rate = appends / SECONDS;
        return `append ${perAppend} reading(s), sync ${sync}: ${rate.toFixed(0)} appends/s, ${(rate * perAppend).toFixed(0)} readings/s`;
    });
}

async function sealAndProve(count: number): Promise<string> {
    return withStore(false, async (store) => {
        for (let done = 0; done < count; done += 1000) {
            await store.append(Array.from({ length: Math.min(1000, count - done) }, (_, i) => reading(done + i)));
        }
        const sealStart = performance.now();
        const seal = sealBatch(await store.readingsFrom(1, count));
        await store.recordSeal(seal, new Date());
        const sealMs = performance.now() - sealStart;
        const answer = await store.readingsFrom(1, count);
        const proveStart = performance.now();
        const proven = await proveReadings(store, answer);
        const proveMs = performance.now() - proveStart;
        const verifyStart = performance.now();
        const verified = proven.filter(
            (one) => one.status === 'sealed' && verifyReadingProof(one.reading, one.proof, seal).ok,
        ).length;
        const verifyMs = performance.now() - verifyStart;
        const hundred = await store.readingsFrom(Math.floor(count / 2), 100);
        const hundredStart = performance.now();
        await proveReadings(store, hundred);
        const hundredMs = performance.now() - hundredStart;
        return (
            `${count} readings: seal (read + root + record) ${sealMs.toFixed(1)} ms; ` +
            `prove all ${proveMs.toFixed(1)} ms; verify all ${verifyMs.toFixed(1)} ms (${verified} ok, ` +
            `${((verifyMs / count) * 1000).toFixed(0)} µs each); prove 100 of them ${hundredMs.toFixed(1)} ms`
        );
    });
}

async function main(): Promise<void> {
    for (const sync of [true, false]) {
        for (const perAppend of [1, 10]) {
            console.log(await appendRate(sync, perAppend));
        }
    }
    for (const count of [1000, 10_000]) {
        console.log(await sealAndProve(count));
    }
}

main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
});
