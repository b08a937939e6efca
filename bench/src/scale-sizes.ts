/** The machine counts `npm run bench -- --scale` measures at unless `SPINDLE_BENCH_SCALE_SIZES` says otherwise. */
export const DEFAULT_SCALE_SIZES: readonly number[] = [20, 100, 300, 600];

/**
 * The machine counts to measure at, from `SPINDLE_BENCH_SCALE_SIZES` (e.g. `20,60`): whole
 * numbers of at least 1, rising; the defaults when unset or blank.
 *
 * @throws Error CONFIG_INVALID when a count is not a whole number of at least 1 or the counts do not rise.
 */
export function parseScaleSizes(value: string | undefined): number[] {
    if (value === undefined || value.trim() === '') {
        return [...DEFAULT_SCALE_SIZES];
    }
    const sizes = value.split(',').map((part) => {
        const text = part.trim();
        if (!/^[1-9][0-9]{0,5}$/.test(text)) {
            throw new Error(
                `CONFIG_INVALID: SPINDLE_BENCH_SCALE_SIZES: "${text}" is not a machine count (e.g. 20,100)`,
            );
        }
        return Number(text);
    });
    sizes.forEach((size, index) => {
        const previous = sizes[index - 1];
        if (previous !== undefined && size <= previous) {
            throw new Error(`CONFIG_INVALID: SPINDLE_BENCH_SCALE_SIZES must rise: ${size} after ${previous}`);
        }
    });
    return sizes;
}
