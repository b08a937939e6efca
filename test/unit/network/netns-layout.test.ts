import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';

import {
    NetworkError,
    hostsFileText,
    layoutFromEnv,
    loadContext,
    loadNetworkConfig,
    netnsBridge,
    resolvePaths,
    wanFromEnv,
    writePeerConfig,
} from '@spindle/network';

function codeOf(action: () => unknown): string | undefined {
    try {
        action();
    } catch (error) {
        return error instanceof NetworkError ? error.code : 'not a NetworkError';
    }
    return undefined;
}

function withLayout<T>(layout: string, offset: string, action: () => T): T {
    const saved = { ...process.env };
    process.env.SPINDLE_LAYOUT = layout;
    process.env.SPINDLE_PORT_OFFSET = offset;
    try {
        return action();
    } finally {
        process.env = saved;
    }
}

const networkFile = resolvePaths().networkConfigFile;

describe('the netns layout', function () {
    it('gives each mill a host of its own, named in .test, on a private address of its offset', function () {
        const config = loadNetworkConfig(networkFile, 1000, [], 'netns');
        const hosts = [...config.mills, ...config.joining].map((mill) => mill.host);
        expect(hosts.map((host) => host.name)).to.deep.equal([
            'milla.spindle.test',
            'millb.spindle.test',
            'millc.spindle.test',
            'milld.spindle.test',
        ]);
        expect(hosts.map((host) => host.address)).to.deep.equal([
            '10.77.1.11',
            '10.77.1.12',
            '10.77.1.13',
            '10.77.1.14',
        ]);
        expect(hosts.map((host) => host.namespace)).to.deep.equal([
            'spn1-milla',
            'spn1-millb',
            'spn1-millc',
            'spn1-milld',
        ]);
        expect(netnsBridge(1000)).to.deep.equal({ name: 'spn1-br', address: '10.77.1.1', prefixLength: 24 });
        for (const host of hosts) {
            expect(host.tlsHosts).to.include.members([host.name, host.address]);
            expect(host.listen).to.equal(host.address);
        }
    });

    it('keeps every mill on 127.0.0.1 in the loopback layout, the default', function () {
        const config = loadNetworkConfig(networkFile, 1000);
        expect(config.layout).to.equal('loopback');
        expect(config.mills.map((mill) => mill.host.name)).to.deep.equal(['127.0.0.1', '127.0.0.1', '127.0.0.1']);
        expect(config.mills.every((mill) => mill.host.namespace === undefined)).to.equal(true);
    });

    it('refuses a port offset that names no subnet of its own', function () {
        expect(codeOf(() => loadNetworkConfig(networkFile, 1500, [], 'netns'))).to.equal('CONFIG_INVALID');
        expect(codeOf(() => loadNetworkConfig(networkFile, -1000, [], 'netns'))).to.equal('CONFIG_INVALID');
    });

    it('reads SPINDLE_LAYOUT and refuses a layout it does not know', function () {
        expect(layoutFromEnv(undefined)).to.equal('loopback');
        expect(layoutFromEnv('netns')).to.equal('netns');
        expect(codeOf(() => layoutFromEnv('docker'))).to.equal('CONFIG_INVALID');
    });

    it('reads SPINDLE_WAN: auto by default, off, or a delay that must be made', function () {
        expect(wanFromEnv(undefined)).to.deep.equal({
            kind: 'auto',
            wan: { delayMs: 20, jitterMs: 4, lossPercent: 0.1 },
        });
        expect(wanFromEnv('off')).to.deep.equal({ kind: 'off' });
        expect(wanFromEnv('30ms/5ms/0.2%')).to.deep.equal({
            kind: 'required',
            wan: { delayMs: 30, jitterMs: 5, lossPercent: 0.2 },
        });
        expect(codeOf(() => wanFromEnv('30 ms'))).to.equal('CONFIG_INVALID');
    });

    it("lists every mill's host in the hosts file of the view and of each namespace", function () {
        const text = hostsFileText(loadNetworkConfig(networkFile, 0, [], 'netns'));
        expect(text).to.contain('10.77.0.11\tmilla.spindle.test');
        expect(text).to.contain('10.77.0.14\tmilld.spindle.test');
        expect(text).to.contain(readFileSync('/etc/hosts', 'utf8').trimEnd());
    });

    it("writes peers whose endpoints other mills dial by name, never 127.0.0.1, listening on the mill's address", function () {
        const scratch = mkdtempSync(join(tmpdir(), 'spindle-netns-'));
        const sampleDir = join(scratch, 'sampleconfig');
        mkdirSync(sampleDir);
        writeFileSync(join(sampleDir, 'core.yaml'), 'peer:\n  gossip: {}\noperations: {}\n');
        const ctx = withLayout('netns', '2000', () => loadContext(resolvePaths(undefined, join(scratch, 'run'))));
        const [millB] = ctx.config.mills.slice(1);
        writePeerConfig(ctx, millB!, sampleDir);
        const written = parse(readFileSync(join(ctx.folders(millB!).peer.config, 'core.yaml'), 'utf8')) as {
            peer: { address: string; listenAddress: string; gossip: { externalEndpoint: string; bootstrap: string } };
        };
        expect(written.peer.address).to.equal('millb.spindle.test:9251');
        expect(written.peer.gossip.externalEndpoint).to.equal('millb.spindle.test:9251');
        expect(written.peer.gossip.bootstrap).to.equal('millb.spindle.test:9251');
        expect(written.peer.listenAddress).to.equal('10.77.2.12:9251');
        expect(ctx.paths.runDir).to.equal(join(scratch, 'run'));
    });

    it('keeps a run folder of its own, so it never shares one with a loopback network', function () {
        const saved = process.env.SPINDLE_RUN_DIR;
        delete process.env.SPINDLE_RUN_DIR;
        try {
            expect(withLayout('netns', '0', () => resolvePaths().runDir)).to.match(/\/run-netns$/);
            expect(withLayout('loopback', '0', () => resolvePaths().runDir)).to.match(/\/run$/);
        } finally {
            if (saved !== undefined) {
                process.env.SPINDLE_RUN_DIR = saved;
            }
        }
    });
});
