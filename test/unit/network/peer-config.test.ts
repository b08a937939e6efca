import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';

import { loadContext, resolvePaths, writePeerConfig } from '@spindle/network';

/** The part of Fabric 2.5.9's sampleconfig/core.yaml these settings patch, with its values. */
const SAMPLE_CORE_YAML = `
peer:
  gossip:
    reconnectInterval: 25s
    maxConnectionAttempts: 120
    publishStateInfoInterval: 4s
    pvtData:
      pullRetryThreshold: 60s
      transientstoreMaxBlockRetention: 1000
      pushAckTimeout: 3s
      reconcileBatchSize: 10
      reconcileSleepInterval: 1m
      reconciliationEnabled: true
      skipPullingInvalidTransactionsDuringCommit: false
  handlers:
    authFilters:
      - name: DefaultAuth
      - name: ExpirationCheck
`;

interface PeerYaml {
    peer: {
        gossip: Record<string, unknown> & { pvtData: Record<string, unknown> };
        handlers: { authFilters: { name: string }[] };
    };
}

function writtenPeerConfig(): PeerYaml {
    const scratch = mkdtempSync(join(tmpdir(), 'spindle-peer-config-'));
    const sampleDir = join(scratch, 'sampleconfig');
    mkdirSync(sampleDir);
    writeFileSync(join(sampleDir, 'core.yaml'), SAMPLE_CORE_YAML);
    const ctx = loadContext(resolvePaths(undefined, join(scratch, 'run')));
    const [millA] = ctx.config.mills;
    writePeerConfig(ctx, millA!, sampleDir);
    return parse(readFileSync(join(ctx.folders(millA!).peer.config, 'core.yaml'), 'utf8')) as PeerYaml;
}

describe("the peers' core.yaml", function () {
    it('probes an anchor peer that failed within seconds, not 25 s, and gives up no sooner than the sample', function () {
        const gossip = writtenPeerConfig().peer.gossip;
        expect(gossip.reconnectInterval).to.equal('2s');
        // The sample gives up after 120 probes 25 s apart: 50 minutes.
        expect(Number(gossip.maxConnectionAttempts) * 2).to.be.at.least(120 * 25);
    });

    it("publishes a change of a peer's channel state, such as a new chaincode definition, within a second", function () {
        expect(writtenPeerConfig().peer.gossip.publishStateInfoInterval).to.equal('1s');
    });

    it('skips pulling the private data of invalid transactions while committing a block', function () {
        const pvtData = writtenPeerConfig().peer.gossip.pvtData;
        expect(pvtData.skipPullingInvalidTransactionsDuringCommit).to.equal(true);
    });

    it('waits at most five seconds for missing private data and leaves the rest to a reconciler every ten', function () {
        const pvtData = writtenPeerConfig().peer.gossip.pvtData;
        expect(pvtData).to.include({
            pullRetryThreshold: '5s',
            reconciliationEnabled: true,
            reconcileSleepInterval: '10s',
        });
        // The sample's other settings stay.
        expect(pvtData).to.include({ transientstoreMaxBlockRetention: 1000, pushAckTimeout: '3s' });
    });

    it('leaves the auth filters as Fabric 2.5.9 ships them (a TimeWindowCheck there would stop the peer at start)', function () {
        expect(writtenPeerConfig().peer.handlers.authFilters.map((filter) => filter.name)).to.deep.equal([
            'DefaultAuth',
            'ExpirationCheck',
        ]);
    });
});
