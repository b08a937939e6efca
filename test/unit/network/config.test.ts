import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';

import { loadConsortium, loadNetworkConfig, portOffsetFromEnv, resolvePaths } from '@spindle/network';

function writeJson(value: unknown): string {
    const file = join(mkdtempSync(join(tmpdir(), 'spindle-config-')), 'config.json');
    writeFileSync(file, JSON.stringify(value));
    return file;
}

function codeOf(work: () => unknown): unknown {
    try {
        work();
    } catch (error) {
        return (error as { code?: unknown }).code;
    }
    return undefined;
}

const ports = (base: number) => ({
    orderer: base,
    peer: base + 1,
    peerChaincode: base + 2,
    ordererAdmin: base + 3,
    ca: base + 4,
    peerOperations: base + 5,
    ordererOperations: base + 6,
    caOperations: base + 7,
    chaincode: base + 8,
    peerProfile: base + 9,
});

const network = {
    channel: 'm2m',
    chaincode: { name: 'spindle', version: '1.0' },
    orderer: { batchTimeout: '250ms', maxMessageCount: 100 },
    mills: [
        { name: 'MillA', mspId: 'MillAMSP', ports: ports(8100) },
        { name: 'MillB', mspId: 'MillBMSP', ports: ports(8200) },
    ],
};

