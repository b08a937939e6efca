/**
 * How many transactions a chaos case drives. The full counts (500 submits while an
 * orderer dies, 200 while a peer dies) are the default; `SPINDLE_REDUCED_COUNTS=1` divides them
 * for a quick local check.
 */
export function chaosCount(full: number): number {
    return process.env.SPINDLE_REDUCED_COUNTS === '1' ? Math.ceil(full / 5) : full;
}
