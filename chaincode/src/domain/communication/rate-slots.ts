import { LIMITS, sha256Hex } from '../../protocol';

/**
 * The rate window a transaction timestamp falls in, as a zero-padded key attribute. It comes
 * from the transaction timestamp, the same on every endorser, never from the wall clock.
 */
export function rateWindowOf(at: string): string {
    return String(Math.floor(Date.parse(at) / LIMITS.rateWindowMs)).padStart(13, '0');
}

/**
 * The slots of a window a delivery may take, in the order it tries them: `LIMITS.rateProbesMax`
 * consecutive slots from the sender's hint, or, without one, from its transaction ID's hash.
 * Both are the same on every endorser.
 */
export function rateSlotsToTry(hint: number | undefined, transactionId: string): string[] {
    const slots = LIMITS.rateSlotsPerWindow;
    const start = hint ?? Number.parseInt(sha256Hex(transactionId).slice(0, 8), 16) % slots;
    return Array.from({ length: LIMITS.rateProbesMax }, (_, offset) =>
        String((start + offset) % slots).padStart(4, '0'),
    );
}

/**
 * The batch slots of a window (release 1.5) in the order a batch tries them for one sender: all
 * `LIMITS.batchSlotsPerWindow` of them, from the seed's hash (the same on every endorser).
 * Named apart from the single-send slots (`b000`...), so the two never collide.
 */
export function batchRateSlotsToTry(seed: string): string[] {
    const slots = LIMITS.batchSlotsPerWindow;
    const start = Number.parseInt(sha256Hex(seed).slice(0, 8), 16) % slots;
    return Array.from({ length: slots }, (_, offset) => `b${String((start + offset) % slots).padStart(3, '0')}`);
}
