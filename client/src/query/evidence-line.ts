import type { EvidenceCheck } from '../device/evidence/evidence-check';
import type { QueryOutcome } from './query-flow';

/**
 * The step-9 evidence check of a query's outcome, when the requester checked the answer's proofs
 * (a typed answer that rests on readings); undefined otherwise.
 */
export function evidenceOf(outcome: QueryOutcome): EvidenceCheck | undefined {
    // Read as optional: the outcome carries the check once the verifier fills it in.
    return (outcome as QueryOutcome & { verification?: EvidenceCheck }).verification;
}

/**
 * The evidence check as one line: `proofs: 118 readings proven, 4 unsealed, anchored in block 7
 * of lap-former-b1`, or `proofs: FAILED ANCHOR_MISMATCH: ...`.
 */
export function evidenceLine(check: EvidenceCheck): string {
    if (!check.ok) {
        return `proofs: FAILED ${check.reason}: ${check.detail}`;
    }
    const counts = `proofs: ${check.proven} reading${check.proven === 1 ? '' : 's'} proven, ${check.unsealed} unsealed`;
    return check.blocks.length === 0 ? `${counts}, no sealed block yet` : `${counts}, anchored in ${blocksText(check)}`;
}

/** `block 7 of lap-former-b1`, `blocks 3-5, 9 of lap-former-b1`, one group per machine in order. */
function blocksText(check: Extract<EvidenceCheck, { ok: true }>): string {
    const byMachine = new Map<string, number[]>();
    for (const { machineId, seq } of check.blocks) {
        byMachine.set(machineId, [...(byMachine.get(machineId) ?? []), seq]);
    }
    return [...byMachine]
        .map(([machineId, seqs]) => {
            const sorted = [...new Set(seqs)].sort((a, b) => a - b);
            return `${sorted.length === 1 ? 'block' : 'blocks'} ${seqRanges(sorted)} of ${machineId}`;
        })
        .join(' and ');
}

/** Ascending seqs as ranges: [3, 4, 5, 9] -> `3-5, 9`. */
function seqRanges(seqs: readonly number[]): string {
    const ranges: string[] = [];
    let start: number | undefined;
    seqs.forEach((seq, index) => {
        start ??= seq;
        if (seqs[index + 1] !== seq + 1) {
            ranges.push(start === seq ? String(seq) : `${start}-${seq}`);
            start = undefined;
        }
    });
    return ranges.join(', ');
}
