import { expect } from 'chai';

import { type NetworkContext, committedDefinition, down, up } from '@spindle/network';

import { testNetwork } from '../support/local-network';
import { readyMachine } from '../support/machines';
import { type CliRun, spindle } from '../support/spindle-cli';

/** The network laid out as releases before 1.1 deployed it: one collection per machine. */
function perMachineLayout(ctx: NetworkContext): NetworkContext {
    return { ...ctx, config: { ...ctx.config, chaincode: { ...ctx.config.chaincode, privateAreas: 'machine' } } };
}

/** A CLI run's `--json` answer, after checking it exited 0. */
function json(run: CliRun): unknown {
    expect(run.status, run.stderr).to.equal(0);
    return JSON.parse(run.stdout);
}

interface Inbox {
    messages: { content: string }[];
}

interface Verification {
    ok: boolean;
    length: number;
    headHash: string;
}

interface Migration {
    machines: { machineId: string; moved: number; skipped?: string }[];
    moved: number;
}

const send = (content: string) =>
    json(spindle('--json', 'message', 'send', 'carding-a1', 'drawing-b1', '--type', 'download', '--data', content));
const inbox = (...flags: string[]) => json(spindle('--json', 'message', 'inbox', 'drawing-b1', ...flags)) as Inbox;
const verify = () => json(spindle('--json', 'chain', 'verify', 'drawing-b1')) as Verification;

describe('a network of per-machine collections moved to per-mill collections', function () {
    let legacy: { inbox: Inbox; chain: Verification } | undefined;
    let migration: Migration | undefined;
    let sequences: { legacy: number; upgraded: number };

    // Starting afresh wipes the run folder: only a network these suites created may go.
    const canRestart = () => {
        const network = testNetwork();
        return network.startedByTests && network.createdRunDir;
    };

    it('runs a machine chain and its mailboxes on one collection per machine', async function () {
        if (!canRestart()) {
            this.skip();
        }
        this.timeout(20 * 60_000);
        const { ctx } = testNetwork();
        await down(ctx, { wipe: true });
        await up(perMachineLayout(ctx));
        sequences = { legacy: (await committedDefinition(ctx, ctx.config.mills[0]!))?.sequence ?? 0, upgraded: 0 };
        for (const [machineId, ownerMspId, machineType, processStep] of [
            ['carding-a1', 'MillAMSP', 'carding', 'carding'],
            ['drawing-b1', 'MillBMSP', 'drawing', 'drawing'],
        ] as const) {
            const { machine } = await readyMachine(machineId, {
                machineId,
                ownerMspId,
                machineType,
                processStep,
                line: 'line-1',
                vendor: 'Trützschler',
                serialNumber: `sn-${machineId}`,
            });
            machine.close();
        }
        send('order 1: lap weight 68 g/m');
        send('order 2: card speed 180 m/min');
        expect(inbox('--append').messages).to.have.length(2);
        send('order 3: stop for maintenance at 14:00');
        expect(inbox('--append').messages).to.have.length(1);
        send('order 4: resume');
        legacy = { inbox: inbox(), chain: verify() };
        expect(legacy.inbox.messages.map((message) => message.content)).to.deep.equal(['order 4: resume']);
        expect(legacy.chain).to.include({ ok: true, length: 2 });
    });

    it("commits the mill collections, and moves every machine's area with `spindle area migrate`", async function () {
        if (legacy === undefined) {
            this.skip();
        }
        this.timeout(10 * 60_000);
        const { ctx } = testNetwork();
        // `up` on the running network commits the next definition: the mill collections added,
        // every per-machine one kept, as Fabric requires.
        await up(ctx);
        sequences.upgraded = (await committedDefinition(ctx, ctx.config.mills[0]!))?.sequence ?? 0;
        expect(sequences.upgraded).to.equal(sequences.legacy + 1);
        // Until it is moved, the machine's area in its mill's collection is empty.
        expect(inbox().messages).to.deep.equal([]);
        migration = json(spindle('--json', 'area', 'migrate')) as Migration;
        const byMachine = new Map(migration.machines.map((machine) => [machine.machineId, machine]));
        // Two blocks and one inbox entry; four outbox copies of what carding-a1 sent.
        expect(byMachine.get('drawing-b1')).to.deep.equal({ machineId: 'drawing-b1', moved: 3 });
        expect(byMachine.get('carding-a1')).to.deep.equal({ machineId: 'carding-a1', moved: 4 });
        // Running it again finds nothing left to move.
        expect((json(spindle('--json', 'area', 'migrate', 'drawing-b1', 'carding-a1')) as Migration).moved).to.equal(0);
    });

    it('keeps the messages readable and the chain whole, and grows the chain in the mill collection', function () {
        if (migration === undefined || legacy === undefined) {
            this.skip();
        }
        this.timeout(5 * 60_000);
        expect(inbox()).to.deep.equal(legacy.inbox);
        expect(verify()).to.deep.equal(legacy.chain);
        send('order 5: new lot of sliver');
        expect(inbox('--append').messages.map((message) => message.content)).to.have.members([
            'order 4: resume',
            'order 5: new lot of sliver',
        ]);
        expect(verify()).to.include({ ok: true, length: 3 });
    });
});
