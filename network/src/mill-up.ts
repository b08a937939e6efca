import { existsSync } from 'node:fs';

import { genesisBlockFile } from './channel/configtx';
import type { MillConfig } from './core/config';
import type { NetworkContext } from './core/context';
import { NetworkError } from './core/errors';
import { Progress } from './core/progress';
import { startCa } from './identities/ca';
import { issueMillIdentities } from './identities/identities';
import { sampleConfigDir, writeOrdererConfig, writePeerConfig } from './processes/node-config';
import { joinOrderer, joinPeer, startOrderer, startPeer, waitForConsenter, waitForPeerJoined } from './processes/nodes';
import { buildBinaries, layOutHosts } from './up';

/** How far one mill's own part came. */
export interface MillUpOutcome {
    mill: string;
    /** `identities`: its CA and identities are ready, the genesis block has not come yet; `joined`: its nodes are on the channel. */
    stage: 'identities' | 'joined';
    /** The consortium's genesis block it joined with, or where it expects it. */
    genesisBlock: string;
}

const STEPS = 5;

/**
 * Brings up one mill's part alone, as that mill's IT team would on its own host: its host (in
 * the netns layout), its CA and identities, then, once the consortium's genesis block is in
 * place (`run/channel/<channel>.block`, made from every mill's organisation definition), its
 * orderer and peer, joined to the channel with that block. The consortium-wide steps (a Raft
 * leader, the chaincode definition, gateway profiles) follow with `up` once every mill has joined.
 *
 * @throws NetworkError CONFIG_INVALID for a mill not in the topology; any error of the steps.
 */
export async function upMill(
    ctx: NetworkContext,
    millName: string,
    progress: Progress = new Progress(STEPS),
): Promise<MillUpOutcome> {
    const mill = millNamed(ctx, millName);
    const genesisBlock = genesisBlockFile(ctx);
    await progress.step('Fabric binaries (built once, then reused)', () => buildBinaries(ctx));
    await progress.step(`${mill.name}'s host (${ctx.config.layout} layout)`, () => layOutHosts(ctx, [mill]));
    await progress.step(`${mill.name}'s CA and identities`, async () => {
        await startCa(ctx, mill);
        await issueMillIdentities(ctx, mill);
    });
    if (!existsSync(genesisBlock)) {
        return { mill: mill.name, stage: 'identities', genesisBlock };
    }
    await progress.step(`${mill.name}'s orderer joins ${ctx.config.channel}`, async () => {
        const sampleDir = await sampleConfigDir(ctx);
        writePeerConfig(ctx, mill, sampleDir);
        writeOrdererConfig(ctx, mill, sampleDir);
        await startOrderer(ctx, mill);
        await joinOrderer(ctx, mill, genesisBlock);
        await waitForConsenter(ctx, mill);
    });
    await progress.step(`${mill.name}'s peer joins ${ctx.config.channel}`, async () => {
        await startPeer(ctx, mill);
        await joinPeer(ctx, mill, genesisBlock);
        await waitForPeerJoined(ctx, mill);
    });
    return { mill: mill.name, stage: 'joined', genesisBlock };
}

function millNamed(ctx: NetworkContext, name: string): MillConfig {
    const mill = ctx.config.mills.find((candidate) => candidate.name === name);
    if (!mill) {
        throw new NetworkError(
            'CONFIG_INVALID',
            `${name} is not a member of the channel; members: ${ctx.config.mills.map((m) => m.name).join(', ')}`,
        );
    }
    return mill;
}
