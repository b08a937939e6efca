/** Why an answer's evidence does not hold at step 9: the query is then rejected as an illegal reply. */
export type EvidenceFailure =
    | 'EVIDENCE_INVALID'
    | 'ANCHOR_MISMATCH'
    | 'SEAL_NOT_IN_BLOCK'
    | 'READING_NOT_PROVEN'
    | 'BATCH_MISMATCH'
    | 'ANSWER_MISMATCH';

/**
 * The requester's check of an answer's evidence (step 9): how many of the readings the answer
 * rests on are proven back to a sealed root whose block's hash is the chain's public anchor, how
 * many are newer than the last seal (unsealed), and which blocks carry the seals.
 */
export type EvidenceCheck =
    | {
          ok: true;
          /** Readings proven to a sealed root on the chain. */
          proven: number;
          /** Readings the answer rests on that are newer than the machine's last seal. */
          unsealed: number;
          /** The communication blocks whose seal entries the proofs reach, oldest first. */
          blocks: readonly { machineId: string; seq: number }[];
      }
    | { ok: false; reason: EvidenceFailure; detail: string };
