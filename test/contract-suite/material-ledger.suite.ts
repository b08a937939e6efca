import { expect } from 'chai';
import { z } from 'zod';
import {
    EVENT_NAMES,
    genealogyGraphSchema,
    historyEntrySchema,
    lotRecordSchema,
    transformRecordSchema,
    type GenealogyGraph,
    type MaterialForm,
    type TransformCommand,
} from '@spindle/chaincode/protocol';
import { adminOf, machineIdentity, operatorOf, suiteMachine } from './fixture';
import type { IdentitySpec } from './harness';
import { expectEvent, type SuiteWorld } from './suite-world';
import { TX } from './transactions';

const lotHistory = z.array(historyEntrySchema(lotRecordSchema));

type Lots = [lotId: string, grams: number][];

/** A transform at a fixture machine, at its own process step. */
function transform(
    transformId: string,
    machineId: string,
    inputs: Lots,
    outputs: [lotId: string, form: MaterialForm, grams: number][],
    tolerancePermille = 100,
): TransformCommand {
    return {
        transformId,
        machineId,
        processStep: suiteMachine(machineId).processStep,
        inputs: inputs.map(([lotId, quantityGrams]) => ({ lotId, quantityGrams })),
        outputs: outputs.map(([lotId, form, quantityGrams]) => ({ lotId, form, quantityGrams })),
        tolerancePermille,
        quality: { moisturePercent: 7.2, neps: 'low' },
    };
}

