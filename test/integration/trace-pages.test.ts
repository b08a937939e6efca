import { expect } from 'chai';
import { z } from 'zod';
import { genealogyGraphSchema } from '@spindle/chaincode/protocol';
import { MaterialLedgerClient, localIdentity, openLocalSession, type SpindleGateway } from '@spindle/client';

import { testNetwork } from '../support/local-network';
import { readyMachine } from '../support/machines';
import { spindle } from '../support/spindle-cli';

const unique = (prefix: string) =>
    `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;

/**
 * One bale opened into 32 laps, each carded into 32 slivers, 32 of which are combed into 32 yarns
 * each: 2,081 lots downstream of the bale from 66 transactions, past the 2,000 lots a trace
 * used to stop at.
 */
async function wideGenealogy(session: SpindleGateway): Promise<{ bale: string; lots: number }> {
    const material = new MaterialLedgerClient(session);
    const run = unique('w');
    const bale = `bale-${run}`;
    await material.createLot({ lotId: bale, quantityGrams: 2_048_000, origin: 'Punjab', grade: 'Shankar-6' });
    const split = (
        transformId: string,
        machineId: string,
        processStep: 'opening' | 'carding' | 'combing',
        input: { lotId: string; grams: number },
        form: 'lap' | 'sliver' | 'combed-yarn',
        prefix: string,
    ) =>
        material.transform({
            transformId,
            machineId,
            processStep,
            inputs: [{ lotId: input.lotId, quantityGrams: input.grams }],
            outputs: Array.from({ length: 32 }, (_, index) => ({
                lotId: `${prefix}-${index}`,
                form,
                quantityGrams: Math.floor(input.grams / 32),
            })),
            tolerancePermille: 30,
            quality: {},
        });
    await split(`open-${run}`, 'blow-room-a1', 'opening', { lotId: bale, grams: 2_048_000 }, 'lap', `lap-${run}`);
    await Promise.all(
        Array.from({ length: 32 }, (_, lap) =>
            split(
                `card-${run}-${lap}`,
                'carding-a2',
                'carding',
                { lotId: `lap-${run}-${lap}`, grams: 64_000 },
                'sliver',
                `sl-${run}-${lap}`,
            ),
        ),
    );
    await Promise.all(
        Array.from({ length: 32 }, (_, index) => {
            const sliver = `sl-${run}-${Math.floor(index / 32)}-${index % 32}`;
            return split(
                `comb-${run}-${index}`,
                'comber-a1',
                'combing',
                { lotId: sliver, grams: 2_000 },
                'combed-yarn',
                `y-${sliver}`,
            );
        }),
    );
    return { bale, lots: 1 + 32 + 32 * 32 + 32 * 32 };
}

describe('a genealogy past the old 2,000-lot cap on the real network', function () {
    this.timeout(600_000);
    let genealogy: { bale: string; lots: number };

    before(async function () {
        const started = Date.now();
        const description = (
            machineType: 'blow-room' | 'carding' | 'comber',
            processStep: 'opening' | 'carding' | 'combing',
        ) =>
            ({
                ownerMspId: 'MillAMSP',
                machineType,
                processStep,
                line: 'line-1',
                vendor: 'Spindle Test Works',
            }) as const;
        for (const [machineId, machineType, step] of [
            ['blow-room-a1', 'blow-room', 'opening'],
            ['carding-a2', 'carding', 'carding'],
            ['comber-a1', 'comber', 'combing'],
        ] as const) {
            const { machine } = await readyMachine(machineId, {
                machineId,
                serialNumber: `sn-${machineId}`,
                ...description(machineType, step),
            });
            machine.close();
        }
        const session = openLocalSession(localIdentity(testNetwork().ctx.paths.runDir, 'milla-operator'));
        try {
            genealogy = await wideGenealogy(session);
        } finally {
            session.close();
        }
        console.log(`      (built ${genealogy.lots} lots in ${Date.now() - started} ms)`);
    });

    it('walks all 2,081 lots downstream of the bale with spindle material trace, page after page', function () {
        const started = Date.now();
        const run = spindle('--json', 'material', 'trace', genealogy.bale, '--downstream', '--page-size', '100');
        expect(run.status, run.stderr).to.equal(0);
        const graph = genealogyGraphSchema.parse(JSON.parse(run.stdout) as unknown);
        expect(new Set(graph.nodes.map((node) => node.lotId)).size).to.equal(genealogy.lots);
        expect(graph.nodes.filter((node) => node.form === 'combed-yarn')).to.have.length(1_024);
        expect(graph.edges).to.have.length(genealogy.lots - 1);
        expect(graph.bookmark).to.equal('');
        console.log(`      (traced in ${Date.now() - started} ms)`);
    });

    it('refuses a tampered continuation token with TRACE_TOKEN_INVALID (exit 30), no stack', async function () {
        const session = openLocalSession(localIdentity(testNetwork().ctx.paths.runDir, 'milla-operator'));
        let token: string;
        try {
            const page = await new MaterialLedgerClient(session).trace({
                lotId: genealogy.bale,
                direction: 'downstream',
                pageSize: 10,
            });
            token = z.string().min(1).parse(page.bookmark);
        } finally {
            session.close();
        }
        const tampered = `${token.slice(0, 8)}${token[8] === 'A' ? 'B' : 'A'}${token.slice(9)}`;
        const run = spindle('material', 'trace', genealogy.bale, '--downstream', '--continue', tampered);
        expect(run.status, run.stderr).to.equal(30);
        expect(run.stderr).to.contain('TRACE_TOKEN_INVALID');
        expect(run.stderr).not.to.match(/\n\s+at /);
    });
});
