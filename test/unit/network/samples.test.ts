import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';

import {
    type CollectionDefinition,
    loadContext,
    mapMills,
    parseMillMappingOption,
    readGatewayProfile,
    resolvePaths,
    writeSamplesDeployment,
} from '@spindle/network';

describe("deployment files for the Fabric samples' test network", function () {
    this.timeout(120_000);

    it('writes a self-contained chaincode folder, collections mapped onto Org1..Org3, a deploy script with the majority policy, and gateway profiles', async function () {
        const scratch = mkdtempSync(join(tmpdir(), 'spindle-samples-'));
        const ctx = loadContext(resolvePaths(undefined, join(scratch, 'run')));
        const outcome = await writeSamplesDeployment(ctx, join(scratch, 'out'), '/opt/fabric-samples/test-network');

        for (const file of ['Dockerfile', 'package.json', 'package-lock.json', join('dist', 'index.js')]) {
            expect(existsSync(join(outcome.chaincodeDir, file)), file).to.equal(true);
        }
        const lock = JSON.parse(readFileSync(join(outcome.chaincodeDir, 'package-lock.json'), 'utf8')) as {
            packages: Record<string, unknown>;
        };
        // The lock resolves the chaincode's own dependencies, not the monorepo's workspaces.
        expect(lock.packages).to.have.property('node_modules/fabric-contract-api');
        expect(Object.keys(lock.packages).some((path) => path.includes('@spindle/'))).to.equal(false);
        expect(readFileSync(join(outcome.chaincodeDir, 'Dockerfile'), 'utf8')).to.match(
            /fabric-chaincode-node server --chaincode-address=\$\{CHAINCODE_SERVER_ADDRESS\} --chaincode-id=\$\{CHAINCODE_ID\}/,
        );

        const chaincodeMills = (
            JSON.parse(readFileSync(join(outcome.chaincodeDir, 'dist', 'consortium.json'), 'utf8')) as {
                mills: { name: string; mspId: string }[];
            }
        ).mills.map((mill) => `${mill.name}=${mill.mspId}`);
        expect(chaincodeMills).to.deep.equal(['MillA=Org1MSP', 'MillB=Org2MSP', 'MillC=Org3MSP']);

        const collections = JSON.parse(readFileSync(outcome.collectionsFile, 'utf8')) as CollectionDefinition[];
        const byName = new Map(collections.map((collection) => [collection.name, collection]));
        expect(byName.get('mill-Org1MSP')?.policy).to.equal("OR('Org1MSP.member')");
        expect(byName.get('mill-Org2MSP')?.endorsementPolicy.signaturePolicy).to.equal(
            "AND('Org2MSP.peer', OR('Org1MSP.peer', 'Org3MSP.peer'))",
        );
        expect(byName.get('mill-Org3MSP')?.policy).to.equal("OR('Org3MSP.member')");
        expect(collections).to.have.length(ctx.consortium.mills.length);

        // Spindle's own endorsement policy, never the samples' channel default (any one organisation).
        expect(outcome.endorsementPolicy).to.equal("OutOf(2,'Org1MSP.peer','Org2MSP.peer','Org3MSP.peer')");
        const script = readFileSync(outcome.deployScript, 'utf8');
        expect(script).to.include(`./network.sh deployCCAAS -c mychannel -ccn spindle -ccp "${outcome.chaincodeDir}"`);
        expect(script).to.include(`-cccg "${outcome.collectionsFile}"`);
        expect(script).to.include(`-ccep "OutOf(2,'Org1MSP.peer','Org2MSP.peer','Org3MSP.peer')"`);

        const org1 = readGatewayProfile(outcome.profiles[0]!);
        expect(org1).to.include({ mspId: 'Org1MSP', peerEndpoint: 'localhost:7051', channel: 'mychannel' });
        expect(org1.tlsRootCertificate).to.equal(
            '/opt/fabric-samples/test-network/organizations/peerOrganizations/org1.example.com/peers/peer0.org1.example.com/tls/ca.crt',
        );
        expect(org1.identities.operator?.certificate).to.match(/User1@org1\.example\.com-cert\.pem$/);
    });
});

describe("mills mapped onto a test network's organisations", function () {
    const mills = ['MillA', 'MillB', 'MillC'];
    const defaults = { MillA: 'Org1MSP', MillB: 'Org2MSP', MillC: 'Org3MSP' };
    const codeOf = (action: () => unknown): string | undefined => {
        try {
            action();
        } catch (error) {
            return (error as { code?: string }).code;
        }
        return undefined;
    };

    it('leaves out a mill whose default organisation the network lacks, instead of naming Org3MSP', function () {
        const mapping = mapMills(mills, ['Org1MSP', 'Org2MSP'], defaults);
        expect(mapping.mspIdOfMill).to.deep.equal({ MillA: 'Org1MSP', MillB: 'Org2MSP' });
        expect(mapping.leftOut.map((entry) => entry.mill)).to.deep.equal(['MillC']);
    });

    it("deploys exactly the mills the user's --orgs names, onto the organisations it names", function () {
        const requested = parseMillMappingOption('MillC=Org1MSP, MillA=Org2MSP');
        const mapping = mapMills(mills, ['Org1MSP', 'Org2MSP'], defaults, requested);
        expect(mapping.mspIdOfMill).to.deep.equal({ MillA: 'Org2MSP', MillC: 'Org1MSP' });
        expect(mapping.leftOut.map((entry) => entry.mill)).to.deep.equal(['MillB']);
    });

    it('refuses an organisation the network does not have, two mills on one organisation, or a malformed entry', function () {
        const network = ['Org1MSP', 'Org2MSP'];
        expect(codeOf(() => mapMills(mills, network, defaults, { MillA: 'Org3MSP' }))).to.equal('CONFIG_INVALID');
        expect(codeOf(() => mapMills(mills, network, defaults, { MillA: 'Org1MSP', MillB: 'Org1MSP' }))).to.equal(
            'CONFIG_INVALID',
        );
        expect(codeOf(() => mapMills(mills, network, defaults, { MillZ: 'Org1MSP' }))).to.equal('CONFIG_INVALID');
        expect(codeOf(() => parseMillMappingOption('MillA:Org1MSP'))).to.equal('CONFIG_INVALID');
        expect(codeOf(() => mapMills(mills, ['OrgXMSP'], defaults))).to.equal('CONFIG_INVALID');
    });
});