/** MaterialLedger: lots from bale to package, transforms and genealogy. */
export function describeMaterialLedger(world: () => SuiteWorld): void {
    const operatorA = operatorOf('MillA');

    async function createBale(lotId: string, grams: number, identity: IdentitySpec = operatorA): Promise<void> {
        await world().submit(identity, TX.material.createLot, [
            JSON.stringify({ lotId, quantityGrams: grams, origin: 'Xinjiang', grade: '2129' }),
        ]);
    }

    async function record(identity: IdentitySpec, command: TransformCommand) {
        return world().submit(identity, TX.material.transform, [JSON.stringify(command)]);
    }

    async function refusedTransform(
        code: Parameters<SuiteWorld['refuses']>[0],
        identity: IdentitySpec,
        command: TransformCommand,
    ) {
        await world().refuses(code, () => record(identity, command));
    }

    async function lot(lotId: string) {
        return world().evaluateFor(lotRecordSchema, operatorOf('MillC'), TX.material.getLot, [lotId]);
    }

    async function trace(query: object): Promise<GenealogyGraph> {
        return world().evaluateFor(genealogyGraphSchema, operatorOf('MillB'), TX.material.traceLot, [
            JSON.stringify(query),
        ]);
    }

    describe('MaterialLedger', function () {
        before(async function () {
            await world().activate('blow-room-a1', 'carding-a1', 'ring-frame-a1', 'packer-a1', 'drawing-b1');
            await world().register('winder-a9');
        });

        describe('bales', function () {
            it("creates a bale owned by the operator's mill", async function () {
                const result = await world().submit(operatorA, TX.material.createLot, [
                    JSON.stringify({ lotId: 'bale-m1', quantityGrams: 220_000, origin: 'Punjab', grade: 'Shankar-6' }),
                ]);
                expectEvent(result, EVENT_NAMES.lotCreated, { lotId: 'bale-m1' });
                expect(await lot('bale-m1')).to.include({
                    form: 'bale',
                    ownerMspId: 'MillAMSP',
                    quantityGrams: 220_000,
                    remainingGrams: 220_000,
                    status: 'AVAILABLE',
                });
            });

            it('refuses a bale created by a machine identity', async function () {
                await world().refuses('NOT_AUTHORIZED', () =>
                    createBale('bale-m2', 1000, machineIdentity('blow-room-a1')),
                );
            });

            it('refuses a lot ID that exists', async function () {
                await world().refuses('CONFLICT', () => createBale('bale-m1', 1000, adminOf('MillA')));
            });

            it('refuses a quantity that is not a positive whole number of grams', async function () {
                for (const grams of [0, -5, 1.5]) {
                    await world().refuses('INVALID_ARGUMENT', () => createBale('bale-m3', grams));
                }
            });

            it('refuses a lot ID in upper case or with \\u0000', async function () {
                for (const lotId of ['Bale-M4', 'bale\u0000m4']) {
                    await world().refuses('INVALID_ARGUMENT', () => createBale(lotId, 1000));
                }
            });
        });

        describe('transforms along the spinning flow', function () {
            before(async function () {
                await createBale('bale-t1', 200_000);
                await createBale('bale-t2', 150_000);
            });

            it('turns bales into laps at the blow room and consumes them', async function () {
                const command = transform(
                    'open-t1',
                    'blow-room-a1',
                    [
                        ['bale-t1', 200_000],
                        ['bale-t2', 150_000],
                    ],
                    [
                        ['lap-t1', 'lap', 170_000],
                        ['lap-t2', 'lap', 165_000],
                    ],
                    50,
                );
                const result = await record(machineIdentity('blow-room-a1'), command);
                expectEvent(result, EVENT_NAMES.materialTransformed, {
                    transformId: 'open-t1',
                    machineId: 'blow-room-a1',
                });
                expect(await lot('bale-t1')).to.include({ remainingGrams: 0, status: 'CONSUMED' });
                expect(await lot('lap-t1')).to.include({
                    form: 'lap',
                    remainingGrams: 170_000,
                    producedBy: 'open-t1',
                    machineId: 'blow-room-a1',
                    ownerMspId: 'MillAMSP',
                });
                const stored = await world().evaluateFor(
                    transformRecordSchema,
                    operatorOf('MillB'),
                    TX.material.getTransform,
                    ['open-t1'],
                );
                expect(stored).to.deep.include({
                    inputs: command.inputs,
                    outputs: command.outputs,
                    quality: command.quality,
                });
            });

            it("lets an operator of the machine's mill record a transform", async function () {
                await record(
                    operatorA,
                    transform('card-t1', 'carding-a1', [['lap-t1', 170_000]], [['sliver-t1', 'sliver', 160_000]]),
                );
                expect(await lot('sliver-t1')).to.include({ form: 'sliver', machineId: 'carding-a1' });
            });

            it('consumes a lot partly and leaves the rest AVAILABLE, with every change in its history', async function () {
                await record(
                    operatorA,
                    transform('card-t2', 'carding-a1', [['lap-t2', 100_000]], [['sliver-t2', 'sliver', 95_000]]),
                );
                expect(await lot('lap-t2')).to.include({ remainingGrams: 65_000, status: 'AVAILABLE' });
                const history = await world().evaluateFor(lotHistory, operatorOf('MillC'), TX.material.getLotHistory, [
                    'lap-t2',
                ]);
                expect(history.map((entry) => entry.value?.remainingGrams)).to.deep.equal([65_000, 165_000]);
            });

            it('spins sliver into yarn and packs the yarn', async function () {
                await record(
                    machineIdentity('ring-frame-a1'),
                    transform(
                        'spin-t1',
                        'ring-frame-a1',
                        [['sliver-t1', 160_000]],
                        [['yarn-t1', 'carded-yarn', 155_000]],
                    ),
                );
                await record(
                    machineIdentity('packer-a1'),
                    transform('pack-t1', 'packer-a1', [['yarn-t1', 155_000]], [['package-t1', 'package', 155_000]], 0),
                );
                expect(await lot('package-t1')).to.include({ form: 'package', quantityGrams: 155_000 });
            });

            it('refuses a transform recorded by another mill', async function () {
                await refusedTransform(
                    'NOT_AUTHORIZED',
                    operatorOf('MillB'),
                    transform('card-x1', 'carding-a1', [['lap-t2', 1_000]], [['sliver-x1', 'sliver', 1_000]]),
                );
            });

            it('refuses one machine recording a transform at another', async function () {
                await refusedTransform(
                    'NOT_AUTHORIZED',
                    machineIdentity('blow-room-a1'),
                    transform('card-x2', 'carding-a1', [['lap-t2', 1_000]], [['sliver-x2', 'sliver', 1_000]]),
                );
            });

            it("refuses to consume another mill's lot", async function () {
                await refusedTransform(
                    'NOT_AUTHORIZED',
                    operatorOf('MillB'),
                    transform('draw-x1', 'drawing-b1', [['sliver-t2', 10_000]], [['sliver-x3', 'sliver', 10_000]]),
                );
            });

            it('refuses to consume more than a lot holds', async function () {
                await refusedTransform(
                    'QUANTITY_EXCEEDED',
                    operatorA,
                    transform('card-x3', 'carding-a1', [['lap-t2', 65_001]], [['sliver-x4', 'sliver', 60_000]]),
                );
                await refusedTransform(
                    'QUANTITY_EXCEEDED',
                    operatorA,
                    transform('card-x4', 'carding-a1', [['lap-t1', 1]], [['sliver-x5', 'sliver', 1]]),
                );
            });

            it('refuses outputs heavier than the inputs', async function () {
                await refusedTransform(
                    'CONSERVATION_VIOLATED',
                    operatorA,
                    transform('card-x5', 'carding-a1', [['lap-t2', 10_000]], [['sliver-x6', 'sliver', 10_001]]),
                );
            });

            it('refuses a loss beyond the stated tolerance', async function () {
                await refusedTransform(
                    'CONSERVATION_VIOLATED',
                    operatorA,
                    transform('card-x6', 'carding-a1', [['lap-t2', 10_000]], [['sliver-x7', 'sliver', 8_999]], 100),
                );
            });

            it('refuses a form change the spinning flow does not make', async function () {
                await refusedTransform(
                    'INVALID_ARGUMENT',
                    operatorA,
                    transform('card-x7', 'carding-a1', [['lap-t2', 10_000]], [['package-x1', 'package', 10_000]]),
                );
            });

            it('refuses a process step the machine does not serve', async function () {
                const command = {
                    ...transform('card-x8', 'carding-a1', [['lap-t2', 1_000]], [['sliver-x8', 'sliver', 1_000]]),
                };
                await refusedTransform('INVALID_ARGUMENT', operatorA, { ...command, processStep: 'combing' });
            });

            it('refuses a machine that is not ACTIVE', async function () {
                await refusedTransform(
                    'STATE_INVALID',
                    operatorA,
                    transform('wind-x1', 'winder-a9', [['yarn-t1', 1]], [['package-x2', 'package', 1]]),
                );
            });

            it('refuses an unregistered machine and a missing input lot', async function () {
                const atUnknown = transform(
                    'card-x9',
                    'carding-a1',
                    [['lap-t2', 1_000]],
                    [['sliver-x9', 'sliver', 1_000]],
                );
                await refusedTransform('NOT_FOUND', operatorA, { ...atUnknown, machineId: 'carding-a7' });
                await refusedTransform(
                    'NOT_FOUND',
                    operatorA,
                    transform('card-x10', 'carding-a1', [['lap-x0', 1_000]], [['sliver-x10', 'sliver', 1_000]]),
                );
            });

            it('refuses a transform ID or an output lot ID that exists', async function () {
                await refusedTransform(
                    'CONFLICT',
                    operatorA,
                    transform('card-t1', 'carding-a1', [['lap-t2', 1_000]], [['sliver-x11', 'sliver', 1_000]]),
                );
                await refusedTransform(
                    'CONFLICT',
                    operatorA,
                    transform('card-x12', 'carding-a1', [['lap-t2', 1_000]], [['sliver-t1', 'sliver', 1_000]]),
                );
            });

            it('refuses a lot named twice in one transform', async function () {
                await refusedTransform(
                    'INVALID_ARGUMENT',
                    operatorA,
                    transform(
                        'card-x13',
                        'carding-a1',
                        [
                            ['lap-t2', 1_000],
                            ['lap-t2', 1_000],
                        ],
                        [['sliver-x13', 'sliver', 2_000]],
                    ),
                );
            });
        });

        describe('genealogy', function () {
            it('traces a package upstream to its bales as a graph', async function () {
                const graph = await trace({ lotId: 'package-t1', direction: 'upstream' });
                expect(graph.nodes.map((node) => [node.lotId, node.depth])).to.deep.equal([
                    ['package-t1', 0],
                    ['yarn-t1', 1],
                    ['sliver-t1', 2],
                    ['lap-t1', 3],
                    ['bale-t1', 4],
                    ['bale-t2', 4],
                ]);
                expect(graph.edges).to.deep.include.members([
                    { from: 'yarn-t1', to: 'package-t1', transformId: 'pack-t1' },
                    { from: 'bale-t2', to: 'lap-t1', transformId: 'open-t1' },
                ]);
                expect(graph.bookmark).to.equal('');
            });

            it('traces a bale downstream to its packages', async function () {
                const graph = await trace({ lotId: 'bale-t2', direction: 'downstream' });
                expect(graph.nodes.map((node) => node.lotId)).to.have.members([
                    'bale-t2',
                    'lap-t1',
                    'lap-t2',
                    'sliver-t1',
                    'sliver-t2',
                    'yarn-t1',
                    'package-t1',
                ]);
            });

            it('stops at the depth limit', async function () {
                const graph = await trace({ lotId: 'package-t1', direction: 'upstream', maxDepth: 2 });
                expect(graph.nodes.map((node) => node.lotId)).to.deep.equal(['package-t1', 'yarn-t1', 'sliver-t1']);
                expect(graph.edges.every((edge) => edge.to !== 'sliver-t1')).to.equal(true);
            });

            it('pages through a trace with continuation tokens', async function () {
                const whole = await trace({ lotId: 'bale-t2', direction: 'downstream' });
                const paged = new Set<string>();
                let bookmark = '';
                do {
                    const page = await trace({ lotId: 'bale-t2', direction: 'downstream', pageSize: 2, bookmark });
                    expect(page.nodes.length).to.be.at.most(2);
                    page.nodes.forEach((node) => paged.add(node.lotId));
                    bookmark = page.bookmark;
                } while (bookmark !== '');
                expect([...paged]).to.have.members(whole.nodes.map((node) => node.lotId));
            });

            it('refuses a continuation token of another trace with TRACE_TOKEN_INVALID', async function () {
                const page = await trace({ lotId: 'bale-t2', direction: 'downstream', pageSize: 2 });
                await world().refuses('TRACE_TOKEN_INVALID', () =>
                    world().harness.evaluate(operatorA, TX.material.traceLot, [
                        JSON.stringify({
                            lotId: 'bale-t2',
                            direction: 'downstream',
                            maxDepth: 3,
                            bookmark: page.bookmark,
                        }),
                    ]),
                );
            });

            it('answers NOT_FOUND for an unknown lot and INVALID_ARGUMENT for a bad query', async function () {
                await world().refuses('NOT_FOUND', () =>
                    world().harness.evaluate(operatorA, TX.material.traceLot, [
                        JSON.stringify({ lotId: 'bale-x9', direction: 'upstream' }),
                    ]),
                );
                await world().refuses('INVALID_ARGUMENT', () =>
                    world().harness.evaluate(operatorA, TX.material.traceLot, [
                        JSON.stringify({ lotId: 'bale-t1', direction: 'sideways' }),
                    ]),
                );
            });
        });
    });
}
