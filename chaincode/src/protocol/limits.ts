/**
 * Size caps and windows. Every input is refused with `PAYLOAD_TOO_LARGE` (or
 * `INVALID_ARGUMENT` for counts and ranges) before it is parsed further.
 */
export const LIMITS = {
    /** Bytes of one JSON transaction argument. */
    argumentBytes: 16_384,
    /** Bytes of a packet in the transient map. */
    packetBytes: 131_072,
    /**
     * Packets of one `sendBatch` (release 1.4), and the bytes of its transient `packets` array.
     * Each packet costs the endorsers one signature check and five writes (two private copies,
     * the public record, its nonce and its rate slot), so 64 keep a batch's endorsement well
     * under a second on two cores; 1 MiB fits 64 packets of the 8 KiB payload bucket.
     */
    batchPacketsMax: 64,
    batchBytes: 1_048_576,
    /** Decoded bytes of a packet's payload (and of its sender copy). */
    payloadBytes: 32_768,
    /** Characters of a PEM certificate or public key. */
    pemChars: 4_096,
    /** Default and maximum page sizes of list reads. */
    pageSizeDefault: 20,
    pageSizeMax: 100,
    /** Entries of one communication block. */
    blockEntriesMax: 16,
    /**
     * Bytes of the transient `entries` of one append: `blockEntriesMax` stored mailbox entries,
     * each a packet of at most `packetBytes` and its few fields (16 × 144 KiB).
     */
    blockEntriesBytes: 2_359_296,
    /**
     * Blocks one `verifyChain` call checks at most: a call reads this many private blocks and
     * public anchors, so its work is bounded however long the chain; the answer names the seq to
     * continue from.
     */
    verifyBlocksMax: 100,
    /** Inputs, and outputs, of one transform. */
    transformLotsMax: 32,
    /** Quality measurements of one transform. */
    qualityEntriesMax: 32,
    /** Largest quantity of one lot, in grams (10,000 tonnes). */
    quantityGramsMax: 10_000_000_000,
    /** Largest stated tolerance of a transform, in permille of its input (25 %, a comber's noil). */
    tolerancePermilleMax: 250,
    /**
     * Genealogy traces: default and maximum depth. A trace has no size cap: each call lists at
     * most `pageSizeMax` lots and resumes from a continuation token, never from the root.
     */
    traceDepthDefault: 8,
    traceDepthMax: 64,
    /** How old a packet's timestamp may be against the transaction timestamp. */
    packetMaxAgeMs: 300_000,
    /** How far ahead of the transaction timestamp a packet's timestamp may be (clock skew). */
    packetMaxSkewMs: 60_000,
    /**
     * How far a proposal's timestamp (the client's choice) may be from the endorsing peer's own
     * clock. Peers refuse to endorse outside it, so the packet window and the rate limit follow a
     * time the client can move by at most this much: a forger can fill at most
     * 2 × 30 s / `rateWindowMs` rate windows at once, and one new window every `rateWindowMs`.
     */
    proposalClockSkewMs: 30_000,
    /**
     * Per-machine rate limit of packet deliveries: at most `rateSlotsPerWindow` in each window of
     * `rateWindowMs` of transaction time (128 a second, twice the benchmark's busiest machine),
     * refused with `RATE_LIMITED` once `rateProbesMax` slots in a row are taken. See
     * ledger/rate-store.ts for why slots and not a counter.
     */
    rateWindowMs: 2_000,
    rateSlotsPerWindow: 256,
    rateProbesMax: 8,
    /**
     * Batch slots of each machine per rate window (release 1.5): a `sendBatch` takes one for each
     * sender it carries, whatever the number of that sender's packets (at most `batchPacketsMax`),
     * so a machine's batches deliver at most 4 × 64 packets a window (128 a second), beside its
     * single sends' slots. One key per sender and batch instead of one per packet.
     */
    batchSlotsPerWindow: 4,
    /**
     * Previous certificates a machine record lists after certificate renewals; older ones drop
     * off the record (every version stays in its history), so the record cannot grow without end.
     */
    previousCertificatesMax: 8,
    /**
     * Times a query's reply may be rejected (`rejectReply`, step 9 back to step 6). The last of
     * them ends the query FAILED with `failure.code` `REJECTIONS_EXHAUSTED`: it can be neither
     * answered nor rejected again, so two agents cannot bounce a query forever, and its record
     * holds at most this many rejection entries.
     */
    queryRejectionsMax: 3,
    /**
     * Housekeeping: nonce keys are grouped by this bucket of their packet's own (signed)
     * timestamp, rate-limit slots by the bucket of their transaction's timestamp, so
     * `Housekeeping:prune` deletes whole old buckets in key order. A multiple of `rateWindowMs`.
     */
    pruneBucketMs: 60_000,
    /** Keys one `Housekeeping:prune` deletes at most: the default and the largest accepted. */
    pruneKeysDefault: 500,
    pruneKeysMax: 2_000,
    /**
     * Buckets a prune looks back through for the newest committed delivery (a rate-limit slot),
     * the ledger's own evidence of the time, which bounds how far the watermark may move.
     */
    pruneEvidenceBuckets: 10,
} as const;