describe('network configuration', function () {
    it('reads the repository topology: three mills with folder keys and distinct ports', function () {
        const config = loadNetworkConfig(resolvePaths().networkConfigFile);
        expect(config.mills.map((mill) => [mill.name, mill.mspId, mill.key])).to.deep.equal([
            ['MillA', 'MillAMSP', 'milla'],
            ['MillB', 'MillBMSP', 'millb'],
            ['MillC', 'MillCMSP', 'millc'],
        ]);
        const all = config.mills.flatMap((mill) => Object.values(mill.ports));
        expect(new Set(all).size).to.equal(all.length);
    });

    it('refuses a port used twice', function () {
        const clash = { ...network, mills: [network.mills[0], { ...network.mills[1], ports: ports(8100) }] };
        expect(codeOf(() => loadNetworkConfig(writeJson(clash)))).to.equal('CONFIG_INVALID');
    });

    it('refuses a privileged port, an unknown field and a file that is not JSON', function () {
        const privileged = { ...network, mills: [{ ...network.mills[0], ports: { ...ports(8100), peer: 80 } }] };
        expect(codeOf(() => loadNetworkConfig(writeJson(privileged)))).to.equal('CONFIG_INVALID');
        expect(codeOf(() => loadNetworkConfig(writeJson({ ...network, extra: true })))).to.equal('CONFIG_INVALID');
        const garbage = join(mkdtempSync(join(tmpdir(), 'spindle-config-')), 'broken.json');
        writeFileSync(garbage, '{ not json');
        expect(codeOf(() => loadNetworkConfig(garbage))).to.equal('CONFIG_INVALID');
    });

    it('moves every port by the offset of SPINDLE_PORT_OFFSET, and refuses one that leaves the range', function () {
        const moved = loadNetworkConfig(writeJson(network), 1000);
        expect(moved.mills.map((mill) => mill.ports.peer)).to.deep.equal([9100 + 1, 9200 + 1]);
        expect(portOffsetFromEnv('')).to.equal(0);
        expect(portOffsetFromEnv('2000')).to.equal(2000);
        expect(codeOf(() => portOffsetFromEnv('ten'))).to.equal('CONFIG_INVALID');
        expect(codeOf(() => loadNetworkConfig(writeJson(network), 60000))).to.equal('CONFIG_INVALID');
    });

    it('refuses a manifest mill the network does not have, or with another MSP ID', function () {
        const config = loadNetworkConfig(writeJson(network));
        const unknownMill = { mills: [{ name: 'MillZ', mspId: 'MillZMSP', machines: [] }] };
        expect(codeOf(() => loadConsortium(writeJson(unknownMill), config))).to.equal('CONFIG_INVALID');
        const wrongMsp = { mills: [{ name: 'MillA', mspId: 'MillBMSP', machines: [] }] };
        expect(codeOf(() => loadConsortium(writeJson(wrongMsp), config))).to.equal('CONFIG_INVALID');
    });

    it('refuses a machine listed twice and machine IDs outside the whitelist', function () {
        const config = loadNetworkConfig(writeJson(network));
        const twice = {
            mills: [
                { name: 'MillA', mspId: 'MillAMSP', machines: [{ id: 'carding-1', type: 'carding' }] },
                { name: 'MillB', mspId: 'MillBMSP', machines: [{ id: 'carding-1', type: 'carding' }] },
            ],
        };
        expect(codeOf(() => loadConsortium(writeJson(twice), config))).to.equal('CONFIG_INVALID');
        for (const id of ['Carding-1', 'carding\u00001', '-carding', 'a'.repeat(64)]) {
            const bad = { mills: [{ name: 'MillA', mspId: 'MillAMSP', machines: [{ id, type: 'carding' }] }] };
            expect(
                codeOf(() => loadConsortium(writeJson(bad), config)),
                id,
            ).to.equal('CONFIG_INVALID');
        }
    });

    it("refuses a machine outside its mill's namespace in the chaincode's consortium", function () {
        const config = loadNetworkConfig(writeJson(network));
        const { chaincodeConsortiumFile } = resolvePaths();
        const manifest = (millName: string, mspId: string, id: string) => ({
            mills: [{ name: millName, mspId, machines: [{ id, type: 'carding' }] }],
        });
        expect(() =>
            loadConsortium(writeJson(manifest('MillA', 'MillAMSP', 'carding-a7')), config, chaincodeConsortiumFile),
        ).not.to.throw();
        expect(
            codeOf(() =>
                loadConsortium(writeJson(manifest('MillA', 'MillAMSP', 'carding-b7')), config, chaincodeConsortiumFile),
            ),
        ).to.equal('CONFIG_INVALID');
        expect(
            codeOf(() =>
                loadConsortium(writeJson(manifest('MillA', 'MillAMSP', 'carding-7')), config, chaincodeConsortiumFile),
            ),
        ).to.equal('CONFIG_INVALID');
    });

    it("takes a founding mill's machine ID suffix from the chaincode's consortium and a later mill's from the manifest, refusing a missing, changed or taken one", function () {
        const withD = {
            ...network,
            mills: [...network.mills, { name: 'MillD', mspId: 'MillDMSP', joinsLater: true, ports: ports(8400) }],
        };
        const config = loadNetworkConfig(writeJson(withD));
        const { chaincodeConsortiumFile } = resolvePaths();
        const millD = (machineIdSuffix: string | undefined, id = 'winder-d1') => ({
            name: 'MillD',
            mspId: 'MillDMSP',
            ...(machineIdSuffix === undefined ? {} : { machineIdSuffix }),
            machines: [{ id, type: 'winder' }],
        });
        const millA = (machineIdSuffix?: string) => ({
            name: 'MillA',
            mspId: 'MillAMSP',
            ...(machineIdSuffix === undefined ? {} : { machineIdSuffix }),
            machines: [{ id: 'carding-a1', type: 'carding' }],
        });
        const load = (mills: unknown[]) => loadConsortium(writeJson({ mills }), config, chaincodeConsortiumFile);
        expect(load([millA(), millD('d')]).mills.map((mill) => mill.machineIdSuffix)).to.deep.equal(['a', 'd']);
        expect(load([millA('a')]).mills[0]?.machineIdSuffix).to.equal('a');
        // A mill the chaincode's source does not know must name its namespace.
        expect(codeOf(() => load([millD(undefined)]))).to.equal('CONFIG_INVALID');
        expect(codeOf(() => load([millD('d', 'winder-a9')]))).to.equal('CONFIG_INVALID');
        // MillB's suffix, though MillB is not in this manifest: the chaincode's source has it.
        expect(codeOf(() => load([millD('b', 'winder-b9')]))).to.equal('CONFIG_INVALID');
        expect(codeOf(() => load([millA('x')]))).to.equal('CONFIG_INVALID');
    });

    it('refuses a manifest machine type outside the vocabulary, naming the accepted types', function () {
        const config = loadNetworkConfig(writeJson(network));
        const manifest = (type: string) => ({
            mills: [{ name: 'MillA', mspId: 'MillAMSP', machines: [{ id: 'loom-a1', type }] }],
        });
        let message = '';
        try {
            loadConsortium(writeJson(manifest('loom')), config);
        } catch (error) {
            expect((error as { code?: unknown }).code).to.equal('CONFIG_INVALID');
            message = (error as Error).message;
        }
        expect(message).to.contain('loom').and.to.contain('roving-frame').and.to.contain('blow-room');
    });

    it('reads an alias of a manifest machine type as its canonical type', function () {
        const config = loadNetworkConfig(writeJson(network));
        const manifest = {
            mills: [{ name: 'MillA', mspId: 'MillAMSP', machines: [{ id: 'roving-a1', type: 'roving' }] }],
        };
        expect(loadConsortium(writeJson(manifest), config).mills[0]?.machines[0]?.type).to.equal('roving-frame');
    });
});
