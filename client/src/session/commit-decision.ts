import { StatusCode } from '@hyperledger/fabric-gateway';

/** Validation codes of a transaction invalidated by a concurrent write: safe to endorse again. */
const MVCC_CONFLICTS: ReadonlySet<number> = new Set([StatusCode.MVCC_READ_CONFLICT, StatusCode.PHANTOM_READ_CONFLICT]);

/** What `SpindleGateway.submit` does once a transaction's commit status arrived. */
export type CommitDecision = 'COMMITTED' | 'ENDORSE_AGAIN' | 'FAILED';

/**
 * Decides on a commit status: valid is done; an MVCC conflict is endorsed again (a new
 * transaction that reads the newer state) until `maxSubmissions`; anything else failed for good.
 */
export function decideAfterCommit(code: number, submission: number, maxSubmissions: number): CommitDecision {
    if (code === StatusCode.VALID) {
        return 'COMMITTED';
    }
    return MVCC_CONFLICTS.has(code) && submission < maxSubmissions ? 'ENDORSE_AGAIN' : 'FAILED';
}
