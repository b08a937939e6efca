import { DomainError } from '@spindle/chaincode/protocol';

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3_600, d: 86_400 };

/** The longest duration the CLI accepts: a year. */
export const DURATION_SECONDS_MAX = 366 * 86_400;

/**
 * A duration such as `45s`, `30m`, `8h` or `2d`, in seconds.
 *
 * @throws DomainError INVALID_ARGUMENT for another form, zero, or more than a year.
 */
export function parseDuration(text: string, what: string): number {
    const match = /^(\d{1,6})([smhd])$/.exec(text);
    const seconds = match === null ? Number.NaN : Number(match[1]) * (UNIT_SECONDS[match[2] ?? ''] ?? Number.NaN);
    if (!(seconds >= 1 && seconds <= DURATION_SECONDS_MAX)) {
        throw new DomainError(
            'INVALID_ARGUMENT',
            `${what} must be a duration like 30m, 8h or 2d (at most 366d), not ${JSON.stringify(text)}`,
        );
    }
    return seconds;
}

/** Seconds as the largest whole unit: 3600 -> `1h`, 90 -> `90s`, 172800 -> `2d`. */
export function durationText(seconds: number): string {
    const [unit, size] = Object.entries(UNIT_SECONDS)
        .reverse()
        .find(([, unitSeconds]) => seconds % unitSeconds === 0) ?? ['s', 1];
    return `${seconds / size}${unit}`;
}
