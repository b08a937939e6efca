import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { prepareRelease } from './chaincode/chaincode';
import { type DeployOutcome, deployChaincode } from './chaincode/deploy';
import { createGenesisBlock } from './channel/configtx';
import type { MillConfig } from './core/config';
import type { NetworkContext } from './core/context';
import { NetworkError } from './core/errors';
import { Progress } from './core/progress';
import { startCa } from './identities/ca';
import { issueMillIdentities } from './identities/identities';
import { ensureNetns, inHostsView } from './layout';
import { isRaftLeader, waitFor } from './processes/health';
import { sampleConfigDir, writeOrdererConfig, writePeerConfig } from './processes/node-config';
import { joinOrderer, joinPeer, startOrderer, startPeer, waitForConsenter, waitForPeerJoined } from './processes/nodes';
import { writeGatewayProfiles } from './profiles/gateway-profile';

const STEPS = 12;

/**
 * Brings the whole network up, or whatever part of it is down: every step first checks
 * whether its work is already done, so running `up` again on a running network changes nothing.
 */
export async function up(ctx: NetworkContext, progress: Progress = new Progress(STEPS)): Promise<DeployOutcome> {
    const mills = ctx.config.mills;
    await progress.step('Fabric binaries (built once, then reused)', () => buildBinaries(ctx));
    await progress.step(`Mills' hosts (${ctx.config.layout} layout)`, () => layOutHosts(ctx));
    await progress.step(`Certificate authorities of ${mills.map((m) => m.name).join(', ')}`, async () => {
        await Promise.all(mills.map((mill) => startCa(ctx, mill)));
    });
    await progress.step('Identities: nodes, admins, operators, machines', async () => {
        for (const mill of mills) {
            await issueMillIdentities(ctx, mill);
        }
    });
    const block = await progress.step(`Node configuration and the genesis block of ${ctx.config.channel}`, async () => {
        const sampleDir = await sampleConfigDir(ctx);
        for (const mill of mills) {
            writePeerConfig(ctx, mill, sampleDir);
            writeOrdererConfig(ctx, mill, sampleDir);
        }
        return createGenesisBlock(ctx);
    });
    await progress.step('Orderers (one Raft node per mill)', async () => {
        await Promise.all(mills.map((mill) => startOrderer(ctx, mill)));
    });
    await progress.step(`Orderers join ${ctx.config.channel} and elect a Raft leader`, async () => {
        for (const mill of mills) {
            await joinOrderer(ctx, mill, block);
        }
        for (const mill of mills) {
            await waitForConsenter(ctx, mill);
        }
        await waitFor(
            `a Raft leader on ${ctx.config.channel}`,
            async () => {
                const leaders = await Promise.all(
                    mills.map((mill) =>
                        isRaftLeader(mill.ports.ordererOperations, ctx.config.channel, mill.host.address),
                    ),
                );
                return leaders.includes(true);
            },
            {
                timeoutMs: 90_000,
                intervalMs: 500,
                logFile: ctx.processes.logFile(`${mills[0]?.key ?? 'milla'}-orderer`),
            },
        );
    });
    await progress.step('Peers (LevelDB, gateway on)', async () => {
        await Promise.all(mills.map((mill) => startPeer(ctx, mill)));
    });
    await progress.step(`Peers join ${ctx.config.channel}`, async () => {
        for (const mill of mills) {
            await joinPeer(ctx, mill, block);
            await waitForPeerJoined(ctx, mill);
        }
    });
    const release = await progress.step('Chaincode package (chaincode as a service)', () => prepareRelease(ctx));
    const outcome = await progress.step('Chaincode: install, approve, commit, start servers', () =>
        deployChaincode(ctx, release),
    );
    await progress.step('Gateway and connection profiles for clients', () => {
        writeGatewayProfiles(ctx);
        return Promise.resolve();
    });
    return outcome;
}

/**
 * In the netns layout, gives each mill its host (namespace, address, name, WAN delay); the
 * tool's own admin commands then reach the mills by name, so it must run inside a hosts view.
 */
export async function layOutHosts(ctx: NetworkContext, mills?: readonly MillConfig[]): Promise<void> {
    if (ctx.config.layout !== 'netns') {
        return;
    }
    if (!inHostsView()) {
        throw new NetworkError(
            'LAYOUT_UNAVAILABLE',
            "the netns layout's mills are reached by name: run this under `npm run network -- run -- <command>`",
        );
    }
    await ensureNetns(ctx, mills);
}

/** Runs network/build-binaries.sh, which returns at once when the binaries are cached. */
export function buildBinaries(ctx: NetworkContext): Promise<void> {
    const script = join(ctx.paths.repoRoot, 'network', 'build-binaries.sh');
    return new Promise((resolve, reject) => {
        const child = spawn('bash', [script], { stdio: ['ignore', 'inherit', 'inherit'] });
        child.on('error', reject);
        child.on('exit', (code) => {
            if (code === 0) {
                resolve();
            } else {
                reject(new NetworkError('STEP_FAILED', `${script} exited with ${code ?? 'a signal'}`));
            }
        });
    });
}
