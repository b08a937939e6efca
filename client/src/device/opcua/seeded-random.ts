/** A deterministic source of numbers in [0, 1): the same seed gives the same sequence everywhere. */
export interface SeededRandom {
    /** The next number in [0, 1). */
    next(): number;
    /** The next number of a standard normal distribution (mean 0, standard deviation 1). */
    normal(): number;
}

/**
 * A seeded PRNG: mulberry32 (32-bit state, period 2^32), enough for plausible simulated readings
 * and small enough to reproduce in a test; normals by the Box-Muller transform.
 */
export function newSeededRandom(seed: number): SeededRandom {
    let state = seed >>> 0;
    const next = (): number => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    return {
        next,
        normal: () => {
            const u = 1 - next();
            const v = next();
            return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
        },
    };
}
