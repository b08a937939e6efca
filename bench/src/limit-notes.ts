/**
 * What limits each target when it is missed, from the CPU table and the peer profiles of runs
 * on the two-core machine (see README, Benchmarks). Keyed by the start of the target's text;
 * the report prints a note only under a target this run missed.
 */
export const LIMIT_NOTES: readonly { target: string; note: string }[] = [
    {
        target: 'register',
        note:
            'Each register comes from an identity the peers have never seen, so every endorsing and validating peer checks its certificate chain (one more ECDSA check, no identity-cache hit); ' +
            'the machine record carries the certificate and keys, a larger write than B, and is put under state-based endorsement by its mill, a second policy to evaluate at validation. ' +
            "CPU per transaction is about twice B-short's (the CPU table's ms per valid transaction).",
    },
    {
        target: 'send',
        note:
            "Two named peers (the sender's and the receiver's mill) each run the chaincode, which verifies the packet's ECDSA signature and reads the key pool, the rate-limit slot, the nonce and the prune watermark in eleven messages to its peer; " +
            'the private data goes to two mill collections, is disseminated over gossip at endorsement (a plan per collection, every peer checked against its policy) and checked at commit, and Fabric decodes the chaincode definition on each collection access. ' +
            "Issue 15's profile (npm run bench -- --send, two cores shared): per send the three peers spend about 18 ms of CPU against 6.5 ms per B, the chaincode servers 5 ms (8 before issue 15), the client 5 ms (it encrypts each payload twice and signs it); " +
            "in the first mill's peer, endorsement takes 18 % of the samples, private-data dissemination 10 %, private data at commit 10 %, key-level validation of the five written keys 10 % and definition decoding 12 % (overlapping). " +
            "The peers' share alone is above 0.7 × B's whole CPU per transaction.",
    },
    {
        target: 'material createLot',
        note: "The chaincode first reads whether the lot exists (B writes blind) and writes the lot's whole record, larger than B's 256 bytes; the CPU per transaction is a little above B's, on a machine already over 90 % busy.",
    },
    {
        target: 'material transform',
        note:
            "A transform reads the machine and its input lots and writes the consumed and produced lots, the transform record and two genealogy edges per link: six writes and three reads against B's one write. " +
            'Every written key is checked for a key-level policy at validation and written at commit (a larger "ledger commit" share in the transform profile), so the CPU per transaction is above B\'s, on a machine already over 90 % busy.',
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
            'Each level of a trace is one prefix scan in the chaincode, a chaincode-to-peer round trip with the peer opening a LevelDB iterator, so the time is linear in depth, against a fixed cost of the gateway call of a few milliseconds; ' +
            "t(d) / t(1) ≈ 1 + (d − 1) × (scan time / fixed cost). The scans cannot be merged across levels, since each level's lots are known only from the one before; " +
            'other work on the machine (LevelDB compaction after the write workloads) lengthens each scan.',
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
