import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpindleError } from '@spindle/client';
import type { NewReading } from '@spindle/client/dist/device/history';

/** A fresh temp folder; `cleanUp` removes every folder made so far. */
export const tempFolders = {
    made: [] as string[],
    make(): string {
        const folder = mkdtempSync(join(tmpdir(), 'spindle-history-'));
        this.made.push(folder);
        return folder;
    },
    cleanUp(): void {
        this.made.splice(0).forEach((folder) => {
            rmSync(folder, { recursive: true, force: true });
        });
    },
};

/** The time `seconds` after 08:00 on a fixed day, ISO. */
export function at(seconds: number): string {
    return new Date(Date.UTC(2026, 11, 2, 8, 0, 0) + seconds * 1000).toISOString();
}

/** `count` readings of `variable`, one a second from `startSecond`, values 1, 2, 3... */
export function readingsOf(variable: string, count: number, startSecond = 0): NewReading[] {
    return Array.from({ length: count }, (_, i) => ({
        variable,
        value: i + 1,
        unit: 'g/m',
        sourceTimestamp: at(startSecond + i),
    }));
}

/** The code of the SpindleError (a HistoryError, a RecorderError...) `action` rejects with, undefined when it resolves. */
export async function codeOfRejection(action: Promise<unknown>): Promise<string | undefined> {
    try {
        await action;
        return undefined;
    } catch (error) {
        return error instanceof SpindleError ? error.code : 'NOT_A_SPINDLE_ERROR';
    }
}

/** The machine and the readings per append of the crash test's child. */
export const CRASH_MACHINE = 'lap-former-b1';
export const BATCH_SIZE = 7;
