import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { committedDefinition } from '@spindle/network';

import { testNetwork } from '../support/local-network';

interface Run {
    status: number | null;
    stdout: string;
    stderr: string;
}

function node(script: string, args: string[], timeout: number): Run {
    const { ctx } = testNetwork();
    const result = spawnSync(
        process.execPath,
        [join(ctx.paths.repoRoot, 'client', 'dist', ...script.split('/')), ...args],
        {
            encoding: 'utf8',
            timeout,
            env: { ...process.env, SPINDLE_RUN_DIR: ctx.paths.runDir },
        },
    );
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function spindle(...args: string[]): Run {
    return node('cli/main.js', ['--run-dir', testNetwork().ctx.paths.runDir, ...args], 120_000);
}

const unique = (prefix: string) =>
    `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;

describe('the main job (npm start)', function () {
    let report: Run;

    before(function () {
        this.timeout(15 * 60_000);
        report = node('scenario/main.js', [], 14 * 60_000);
    });

    it('runs the spinning line to its report and exits 0', function () {
        expect(report.status, report.stderr).to.equal(0);
        expect(report.stdout).to.match(/Spindle: report of the spinning line/);
    });

    it('traces a yarn package back to its bales', function () {
        expect(report.stdout).to.match(/Genealogy of yarn package package-\S+/);
        expect(report.stdout).to.match(/\(bale, \d+ g\)/);
        expect(report.stdout).to.match(/reaches 2 bale\(s\)/);
    });

    it('verifies every machine chain', function () {
        expect(report.stdout).to.match(/every chain verified OK/);
        expect(report.stdout).not.to.match(/BROKEN|not verified/);
    });

    it('shows the nine steps of the query with timings', function () {
        for (let step = 1; step <= 9; step += 1) {
            expect(report.stdout).to.match(new RegExp(`^ +${step}\\. ok +\\+ *\\d+ ms`, 'm'));
        }
    });

    it('records every machine from its OPC UA simulator, one agent per mill', function () {
        expect(report.stdout).to.match(/^Device area: machine controllers over OPC UA/m);
        expect(report.stdout).to.match(/^ +lap-former-b1 +lap-former +opc\.tcp:\/\/127\.0\.0\.1:\d+ +seed \d+$/m);
        expect(report.stdout).to.match(/^ +agent of MillB \(pid \d+\): drawing-b1, lap-former-b1$/m);
    });

    it("answers the last hour's lap CV as a bucket, with its readings proven to a sealed block", function () {
        expect(report.stdout).to.match(/readings --vars cv --since 1h --every 1h/);
        expect(report.stdout).to.match(/the lap former's readings first sealed in block \d+/);
        // variable, unit, start, end, count, min, max, mean, p95, cv %
        expect(report.stdout).to.match(/^ +cv +% +\S+Z +\S+Z +[1-9]\d* +[\d.]+ +[\d.]+ +[\d.]+ +[\d.]+ +[\d.]+$/m);
        // The query's own lines, so that a failure shows what the requester saw.
        const query = report.stdout.slice(report.stdout.indexOf('Query: carding asks lap forming'));
        expect(query).to.match(
            /proofs: [1-9]\d* readings? proven, \d+ unsealed, anchored in blocks? [\d, -]+ of lap-former-b1/,
        );
    });

    it('keeps the replaced comber with its history', function () {
        expect(report.stdout).to.match(/comber-c1 RETIRED \(replaced by comber-c2\), \d+ history entries kept/);
    });

    it('ends by saying the network still runs and how to stop it', function () {
        expect(report.stdout.trimEnd().split('\n').at(-1)).to.equal(
            'The network is still running. Stop it with: npm run network -- down',
        );
    });

    it('runs again on the network where it already ran', function () {
        this.timeout(15 * 60_000);
        const again = node('scenario/main.js', [], 14 * 60_000);
        expect(again.status, again.stderr).to.equal(0);
        expect(again.stdout).to.match(/retired by an earlier run/);
        expect(again.stdout).to.match(/every chain verified OK/);
    });
});

describe('the spindle CLI as a user types it', function () {
    it('lists its command groups and exit codes in its help', function () {
        const result = spindle('--help');
        expect(result.status).to.equal(0);
        for (const group of ['network', 'machine', 'material', 'message', 'chain']) {
            expect(result.stdout).to.match(new RegExp(`^  ${group} `, 'm'));
        }
        expect(result.stdout).to.match(/3 NOT_FOUND/);
    });

    it('shows an ACTIVE machine as JSON', function () {
        const result = spindle('--json', 'machine', 'show', 'blow-room-a1');
        expect(result.status, result.stderr).to.equal(0);
        const record = JSON.parse(result.stdout) as { machineId: string; status: string; processStep: string };
        expect(record).to.include({ machineId: 'blow-room-a1', status: 'ACTIVE', processStep: 'opening' });
    });

    it('lists the machines of the line with their status', function () {
        const result = spindle('machine', 'list');
        expect(result.status, result.stderr).to.equal(0);
        expect(result.stdout).to.match(/^comber-c1 +RETIRED .*replaced by comber-c2/m);
        expect(result.stdout).to.match(/^lap-former-b1 +ACTIVE /m);
    });

    it("lists one mill's machines by its name, as every other command takes it, or by its MSP ID", function () {
        for (const mill of ['MillB', 'MillBMSP']) {
            const result = spindle('machine', 'list', '--mill', mill);
            expect(result.status, result.stderr).to.equal(0);
            expect(result.stdout).to.match(/^lap-former-b1 +ACTIVE /m);
            expect(result.stdout).not.to.match(/^carding-a1 /m);
        }
        expect(spindle('machine', 'list', '--mill', 'MillZ').status).to.equal(2);
    });

    it('shows the history of the replaced machine', function () {
        const result = spindle('--json', 'machine', 'history', 'comber-c1');
        expect(result.status, result.stderr).to.equal(0);
        const history = JSON.parse(result.stdout) as { value?: { lastAction: string } }[];
        expect(history.map((entry) => entry.value?.lastAction)).to.include.members(['register', 'approve', 'replace']);
    });

    it('exits 3 with NOT_FOUND for an unknown machine', function () {
        const result = spindle('machine', 'show', 'no-such-machine');
        expect(result.status).to.equal(3);
        expect(result.stderr).to.match(/^spindle: NOT_FOUND: /m);
    });

    it('exits 2 with INVALID_ARGUMENT for a malformed machine ID', function () {
        const result = spindle('machine', 'show', 'Carding_A1');
        expect(result.status).to.equal(2);
        expect(result.stderr).to.match(/^spindle: INVALID_ARGUMENT: /m);
    });

    it("exits 4 with NOT_AUTHORIZED when another mill's admin approves a machine", function () {
        const result = spindle('--as', 'millb-admin', 'machine', 'approve', 'comber-c2');
        expect(result.status).to.equal(4);
        expect(result.stderr).to.match(/^spindle: NOT_AUTHORIZED: /m);
    });

    it('exits 17 with IDENTITY_MISSING for an identity it does not have', function () {
        const result = spindle('--as', 'millz-admin', 'machine', 'show', 'comber-c1');
        expect(result.status).to.equal(17);
        expect(result.stderr).to.match(/^spindle: IDENTITY_MISSING: /m);
    });

    it('exits 2 for an unknown command', function () {
        const result = spindle('spin');
        expect(result.status).to.equal(2);
        expect(result.stderr).to.match(/unknown command/);
    });

    it('creates a bale, refuses it twice with CONFLICT and shows it', function () {
        const lotId = unique('bale-cli');
        const created = spindle(
            'material',
            'create',
            lotId,
            '--grams',
            '150000',
            '--origin',
            'Egypt',
            '--grade',
            'Giza-86',
        );
        expect(created.status, created.stderr).to.equal(0);
        expect(created.stdout).to.match(new RegExp(`bale ${lotId}: 150000 g, MillAMSP`));
        const again = spindle('material', 'create', lotId, '--grams', '150000');
        expect(again.status).to.equal(6);
        expect(again.stderr).to.match(/^spindle: CONFLICT: /m);
        const shown = spindle('--json', 'material', 'show', lotId);
        expect(shown.status, shown.stderr).to.equal(0);
        expect(JSON.parse(shown.stdout)).to.include({ lotId, form: 'bale', remainingGrams: 150000 });
    });

    it('sends a signed, encrypted message that the receiver reads decrypted', function () {
        const content = JSON.stringify({ lot: unique('yarn'), nepsPerGram: 41 });
        const sent = spindle(
            '--json',
            'message',
            'send',
            'blow-room-a1',
            'comber-c2',
            '--type',
            'upload',
            '--data',
            content,
        );
        expect(sent.status, sent.stderr).to.equal(0);
        const record = JSON.parse(sent.stdout) as { messageId: string; senderId: string; type: string };
        expect(record).to.include({ senderId: 'blow-room-a1', type: 'upload' });
        const inbox = spindle('--json', 'message', 'inbox', 'comber-c2');
        expect(inbox.status, inbox.stderr).to.equal(0);
        const messages = (
            JSON.parse(inbox.stdout) as { messages: { messageId: string; content: string; signature: string }[] }
        ).messages;
        expect(messages.find((message) => message.messageId === record.messageId)).to.include({
            content,
            signature: 'signature ok',
        });
    });

    it("moves every inbox and outbox entry into the machines' chains with message archive, in blocks of 16, and the chains verify", function () {
        this.timeout(10 * 60_000);
        for (let count = 0; count < 17; count += 1) {
            const sent = spindle('message', 'send', 'blow-room-a1', 'comber-c2', '--data', `reading batch ${count}`);
            expect(sent.status, sent.stderr).to.equal(0);
        }
        const archive = (machineId: string) => {
            const run = spindle('--json', 'message', 'archive', machineId);
            expect(run.status, run.stderr).to.equal(0);
            return JSON.parse(run.stdout) as { moved: { inbox: number; outbox: number }; blocks: number[] };
        };
        const receiver = archive('comber-c2');
        expect(receiver.moved.inbox).to.be.at.least(17);
        const blocksFor = ({ moved }: { moved: { inbox: number; outbox: number } }) =>
            Math.ceil(moved.inbox / 16) + Math.ceil(moved.outbox / 16);
        expect(receiver.blocks).to.have.length(blocksFor(receiver));
        const sender = archive('blow-room-a1');
        expect(sender.moved.outbox).to.be.at.least(17);
        expect(sender.blocks).to.have.length(blocksFor(sender));
        const inbox = spindle('--json', 'message', 'inbox', 'comber-c2');
        expect(inbox.status, inbox.stderr).to.equal(0);
        expect((JSON.parse(inbox.stdout) as { messages: unknown[] }).messages).to.deep.equal([]);
        expect(archive('comber-c2')).to.deep.include({ moved: { inbox: 0, outbox: 0 }, blocks: [] });
        for (const machineId of ['comber-c2', 'blow-room-a1']) {
            const verified = spindle('--json', 'chain', 'verify', machineId);
            expect(verified.status, verified.stderr).to.equal(0);
            expect(JSON.parse(verified.stdout)).to.include({ machineId, ok: true });
        }
    });

    it('exits 5 with RECEIVER_UNKNOWN for a message to an unregistered machine', function () {
        const result = spindle('message', 'send', 'blow-room-a1', 'no-such-machine', '--data', 'hello');
        expect(result.status).to.equal(5);
        expect(result.stderr).to.match(/^spindle: RECEIVER_UNKNOWN: /m);
    });

    it('verifies a machine chain', function () {
        const result = spindle('--json', 'chain', 'verify', 'lap-former-b1');
        expect(result.status, result.stderr).to.equal(0);
        expect(JSON.parse(result.stdout)).to.include({ machineId: 'lap-former-b1', ok: true });
    });

    it('delegates network status to the network tool', function () {
        const result = spindle('network', 'status');
        expect(result.status, result.stderr).to.equal(0);
        expect(result.stdout).to.match(/MillA +peer +healthy/);
    });

    it('enrolls, registers and approves a machine no definition names, with no new definition, and delivers to its area', async function () {
        this.timeout(180_000);
        const { ctx } = testNetwork();
        const millA = ctx.config.mills[0]!;
        const definitionBefore = await committedDefinition(ctx, millA);
        // A MillA machine ID ends in -a<number>, its mill's namespace.
        const machineId = `${unique('carding-t')}-a1`;
        const enrolled = spindle('machine', 'enroll', machineId, '--mill', 'MillA');
        expect(enrolled.status, enrolled.stderr).to.equal(0);
        const walletDir = join(ctx.paths.runDir, 'wallet');
        expect(statSync(join(walletDir, `${machineId}.id`)).mode & 0o777).to.equal(0o600);
        expect(statSync(join(walletDir, `${machineId}.enc.pem`)).mode & 0o777).to.equal(0o600);
        const registered = spindle('--json', 'machine', 'register', machineId, '--type', 'carding');
        expect(registered.status, registered.stderr).to.equal(0);
        expect(JSON.parse(registered.stdout)).to.include({ machineId, status: 'PENDING', ownerMspId: 'MillAMSP' });
        const again = spindle('machine', 'register', machineId, '--type', 'carding');
        expect(again.status).to.equal(6);
        // Its area is in MillA's collection, which every definition carries: no consortium decision.
        const approved = spindle('--json', 'machine', 'approve', machineId);
        expect(approved.status, approved.stderr).to.equal(0);
        expect(JSON.parse(approved.stdout)).to.include({ machineId, status: 'ACTIVE' });
        expect(await committedDefinition(ctx, millA)).to.deep.equal(definitionBefore);
        const content = unique('first-order');
        const sent = spindle(
            '--json',
            'message',
            'send',
            'drawing-b1',
            machineId,
            '--type',
            'download',
            '--data',
            content,
        );
        expect(sent.status, sent.stderr).to.equal(0);
        const inbox = spindle('--json', 'message', 'inbox', machineId);
        expect(inbox.status, inbox.stderr).to.equal(0);
        const { messages } = JSON.parse(inbox.stdout) as { messages: { content: string }[] };
        expect(messages.map((message) => message.content)).to.include(content);
    });

    it('rotates an encryption key and still reads messages sent after it', function () {
        const rotated = spindle('machine', 'rotate-key', 'comber-c2');
        expect(rotated.status, rotated.stderr).to.equal(0);
        const content = unique('after-rotation');
        const sent = spindle(
            '--json',
            'message',
            'send',
            'drawing-b1',
            'comber-c2',
            '--type',
            'download',
            '--data',
            content,
        );
        expect(sent.status, sent.stderr).to.equal(0);
        const { messageId } = JSON.parse(sent.stdout) as { messageId: string };
        const inbox = spindle('--json', 'message', 'inbox', 'comber-c2');
        expect(inbox.status, inbox.stderr).to.equal(0);
        const { messages } = JSON.parse(inbox.stdout) as { messages: { messageId: string; content: string }[] };
        expect(messages.find((message) => message.messageId === messageId)?.content).to.equal(content);
    });

    it('records a transform from a file at the machine and traces the lap back to its bale', function () {
        const bale = unique('bale-tf');
        const lap = unique('lap-tf');
        expect(spindle('material', 'create', bale, '--grams', '100000').status).to.equal(0);
        const dir = mkdtempSync(join(tmpdir(), 'spindle-cli-'));
        const transformId = unique('open');
        const transform = (lotId: string, grams: number) => {
            const file = join(dir, `${lotId}.json`);
            writeFileSync(
                file,
                JSON.stringify({
                    transformId,
                    machineId: 'blow-room-a1',
                    processStep: 'opening',
                    inputs: [{ lotId: bale, quantityGrams: 50_000 }],
                    outputs: [{ lotId, form: 'lap', quantityGrams: grams }],
                    tolerancePermille: 30,
                    quality: { trashPercent: 1.7 },
                }),
            );
            return spindle('material', 'transform', file);
        };
        const lost = transform(unique('lap-lost'), 40_000);
        expect(lost.status).to.equal(14);
        expect(lost.stderr).to.match(/^spindle: CONSERVATION_VIOLATED: /m);
        const done = transform(lap, 49_000);
        expect(done.status, done.stderr).to.equal(0);
        expect(done.stdout).to.match(new RegExp(`at blow-room-a1: ${bale} -> ${lap} \\(lap\\)`));
        const trace = spindle('material', 'trace', lap);
        expect(trace.status, trace.stderr).to.equal(0);
        expect(trace.stdout.split('\n')).to.include.members([
            `${lap} (lap, 49000 g)`,
            `└─ ${bale} (bale, 100000 g) via ${transformId}`,
        ]);
    });
});
