import { cpus, freemem, totalmem } from 'node:os';
import type { NetworkContext } from '@spindle/network';

/** The machine and network settings a run was measured on. */
export interface MachineInfo {
    date: string;
    nproc: number;
    cpuModel: string;
    memoryGiB: number;
    freeMemoryGiB: number;
    node: string;
    fabric: string;
    channel: string;
    chaincode: string;
    batchTimeout: string;
    maxMessageCount: number;
    mills: number;
    client: string;
}

const FABRIC_VERSION = '2.5.9';

/** What the run was measured on. */
export function machineInfo(network: NetworkContext): MachineInfo {
    const gib = (bytes: number) => Math.round((bytes / 1024 ** 3) * 10) / 10;
    return {
        date: new Date().toISOString(),
        nproc: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memoryGiB: gib(totalmem()),
        freeMemoryGiB: gib(freemem()),
        node: process.version,
        fabric: FABRIC_VERSION,
        channel: network.config.channel,
        chaincode: `${network.config.chaincode.name} ${network.config.chaincode.version} (chaincode as a service, Node)`,
        batchTimeout: network.config.orderer.batchTimeout,
        maxMessageCount: network.config.orderer.maxMessageCount,
        mills: network.consortium.mills.length,
        client: 'fabric-gateway 1.11, Node crypto signer, one gRPC connection per identity',
    };
}
