import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reading, SealEntry } from '@spindle/chaincode/protocol';
import { FileCheckpointer, type MachineSession } from '@spindle/client';
import { type StoredSeal, openHistoryStore } from '@spindle/client/dist/device/history';
import { type RunningSimulator, simulatorConfig } from '@spindle/client/dist/device/opcua';
import { communicationSealChain } from '@spindle/client/dist/device/recorder';

import { channelHeight } from '../../support/channel-height';
import { DeviceAgentProcess } from './device-agent-process';

export { LAP_FORMER_B1 } from '../../support/line-machines';

/** Writes the OPC UA configuration that reads `simulator` as `machineId` (sampling every 100 ms); returns its path. */
export function writeOpcuaConfig(folder: string, machineId: string, simulator: RunningSimulator): string {
    const file = join(folder, `${machineId}.opcua.json`);
    const config = {
        ...simulatorConfig(machineId, 'lap-former', simulator.endpointUrl, 100),
        pkiDir: join(folder, 'opcua-pki'),
    };
    writeFileSync(file, JSON.stringify(config, undefined, 2));
    return file;
}

/** The seal entries of a machine's chain from block `fromSeq` on, with their blocks. */
export async function sealsOnChain(
    machine: MachineSession,
    fromSeq: number,
): Promise<{ blockSeq: number; seal: SealEntry }[]> {
    const chain = communicationSealChain(machine.communication, machine.machineId);
    const found: { blockSeq: number; seal: SealEntry }[] = [];
    for (let seq = fromSeq, head = (await chain.head()).seq; seq <= head; seq += 1) {
        found.push(...(await chain.sealBlock(seq)).seals.map((seal) => ({ blockSeq: seq, seal })));
    }
    return found;
}

/** The seq of a machine's chain head, 0 while it has no block. */
export async function chainLength(machine: MachineSession): Promise<number> {
    return (await communicationSealChain(machine.communication, machine.machineId).head()).seq;
}

/** What a stopped agent left in a machine's history store (opened, read whole, closed again). */
export async function readStore(
    folder: string,
    machineId: string,
): Promise<{ readings: Reading[]; seals: StoredSeal[] }> {
    const store = await openHistoryStore({ folder, machineId, sync: false });
    try {
        const readings: Reading[] = [];
        for (let next = 1; next <= store.lastSeq();) {
            const page = await store.readingsFrom(next, 10_000);
            readings.push(...page);
            next = (page.at(-1)?.seq ?? store.lastSeq()) + 1;
        }
        return { readings, seals: await store.seals() };
    } finally {
        await store.close();
    }
}

/** The JSON lines of an agent's log. */
export function logLines(file: string): { code?: string; msg: string; [key: string]: unknown }[] {
    return readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { code?: string; msg: string });
}

/** A recording agent of `machine`, not started yet, and where it keeps things. */
export interface RecordingAgentCase {
    agent: DeviceAgentProcess;
    /** The agent's `--history-dir`; the machine's store is `<historyDir>/<machineId>`. */
    historyDir: string;
    /** The machine's chain length before the agent started. */
    chainBefore: number;
    /**
     * The last reading seq the chain had sealed before the agent started (earlier suites' stores):
     * this case's new store numbers its readings after it.
     */
    sealedBefore: number;
}

/**
 * A `spindle agent` process recording `machine` from `simulator` into `<folder>/history`, its
 * checkpoint at the channel's current height (it handles only what commits from now on, not the
 * events of earlier suites), with `flags` (e.g. `--seal-readings 30`) after its OPC UA options.
 */
export async function recordingAgent(
    folder: string,
    machine: MachineSession,
    simulator: RunningSimulator,
    flags: readonly string[],
): Promise<RecordingAgentCase> {
    const historyDir = join(folder, 'history');
    const checkpoint = join(folder, 'checkpoint.json');
    await FileCheckpointer.open(checkpoint).checkpointBlock((await channelHeight(machine)) - 1n);
    const head = await communicationSealChain(machine.communication, machine.machineId).head();
    const [chainBefore, sealedBefore] = [head.seq, head.sealedThrough ?? 0];
    const agent = new DeviceAgentProcess(machine.machineId, checkpoint, [
        '--opcua',
        writeOpcuaConfig(folder, machine.machineId, simulator),
        '--history-dir',
        historyDir,
        ...flags,
    ]);
    return { agent, historyDir, chainBefore, sealedBefore };
}

/** Asserts the readings are numbered `firstSeq`, `firstSeq + 1`... without a gap. */
export function expectSeqsFrom(readings: readonly Reading[], firstSeq: number): void {
    expect(
        readings.map(({ seq }) => seq),
        'seqs',
    ).to.deep.equal(readings.map((_, i) => firstSeq + i));
}

/**
 * Asserts the store's seals follow each other from reading `firstSeq` (one past what the chain had
 * sealed before the case) and that each anchored one is on the chain exactly once, in the block
 * its anchor names (an unanchored one nowhere).
 */
export function expectSealsOnChainOnce(
    seals: readonly StoredSeal[],
    chainSeals: readonly { blockSeq: number; seal: SealEntry }[],
    firstSeq: number,
): void {
    seals.forEach((seal, i) => {
        expect(seal.entry.firstSeq, `seal ${i} follows the one before`).to.equal(
            i === 0 ? firstSeq : (seals[i - 1]?.entry.lastSeq ?? 0) + 1,
        );
        expect(
            chainSeals.filter(({ seal: onChain }) => onChain.root === seal.entry.root).map(({ blockSeq }) => blockSeq),
            `seal ${i} on the chain`,
        ).to.deep.equal(seal.anchor ? [seal.anchor.blockSeq] : []);
    });
}
