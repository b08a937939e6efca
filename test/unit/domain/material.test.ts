import { expect } from 'chai';
import fc from 'fast-check';
import {
    applyTransform,
    assertConserved,
    traceGenealogy,
    type GenealogySource,
    type TransformContext,
} from '@spindle/chaincode/domain';
import {
    FORM_TRANSITIONS,
    MATERIAL_FORMS,
    type LotRecord,
    type MaterialForm,
    type TransformCommand,
} from '@spindle/chaincode/protocol';
import { codeOf } from '../support/code-of';
import { keyPair, machineCaller, machineRecord, staffCaller } from './fixtures';

const AT = '2025-03-02T09:00:00.000Z';
const machine = machineRecord('carding-a1', 'ACTIVE', keyPair().publicKey);

function lot(lotId: string, form: MaterialForm, grams: number, ownerMspId = 'MillAMSP'): LotRecord {
    return {
        lotId,
        form,
        quantityGrams: grams,
        remainingGrams: grams,
        ownerMspId,
        status: 'AVAILABLE',
        createdAt: AT,
        updatedAt: AT,
    };
}

function command(
    from: MaterialForm,
    to: MaterialForm,
    inGrams = 1000,
    outGrams = 950,
    tolerancePermille = 50,
): TransformCommand {
    return {
        transformId: 't1',
        machineId: 'carding-a1',
        processStep: 'carding',
        inputs: [{ lotId: `in-${from}`, quantityGrams: inGrams }],
        outputs: [{ lotId: `out-${to}`, form: to, quantityGrams: outGrams }],
        tolerancePermille,
        quality: {},
    };
}

function context(inputs: LotRecord[], overrides: Partial<TransformContext> = {}): TransformContext {
    return {
        machine,
        inputs: new Map(inputs.map((input) => [input.lotId, input])),
        existingOutputs: new Set(),
        transformExists: false,
        caller: machineCaller(machine),
        at: AT,
        transactionId: 'f'.repeat(64),
        ...overrides,
    };
}

