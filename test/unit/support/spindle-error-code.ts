import { SpindleError } from '@spindle/client';

/** The SpindleError code `work` throws: undefined when it does not throw, 'OTHER' for any other error. */
export function spindleCodeOf(work: () => unknown): string | undefined {
    try {
        work();
    } catch (error) {
        return error instanceof SpindleError ? error.code : 'OTHER';
    }
    return undefined;
}
