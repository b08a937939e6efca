import type { Reading } from '@spindle/chaincode/protocol';
import type { HistoryReader } from '@spindle/client';

/** A HistoryReader over an array, for tests: numbers readings from 1 in the order they are added. */
export class InMemoryHistory implements HistoryReader {
    private readonly stored: Reading[] = [];
    /** The limits `readings` was called with, so a test can see what an answer asked for. */
    readonly limitsAsked: number[] = [];

    constructor(
        readonly machineId: string,
        private sealed = 0,
    ) {}

    /** Records a reading of `variable` at `at` and returns it. */
    add(variable: string, value: number, at: string, unit = 'u'): Reading {
        const reading: Reading = {
            machineId: this.machineId,
            seq: this.stored.length + 1,
            variable,
            value,
            unit,
            sourceTimestamp: new Date(at).toISOString(),
        };
        this.stored.push(reading);
        return reading;
    }

    /** Marks readings up to `seq` sealed. */
    seal(seq: number): void {
        this.sealed = seq;
    }

    readings(variable: string, from: Date, to: Date, limit: number): Promise<Reading[]> {
        this.limitsAsked.push(limit);
        const inRange = this.stored
            .filter((reading) => reading.variable === variable)
            .filter((reading) => {
                const at = Date.parse(reading.sourceTimestamp);
                return at >= from.getTime() && at < to.getTime();
            })
            .sort((a, b) => Date.parse(a.sourceTimestamp) - Date.parse(b.sourceTimestamp) || a.seq - b.seq);
        return Promise.resolve(inRange.slice(0, limit));
    }

    latest(): Promise<Reading[]> {
        const newest = new Map<string, Reading>();
        for (const reading of this.stored) {
            const known = newest.get(reading.variable);
            if (known === undefined || Date.parse(reading.sourceTimestamp) >= Date.parse(known.sourceTimestamp)) {
                newest.set(reading.variable, reading);
            }
        }
        return Promise.resolve([...newest.values()]);
    }

    sealedThrough(): Promise<number> {
        return Promise.resolve(this.sealed);
    }
}