describe('material rules', function () {
    it('conserves quantities: passes exactly when nothing is gained and the loss is within the tolerance', function () {
        fc.assert(
            fc.property(
                fc.integer({ min: 1, max: 10_000_000_000 }),
                fc.integer({ min: 1, max: 10_000_000_000 }),
                fc.integer({ min: 0, max: 250 }),
                (input, output, tolerance) => {
                    const allowed = output <= input && (input - output) * 1000 <= input * tolerance;
                    expect(
                        codeOf(() => {
                            assertConserved(input, output, tolerance);
                        }),
                    ).to.equal(allowed ? undefined : 'CONSERVATION_VIOLATED');
                },
            ),
        );
    });

    for (const from of MATERIAL_FORMS) {
        for (const to of MATERIAL_FORMS) {
            const allowed = FORM_TRANSITIONS[from].includes(to);
            it(`${allowed ? 'turns' : 'refuses to turn'} ${from} into ${to}`, function () {
                const result = () => applyTransform(command(from, to), context([lot(`in-${from}`, from, 1000)]));
                expect(codeOf(result)).to.equal(allowed ? undefined : 'INVALID_ARGUMENT');
            });
        }
    }

    it('refuses inputs of mixed forms', function () {
        const mixed = {
            ...command('lap', 'sliver'),
            inputs: [
                { lotId: 'a', quantityGrams: 500 },
                { lotId: 'b', quantityGrams: 500 },
            ],
        };
        expect(codeOf(() => applyTransform(mixed, context([lot('a', 'lap', 500), lot('b', 'bale', 500)])))).to.equal(
            'INVALID_ARGUMENT',
        );
    });

    it('consumes inputs, produces outputs and links every input to every output', function () {
        const result = applyTransform(command('lap', 'sliver', 400, 390), context([lot('in-lap', 'lap', 1000)]));
        expect(result.consumed).to.deep.equal([{ ...lot('in-lap', 'lap', 1000), remainingGrams: 600 }]);
        expect(result.produced[0]).to.include({
            lotId: 'out-sliver',
            remainingGrams: 390,
            producedBy: 't1',
            machineId: 'carding-a1',
        });
        expect(result.edges).to.deep.equal([{ from: 'in-lap', to: 'out-sliver', transformId: 't1' }]);
    });

    it('marks a lot consumed to its last gram CONSUMED', function () {
        const result = applyTransform(command('lap', 'sliver', 1000, 990), context([lot('in-lap', 'lap', 1000)]));
        expect(result.consumed[0]).to.include({ remainingGrams: 0, status: 'CONSUMED' });
    });

    it("accepts an operator of the machine's mill and refuses other mills and other machines", function () {
        const lap = [lot('in-lap', 'lap', 1000)];
        expect(
            codeOf(() =>
                applyTransform(command('lap', 'sliver'), context(lap, { caller: staffCaller('MillAMSP', 'operator') })),
            ),
        ).to.equal(undefined);
        for (const caller of [
            staffCaller('MillBMSP', 'operator'),
            staffCaller('MillAMSP', undefined),
            machineCaller(machineRecord('carding-a2', 'ACTIVE', keyPair().publicKey)),
        ]) {
            expect(codeOf(() => applyTransform(command('lap', 'sliver'), context(lap, { caller })))).to.equal(
                'NOT_AUTHORIZED',
            );
        }
    });

    it('walks a diamond genealogy once per lot, depth first', async function () {
        const lots = new Map(
            [
                ['p', 'package'],
                ['y1', 'carded-yarn'],
                ['y2', 'carded-yarn'],
                ['s', 'sliver'],
            ].map(([id, form]) => [id, lot(id ?? '', form as MaterialForm, 10)]),
        );
        const parents: Record<string, string[]> = { p: ['y1', 'y2'], y1: ['s'], y2: ['s'], s: [] };
        const source: GenealogySource = {
            lot: (lotId) => Promise.resolve(lots.get(lotId)),
            neighbours: (lotId) =>
                Promise.resolve((parents[lotId] ?? []).map((parent) => ({ lotId: parent, transformId: `t-${lotId}` }))),
        };
        const graph = await traceGenealogy(
            { lotId: 'p', direction: 'upstream', maxDepth: 8, pageSize: 10, bookmark: '' },
            source,
        );
        expect(graph.nodes.map((node) => [node.lotId, node.depth])).to.deep.equal([
            ['p', 0],
            ['y1', 1],
            ['s', 2],
            ['y2', 1],
        ]);
        expect(graph.edges).to.have.length(4);
    });

    it('traces a chain 64 transforms deep, reading each lot and its parents once', async function () {
        const depth = 64;
        const id = (level: number) => `l${level}`;
        const reads = { lots: new Map<string, number>(), neighbours: new Map<string, number>() };
        const count = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
        const source: GenealogySource = {
            lot: (lotId) => {
                count(reads.lots, lotId);
                return Promise.resolve(lot(lotId, 'sliver', 10));
            },
            neighbours: (lotId) => {
                count(reads.neighbours, lotId);
                const level = Number(lotId.slice(1));
                return Promise.resolve(level < depth ? [{ lotId: id(level + 1), transformId: `t${level}` }] : []);
            },
        };
        const graph = await traceGenealogy(
            { lotId: id(0), direction: 'upstream', maxDepth: depth, pageSize: 100, bookmark: '' },
            source,
        );
        expect(graph.nodes.map((node) => node.depth)).to.deep.equal(Array.from({ length: depth + 1 }, (_, i) => i));
        expect(graph.edges).to.have.length(depth);
        expect([...reads.lots.values()].every((times) => times === 1)).to.equal(true);
        expect([...reads.neighbours.values()].every((times) => times === 1)).to.equal(true);
        expect(reads.neighbours.size).to.equal(depth);
    });

    it("reads only the root lot when the edges carry their far lots' form and quantity", async function () {
        const lotReads: string[] = [];
        const chain = ['y', 's', 'l', 'b'];
        const source: GenealogySource = {
            lot: (lotId) => {
                lotReads.push(lotId);
                return Promise.resolve(lot(lotId, 'combed-yarn', 10));
            },
            neighbours: (lotId) => {
                const parent = chain[chain.indexOf(lotId) + 1];
                return Promise.resolve(
                    parent === undefined
                        ? []
                        : [{ lotId: parent, transformId: `t-${lotId}`, summary: { form: 'sliver', quantityGrams: 7 } }],
                );
            },
        };
        const graph = await traceGenealogy(
            { lotId: 'y', direction: 'upstream', maxDepth: 8, pageSize: 10, bookmark: '' },
            source,
        );
        expect(lotReads).to.deep.equal(['y']);
        expect(graph.nodes.map((node) => [node.lotId, node.form, node.quantityGrams, node.depth])).to.deep.equal([
            ['y', 'combed-yarn', 10, 0],
            ['s', 'sliver', 7, 1],
            ['l', 'sliver', 7, 2],
            ['b', 'sliver', 7, 3],
        ]);
    });
});
