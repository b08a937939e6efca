/**
 * Settings of every peer's core.yaml that decide how soon the mills' peers see each other
 * after they join the channel. Checked against Fabric 2.5.9's gossip/discovery (discovery_impl.go).
 *
 * A peer that joins the channel probes the anchor peers of the other mills. A peer that has not
 * joined yet, or joined a moment ago, cannot authenticate the prober (it learns the mills' MSPs
 * and TLS CAs from the channel's configuration), so the first probes of a fresh network fail, and Fabric tries a failed anchor peer again only
 * after `reconnectInterval`, the sample's 25 s. Until then the joined peers do not know each
 * other, discovery finds no majority of mills for the chaincode, and every gateway answers
 * "no combination of peers can be derived": a fresh network stalled its first transaction for
 * about 20 s.
 *
 * - `reconnectInterval` 2 s: a failed anchor peer (and a peer that went away) is probed again
 *   within 2 s, so the mills' peers know each other seconds after the last one joined.
 * - `maxConnectionAttempts` 1500: Fabric gives up on an anchor peer after that many probes; with
 *   the shorter interval this keeps the sample's 50 minutes (120 x 25 s) before it does.
 * - `publishStateInfoInterval` 1 s (the sample's 4 s): a peer's channel state, which tells
 *   discovery the chaincode definitions it runs, reaches the other peers within a second of a
 *   change such as a committed definition. A peer publishes it only when it changed, so a
 *   shorter interval costs a flag check a second.
 */
export const PEER_GOSSIP_TIMING: Readonly<Record<string, unknown>> = {
    'peer.gossip.reconnectInterval': '2s',
    'peer.gossip.maxConnectionAttempts': 1500,
    'peer.gossip.publishStateInfoInterval': '1s',
};
