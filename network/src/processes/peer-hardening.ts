/**
 * Settings of every peer's core.yaml that bound what one channel member can do to another
 * mill's peer. Checked against Fabric 2.5.9's gossip/privdata (coordinator.go, pvtdataprovider.go).
 *
 * Committing a block, a peer first validates it, then gathers the private data of every
 * transaction that writes to a collection it is a member of: from its transient store, else by
 * pulling from other member peers, retrying each second for up to `pullRetryThreshold`. It does
 * so for INVALID transactions too (the V2_0 capability stores their private data), and an invalid
 * transaction needs no endorsement: anyone on the channel can broadcast one whose hashed write
 * names MillA's collection, with private data that exists nowhere, and MillA's peer held the whole
 * block for the sample's 60 s.
 *
 * - `skipPullingInvalidTransactionsDuringCommit`: the pull skips transactions that validation
 *   marked invalid (their data is recorded as missing, left to the reconciler, which moves what it
 *   cannot find to its deprioritised list, retried hourly, off the commit path). A forged
 *   transaction now costs the commit nothing.
 * - `pullRetryThreshold` 5 s: the longest a commit still waits, now only for a VALID transaction
 *   whose data this peer lacks. A valid write into a mill's collection needs that mill's peer's
 *   endorsement, which puts the data into that peer's transient store, so this wait happens only
 *   when a mill runs several peers and one missed the data; then nothing is lost: the block
 *   commits with the data marked missing and the reconciler fetches it from the endorsing peer.
 * - `reconciliationEnabled` true, `reconcileSleepInterval` 10 s (the sample's 1 min): that
 *   reconciler, running apart from commits, brings such data in within seconds.
 */
export const PEER_HARDENING: Readonly<Record<string, unknown>> = {
    'peer.gossip.pvtData.skipPullingInvalidTransactionsDuringCommit': true,
    'peer.gossip.pvtData.pullRetryThreshold': '5s',
    'peer.gossip.pvtData.reconciliationEnabled': true,
    'peer.gossip.pvtData.reconcileSleepInterval': '10s',
};
