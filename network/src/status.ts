import { type CommittedDefinition, committedDefinition, pingChaincode } from './chaincode/chaincode';
import type { MillConfig } from './core/config';
import type { NetworkContext } from './core/context';
import { caProcessName, caUrl } from './identities/ca';
import { isHealthy } from './processes/health';
import { nodeNames, ordererChannelInfo, peerChannelHeight } from './processes/nodes';

/** One process of the network and what its health check says. */
export interface ComponentStatus {
    mill: string;
    kind: 'ca' | 'orderer' | 'peer' | 'chaincode';
    name: string;
    pid?: number;
    running: boolean;
    healthy: boolean;
    /** Channel height (orderer, peer), Raft relation (orderer) or the answer to a ping (chaincode). */
    detail: string;
}

/** The whole network as `status` reports it. */
export interface NetworkStatus {
    channel: string;
    components: ComponentStatus[];
    /** The committed definition, its endorsement policy included; absent before the first commit. */
    chaincode?: CommittedDefinition & { name: string };
    healthy: boolean;
}

/** Checks every process: PID alive, operations `/healthz`, channel joined, chaincode answering. */
export async function status(ctx: NetworkContext): Promise<NetworkStatus> {
    const components: ComponentStatus[] = [];
    for (const mill of ctx.config.mills) {
        components.push(...(await millStatus(ctx, mill)));
    }
    const [first] = ctx.config.mills;
    const anyPeer = components.some((c) => c.kind === 'peer' && c.healthy);
    const definition = first && anyPeer ? await committedDefinition(ctx, first).catch(() => undefined) : undefined;
    return {
        channel: ctx.config.channel,
        components,
        chaincode: definition && { name: ctx.config.chaincode.name, ...definition },
        healthy: components.every((c) => c.healthy) && definition !== undefined,
    };
}

async function millStatus(ctx: NetworkContext, mill: MillConfig): Promise<ComponentStatus[]> {
    const describe = async (
        kind: ComponentStatus['kind'],
        name: string,
        probe: () => Promise<{ healthy: boolean; detail: string }>,
    ): Promise<ComponentStatus> => {
        const record = ctx.processes.running(name);
        const result = record ? await probe() : { healthy: false, detail: 'not running' };
        return { mill: mill.name, kind, name, pid: record?.pid, running: record !== undefined, ...result };
    };
    return [
        await describe('ca', caProcessName(mill), async () => {
            const healthy = await isHealthy(mill.ports.caOperations, mill.host.address);
            return { healthy, detail: caUrl(mill) };
        }),
        await describe('orderer', nodeNames.orderer(mill), async () => {
            const healthy = await isHealthy(mill.ports.ordererOperations, mill.host.address);
            const info = healthy ? await ordererChannelInfo(ctx, mill) : undefined;
            return {
                healthy: healthy && info?.status === 'active',
                detail: info ? `${info.consensusRelation}, ${info.status}, height ${info.height}` : 'not on channel',
            };
        }),
        await describe('peer', nodeNames.peer(mill), async () => {
            const healthy = await isHealthy(mill.ports.peerOperations, mill.host.address);
            const height = healthy ? await peerChannelHeight(ctx, mill) : undefined;
            return {
                healthy: healthy && height !== undefined,
                detail: height !== undefined ? `joined, height ${height}` : 'not on channel',
            };
        }),
        await describe('chaincode', nodeNames.chaincode(mill), async () => {
            const answer = await pingChaincode(ctx, mill);
            return { healthy: answer !== undefined, detail: answer !== undefined ? 'answers Probe:ping' : 'no answer' };
        }),
    ];
}
