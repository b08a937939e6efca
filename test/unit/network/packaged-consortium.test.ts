import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';

import { loadContext, packagedConsortium, prepareRelease, recordJoinedMill, resolvePaths } from '@spindle/network';

const SOURCE_MANIFEST = JSON.parse(readFileSync(resolvePaths().chaincodeConsortiumFile, 'utf8')) as {
    mills: unknown[];
};

describe('the consortium manifest a chaincode release carries', function () {
    this.timeout(60_000);
    let scratch: string;

    beforeEach(function () {
        scratch = mkdtempSync(join(tmpdir(), 'spindle-release-'));
    });

    afterEach(function () {
        rmSync(scratch, { recursive: true, force: true });
    });

    it("lists the genesis block's three mills as the chaincode's source does", function () {
        const ctx = loadContext(resolvePaths(undefined, join(scratch, 'run')));
        expect(packagedConsortium(ctx).mills).to.deep.equal(SOURCE_MANIFEST.mills);
    });

    it('knows MillD once it joined: the release is new code (another label and version), its manifest, collections and policy name MillD', async function () {
        const paths = resolvePaths(undefined, join(scratch, 'run'));
        const founding = await prepareRelease(loadContext(paths));
        recordJoinedMill(paths, 'MillD');
        const members = loadContext(paths);
        const joined = await prepareRelease(members);

        expect(joined.label).not.to.equal(founding.label);
        expect(joined.version.split('-')[1]).not.to.equal(founding.version.split('-')[1]);
        const manifest = JSON.parse(readFileSync(join(joined.codeDir, 'dist', 'consortium.json'), 'utf8')) as {
            mills: { mspId: string; machineIdSuffix: string }[];
        };
        expect(manifest.mills.map((mill) => `${mill.mspId}:${mill.machineIdSuffix}`)).to.deep.equal([
            'MillAMSP:a',
            'MillBMSP:b',
            'MillCMSP:c',
            'MillDMSP:d',
        ]);
        const collections = JSON.parse(readFileSync(joined.collectionsFile, 'utf8')) as { name: string }[];
        expect(collections.map((collection) => collection.name)).to.include('mill-MillDMSP');
        expect(joined.endorsementPolicy).to.match(/^OutOf\(3, .*'MillDMSP\.peer'\)$/);
        // The founding release's code is untouched: a network that never saw MillD keeps it.
        const before = JSON.parse(readFileSync(join(founding.codeDir, 'dist', 'consortium.json'), 'utf8')) as {
            mills: unknown[];
        };
        expect(before.mills).to.have.length(3);
    });
});
