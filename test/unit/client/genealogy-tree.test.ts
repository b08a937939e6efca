import { expect } from 'chai';
import { ERROR_CODES, type GenealogyGraph } from '@spindle/chaincode/protocol';

import { EXIT_CODES, exitCodeOf, genealogyTree } from '@spindle/client';

describe('the genealogy tree the CLI and the report print', function () {
    const upstream: GenealogyGraph = {
        root: 'package-1',
        direction: 'upstream',
        bookmark: '',
        nodes: [
            { lotId: 'package-1', form: 'package', quantityGrams: 900, depth: 0 },
            { lotId: 'yarn-1', form: 'carded-yarn', quantityGrams: 950, depth: 1 },
            { lotId: 'bale-1', form: 'bale', quantityGrams: 500, depth: 2 },
            { lotId: 'bale-2', form: 'bale', quantityGrams: 500, depth: 2 },
        ],
        edges: [
            { from: 'yarn-1', to: 'package-1', transformId: 'pack-1' },
            { from: 'bale-1', to: 'yarn-1', transformId: 'spin-1' },
            { from: 'bale-2', to: 'yarn-1', transformId: 'spin-1' },
        ],
    };

    it('draws an upstream trace from the package down to every bale', function () {
        expect(genealogyTree(upstream)).to.deep.equal([
            'package-1 (package, 900 g)',
            '└─ yarn-1 (carded-yarn, 950 g) via pack-1',
            '   ├─ bale-1 (bale, 500 g) via spin-1',
            '   └─ bale-2 (bale, 500 g) via spin-1',
        ]);
    });

    it('draws a downstream trace from a bale to its packages', function () {
        const downstream: GenealogyGraph = { ...upstream, root: 'bale-1', direction: 'downstream' };
        expect(genealogyTree(downstream)).to.deep.equal([
            'bale-1 (bale, 500 g)',
            '└─ yarn-1 (carded-yarn, 950 g) via spin-1',
            '   └─ package-1 (package, 900 g) via pack-1',
        ]);
    });

    it('prints a lot reached twice once and refers to it after', function () {
        const diamond: GenealogyGraph = {
            ...upstream,
            edges: [
                { from: 'yarn-1', to: 'package-1', transformId: 'pack-1' },
                { from: 'bale-1', to: 'package-1', transformId: 'pack-1' },
                { from: 'bale-1', to: 'yarn-1', transformId: 'spin-1' },
            ],
        };
        const lines = genealogyTree(diamond);
        expect(lines.filter((line) => line.includes('bale-1'))).to.have.length(2);
        expect(lines.at(-1)).to.match(/bale-1 .* \(see above\)$/);
    });
});

describe('the exit codes of the CLI', function () {
    it('gives every known code its own non-zero status', function () {
        const statuses = Object.values(EXIT_CODES);
        expect(new Set(statuses).size).to.equal(statuses.length);
        expect(statuses).not.to.include(0);
        expect(statuses).not.to.include(1);
    });

    it('gives every protocol error code an exit status, the question codes included', function () {
        const missing = ERROR_CODES.filter((code) => EXIT_CODES[code] === undefined);
        expect(missing).to.deep.equal([]);
        expect([exitCodeOf('QUESTION_INVALID'), exitCodeOf('QUESTION_UNSUPPORTED')]).to.deep.equal([31, 32]);
    });

    it('exits 1 for a code it does not know', function () {
        expect(exitCodeOf('SOMETHING_NEW')).to.equal(1);
        expect(exitCodeOf('NOT_FOUND')).to.equal(3);
    });
});
