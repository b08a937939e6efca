import type { Contract, ProposalOptions } from '@hyperledger/fabric-gateway';

/** Validation codes a benchmark names; others appear as `INVALID_<code>`. */
const VALIDATION_CODES: Record<number, string> = {
    0: 'VALID',
    11: 'MVCC_READ_CONFLICT',
    12: 'PHANTOM_READ_CONFLICT',
};

/** Whether an outcome is an MVCC conflict (the kind SpindleGateway would resubmit). */
export function isMvccConflict(outcome: string): boolean {
    return outcome === 'MVCC_READ_CONFLICT' || outcome === 'PHANTOM_READ_CONFLICT';
}

/**
 * Endorses, submits and waits for the commit status of one transaction, once: unlike
 * SpindleGateway.submit it never resubmits, so the harness sees every MVCC conflict.
 */
export async function submitOnce(contract: Contract, transaction: string, proposal: ProposalOptions): Promise<string> {
    const commit = await contract.submitAsync(transaction, proposal);
    const status = await commit.getStatus();
    return VALIDATION_CODES[status.code] ?? `INVALID_${status.code}`;
}
