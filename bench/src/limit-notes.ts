/**
 * What limits each target when it is missed, from the CPU table and the peer profiles of runs
 * on the two-core machine (see README, Benchmarks). Keyed by the start of the target's text;
 * the report prints a note only under a target this run missed.
 */
export const LIMIT_NOTES: readonly { target: string; note: string }[] = [
    {
        target: 'register',
        note:
            'A machine record is written under state-based endorsement by its owning mill, so validation checks a key-level policy besides the chaincode policy and verifies the endorsement signatures again for it ' +
            '(statebased.KeyLevelValidator under "block validation" in the profiles); the record also carries the certificate and keys, a larger write than B.',
    },
    {
        target: 'send',
        note:
            "Two named peers (the sender's and the receiver's mill) each run the chaincode, which verifies the packet's ECDSA signature and reads the key pool, the rate-limit slot, the nonce and the chain head; " +
            'the private data goes to two collections, is disseminated over gossip at endorsement and checked against each collection at commit, and Fabric unmarshals the whole collection configuration (one collection per machine) on each access. ' +
            'The send profile shows it: "protobuf decoding", "private data at commit" and "ECDSA signature checks" all grow against B, and the CPU per transaction (CPU table / valid) is about 2.5 × B\'s on a machine already over 90 % busy.',
    },
    {
        target: 'material createLot',
        note: "A lot is written under its owner mill's key-level endorsement policy, which validation checks with the endorsement signatures verified again (the block-validation share of the profiles); CPU per transaction is above B's.",
    },
    {
        target: 'material transform',
        note:
            "A transform reads the machine and its input lots and writes the lots, the transform record and two genealogy edges per input and output, each lot under a key-level policy: about twice B's CPU per transaction, " +
            'with "block validation" and "ledger commit" larger in the transform profile than in B\'s.',
    },
    {
        target: '9-step flow',
        note:
            "The flow orders two transactions one after the other (the request, then the responder's answer) and waits for the event that wakes the agent: twice the single-submit commit latency is its floor. " +
            'A shorter BatchTimeout shortens both commits and leaves the ratio; a longer one brings it nearer 2 but slows every commit.',
    },
    {
        target: 'trace',
        note:
            "Each level of a trace is one prefix scan in the chaincode: two chaincode-to-peer round trips (the range query and the iterator's close), which is linear in depth, against a fixed cost of the gateway call of a few milliseconds; " +
            "t(d) / t(1) ≈ 1 + (d − 1) × (scan time / fixed cost). The scan cannot be merged across levels, since each level's lots are known only from the one before.",
    },
    {
        target: 'B ≥ 300',
        note:
            'CPU: B costs about 12 ms of CPU per transaction across the ten processes (three peers validating every block, two of them endorsing, three Raft orderers, the chaincode servers and the client), so two cores carry at most about 160 tx/s. ' +
            "ECDSA signature checks are about a third of a peer's CPU (B profile); raising BatchTimeout or MaxMessageCount does not change the work per transaction.",
    },
];

/** The limit note for a missed target, if one is written. */
export function limitNoteFor(target: string): string | undefined {
    return LIMIT_NOTES.find((entry) => target.startsWith(entry.target))?.note;
}
