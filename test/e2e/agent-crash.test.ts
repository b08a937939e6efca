import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';

import { FileCheckpointer, buildPacket, eciesCipher } from '@spindle/client';

import { testNetwork } from '../support/local-network';
import { type ReadyMachine, readyMachine } from '../support/machines';

const QUERIES = 6;

function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The `queryId`s of the log lines in which an agent says it answered a query. */
function answeredIn(logFile: string): string[] {
    return readFileSync(logFile, 'utf8')
        .split('\n')
        .filter((line) => line.includes('"msg":"query answered"'))
        .map((line) => (JSON.parse(line) as { queryId: string }).queryId);
}

describe('a device agent killed with SIGKILL mid-flow', function () {
    this.timeout(240_000);

    let requester: ReadyMachine;
    let responder: ReadyMachine;
    let agent: ChildProcess | undefined;
    const scratch = mkdtempSync(join(tmpdir(), 'spindle-agent-crash-'));
    const checkpoint = join(scratch, 'checkpoint.json');

    function startAgent(logFile: string): ChildProcess {
        const { paths } = testNetwork().ctx;
        const out = openSync(logFile, 'a');
        const child = spawn(
            process.execPath,
            [
                join(paths.repoRoot, 'client', 'dist', 'cli', 'main.js'),
                '--run-dir',
                paths.runDir,
                'agent',
                '--machine',
                'drawing-b1',
                '--checkpoint',
                checkpoint,
            ],
            { stdio: ['ignore', out, out] },
        );
        return child;
    }

    async function stopAgent(signal: NodeJS.Signals): Promise<void> {
        const child = agent;
        agent = undefined;
        if (child && child.exitCode === null && child.signalCode === null) {
            const exited = new Promise((resolve) => child.once('exit', resolve));
            child.kill(signal);
            await exited;
        }
    }

    before(async function () {
        requester = await readyMachine('carding-a2', {
            machineId: 'carding-a2',
            ownerMspId: 'MillAMSP',
            machineType: 'carding',
            line: 'line-a1',
            processStep: 'carding',
            vendor: 'Trützschler',
            serialNumber: 'TC19-3002',
        });
        responder = await readyMachine('drawing-b1', {
            machineId: 'drawing-b1',
            ownerMspId: 'MillBMSP',
            machineType: 'drawing',
            line: 'line-b1',
            processStep: 'drawing',
            vendor: 'Rieter',
            serialNumber: 'RSB-4001',
        });
    });

    after(async function () {
        await stopAgent('SIGTERM');
        requester.machine.close();
        responder.machine.close();
    });

    it('answers every query exactly once after a restart from its checkpoint', async function () {
        const firstLog = join(scratch, 'agent-1.log');
        const secondLog = join(scratch, 'agent-2.log');
        agent = startAgent(firstLog);

        const queryIds: string[] = [];
        const keys = await requester.machine.registry.keys('drawing-b1');
        for (let index = 0; index < QUERIES; index += 1) {
            const packet = buildPacket(
                {
                    senderId: 'carding-a2',
                    receiverId: 'drawing-b1',
                    type: 'query',
                    plaintext: Buffer.from(JSON.stringify({ what: 'sliver count', index })),
                    receiverEncryptionKeyPem: keys.encryptionPublicKey,
                    signingKeyPem: requester.machine.signingKeyPem,
                },
                eciesCipher,
            );
            queryIds.push((await requester.machine.queries.request(packet)).queryId);
        }

        const statuses = () =>
            Promise.all(queryIds.map(async (id) => (await requester.machine.queries.get(id)).status));
        // Kill it once it has answered some but not all of them.
        for (let waited = 0; waited < 120_000; waited += 100) {
            const answered = (await statuses()).filter((status) => status === 'ANSWERED').length;
            if (answered >= 1) {
                break;
            }
            await sleep(100);
        }
        await stopAgent('SIGKILL');
        const beforeRestart = (await statuses()).filter((status) => status === 'ANSWERED').length;
        expect(beforeRestart, 'answered before the kill').to.be.greaterThan(0);
        expect(beforeRestart, 'left unanswered by the kill').to.be.lessThan(QUERIES);

        // The checkpoint survived the kill intact.
        expect(() => FileCheckpointer.open(checkpoint)).not.to.throw();

        agent = startAgent(secondLog);
        for (let waited = 0; waited < 120_000; waited += 500) {
            if ((await statuses()).every((status) => status === 'ANSWERED')) {
                break;
            }
            await sleep(500);
        }
        expect(await statuses()).to.deep.equal(queryIds.map(() => 'ANSWERED'));
        await stopAgent('SIGTERM');

        const answers = [...answeredIn(firstLog), ...answeredIn(secondLog)].filter((id) => queryIds.includes(id));
        expect([...answers].sort(), 'each query answered once across both runs').to.deep.equal([...queryIds].sort());
        for (const id of queryIds) {
            const record = await requester.machine.queries.get(id);
            expect(record.rejections).to.deep.equal([]);
            expect(record.replyMessageId).to.be.a('string');
        }
    });
});
