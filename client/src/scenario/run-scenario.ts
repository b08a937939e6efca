import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ChainVerification, type GenealogyGraph, LIMITS, type MachineRecord } from '@spindle/chaincode/protocol';
import { loadContext, up } from '@spindle/network';

import type { IdentityDirectory } from '../identity/identity-directory';
import { sendMessage } from '../packets/send-message';
import { CommunicationClient } from '../contracts/communication-client';
import { MachineRegistryClient } from '../contracts/machine-registry-client';
import type { MachineSession } from '../contracts/machine-session';
import { appendToChain } from '../packets/mailbox-archive';
import { MaterialLedgerClient } from '../contracts/material-ledger-client';
import { CleanupStack } from './cleanup-stack';
import { type LapQuery, askLapFormer } from './lap-query';
import { type AgentGroup, type LineAgent, startLineAgents } from './line-agents';
import { type LineMachine, readyLine } from './line-machines';
import { type LineController, startLineSimulators } from './line-simulators';
import { chainLength } from './sealed-block';
import { SectionClock, type SectionTime } from './section-clock';

/** Everything the report needs from a run of the scenario. */
export interface ScenarioResult {
    runId: string;
    machines: LineMachine[];
    packageId: string;
    genealogy: GenealogyGraph;
    surge: { senderId: string; receiverId: string; messageId: string }[];
    qualityMessageId: string;
    /** The machines' simulated controllers and the agents recording them. */
    device: { controllers: LineController[]; agents: LineAgent[]; intervalMs: number; sealEvery: string };
    query: LapQuery;
    replacement: { retired: MachineRecord; successor: MachineRecord; retiredHistory: number; note: string };
    chains: { machineId: string; verification: ChainVerification | { error: string } }[];
    /** Each section's time, in order, and the retry waits within it. */
    sections: SectionTime[];
}

/** How the scenario writes its progress. */
export type Progress = (line: string) => void;

/** How the device area runs in the scenario: readings every half second, a seal every 10 s. */
const DEVICE = { intervalMs: 500, sealEvery: '10s', sealTimeoutMs: 35_000, agentReadyTimeoutMs: 120_000 };

/**
 * The paper's case on the local network: the spinning line registered and approved, an OPC UA
 * simulator per machine recorded and sealed by one device agent per mill, bales to yarn packages
 * with quality data, an order surge, carding's quality sent to combing, carding asking lap
 * forming for the last hour's lap CV through the 9 steps, with proofs, a comber replaced, every
 * chain verified. Whatever it started (agents, simulators) is stopped on the way out, failure and
 * SIGINT or SIGTERM included.
 */
export async function runScenario(identities: IdentityDirectory, progress: Progress): Promise<ScenarioResult> {
    const clock = new SectionClock(progress);
    const cleanup = new CleanupStack();
    const removeSignalHandlers = cleanup.onSignals(progress);
    try {
        return await runSections(identities, progress, clock, cleanup);
    } finally {
        clock.stop();
        for (const failure of await cleanup.run()) {
            progress(`   could not stop ${failure}`);
        }
        removeSignalHandlers();
    }
}

async function runSections(
    identities: IdentityDirectory,
    progress: Progress,
    clock: SectionClock,
    cleanup: CleanupStack,
): Promise<ScenarioResult> {
    const runId = `r${Date.now().toString(36)}`;
    clock.start('1. The network of the three mills');
    await up(loadContext());

    clock.start('2. The spinning line: blow room -> carding -> drawing -> lap forming -> combing');
    const machines = await readyLine(identities, (line) => {
        progress(`   ${line}`);
    });
    // The line's first machine of each kind, or its successor when an earlier run replaced it.
    const serving = (machineId: string): string => {
        const machine = machines.find((candidate) => candidate.machineId === machineId);
        return machine?.status === 'RETIRED' && machine.replacedBy !== undefined ? machine.replacedBy : machineId;
    };
    const cardingId = serving('carding-a1');
    const combingId = serving('comber-c1');
    const spareId = combingId === 'comber-c1' ? 'comber-c2' : undefined;
    const active = machines.filter((machine) => machine.status === 'ACTIVE');
    writeLocalData(identities.runDir);

    const sessions = new Map<string, MachineSession>();
    cleanup.add("the scenario's machine sessions", () => {
        for (const machine of sessions.values()) {
            machine.close();
        }
    });
    for (const { machineId } of active) {
        sessions.set(machineId, await identities.machine(machineId));
    }
    const session = (machineId: string): MachineSession => {
        const found = sessions.get(machineId);
        if (!found) {
            throw new Error(`machine ${machineId} is not ACTIVE`);
        }
        return found;
    };

    clock.start('3. Machine controllers over OPC UA, recorded and sealed by one device agent per mill');
    // The lap former's chain before its agent runs: the scenario waits for a seal after it.
    const lapFormer = session('lap-former-b1');
    const lapHeadBefore = await chainLength(lapFormer);
    const device = await startDeviceArea(active, identities.runDir, cleanup, progress);
    clock.start(`4. Bales to yarn at MillA (run ${runId})`);
    const lots = await spinYarn(
        identities,
        runId,
        { blowRoom: session('blow-room-a1'), carding: session(cardingId), comber: session('comber-a1') },
        progress,
    );

    clock.start('5. Order surge: extend working hours on the line');
    const surge = [];
    for (const receiverId of ['blow-room-a1', cardingId, 'drawing-b1', 'lap-former-b1']) {
        const order = { order: 'extend-working-hours', extraHours: 4, reason: 'order surge', runId };
        const record = await sendMessage(
            session(combingId),
            receiverId,
            'download',
            Buffer.from(JSON.stringify(order)),
        );
        surge.push({ senderId: combingId, receiverId, messageId: record.messageId });
        progress(`   ${combingId} -> ${receiverId}: extend-working-hours (+4 h), message ${short(record.messageId)}`);
    }

    clock.start('6. Carding conveys carded-yarn quality to combing');
    const quality = await sendMessage(
        session(cardingId),
        combingId,
        'upload',
        Buffer.from(JSON.stringify({ lotId: lots.sliver, ...CARDED_QUALITY })),
    );
    progress(`   ${cardingId} -> ${combingId}: quality of ${lots.sliver}, message ${short(quality.messageId)}`);

    clock.start("7. Carding asks lap forming for the last hour's lap CV, with proofs (the 9 steps)");
    // The requester's side of the flow; lap-former-b1's side is its mill's agent started above.
    const query = await askLapFormer(
        session(cardingId),
        lapFormer,
        { fromSeq: lapHeadBefore + 1, sealTimeoutMs: DEVICE.sealTimeoutMs },
        progress,
    );

    clock.start('8. A comber is replaced and keeps its history');
    const replacement = await replaceComber(identities, combingId, spareId, progress);

    for (const record of [replacement.retired, replacement.successor]) {
        const entry = machines.find((machine) => machine.machineId === record.machineId);
        if (entry) {
            entry.status = record.status;
            entry.replacedBy = record.replacedBy;
        }
    }

    clock.start('9. Combed yarn wound into packages');
    const packageId = await finishPackages(identities, runId, 'winder-a1', lots.combedYarn);
    progress(`   winder-a1 (winding): ${lots.combedYarn} -> ${packageId}`);
    const genealogy = await withOperator(identities, (material) =>
        material.traceAll({ lotId: packageId, direction: 'upstream' }),
    );

    clock.start('10. Communication chains');
    await settleInboxes([...sessions.values()], progress);
    const chains = await verifyChains(identities, machines);
    clock.end();
    return {
        runId,
        machines,
        packageId,
        genealogy,
        surge,
        qualityMessageId: quality.messageId,
        device,
        query,
        replacement,
        chains,
        sections: clock.sections,
    };
}

/**
 * Starts a simulated controller per machine and one agent per mill recording them, each added to
 * `cleanup` as it starts.
 */
async function startDeviceArea(
    machines: readonly LineMachine[],
    runDir: string,
    cleanup: CleanupStack,
    progress: Progress,
): Promise<ScenarioResult['device']> {
    const controllers = await startLineSimulators(machines, runDir, DEVICE, cleanup);
    for (const controller of controllers) {
        progress(
            `   ${controller.machineId} (${controller.machineType}): ${controller.endpointUrl}, seed ${controller.seed}`,
        );
    }
    const agents = await startLineAgents(
        agentGroups(machines, controllers),
        runDir,
        { sealEvery: DEVICE.sealEvery, readyTimeoutMs: DEVICE.agentReadyTimeoutMs },
        cleanup,
        progress,
    );
    return { controllers, agents, intervalMs: DEVICE.intervalMs, sealEvery: DEVICE.sealEvery };
}

/** One agent per mill, for its active machines, with the OPC UA files of those that have a controller. */
function agentGroups(machines: readonly LineMachine[], controllers: readonly LineController[]): AgentGroup[] {
    const groups = new Map<string, AgentGroup>();
    for (const machine of machines) {
        const group = groups.get(machine.mill) ?? { mill: machine.mill, machineIds: [], opcuaConfigFiles: [] };
        group.machineIds.push(machine.machineId);
        const controller = controllers.find((candidate) => candidate.machineId === machine.machineId);
        if (controller) {
            group.opcuaConfigFiles.push(controller.configFile);
        }
        groups.set(machine.mill, group);
    }
    return [...groups.values()];
}

const CARDED_QUALITY = { nepsPerGram: 42, sliverCvPercent: 2.8, trashPercent: 0.06, hankNe: 0.12 };

interface SpunLots {
    bales: string[];
    /** The carded sliver whose quality carding conveys to combing. */
    sliver: string;
    combedYarn: string;
}

async function spinYarn(
    identities: IdentityDirectory,
    runId: string,
    line: { blowRoom: MachineSession; carding: MachineSession; comber: MachineSession },
    progress: Progress,
): Promise<SpunLots> {
    const bales = [`bale-${runId}-1`, `bale-${runId}-2`];
    await withOperator(identities, async (material) => {
        await material.createLot({
            lotId: bales[0] ?? '',
            quantityGrams: 180_000,
            origin: 'Gujarat, IN',
            grade: 'Shankar-6',
        });
        await material.createLot({
            lotId: bales[1] ?? '',
            quantityGrams: 180_000,
            origin: 'Texas, US',
            grade: 'SM 1-1/16',
        });
    });
    progress(`   bales ${bales.join(', ')} (2 x 180 kg) created by MillA's operator`);
    const lap = `lap-${runId}`;
    const sliver = `sliver-${runId}`;
    const combedYarn = `combed-yarn-${runId}`;
    const { blowRoom, carding, comber } = line;
    await blowRoom.material.transform({
        transformId: `open-${runId}`,
        machineId: blowRoom.machineId,
        processStep: 'opening',
        inputs: bales.map((lotId) => ({ lotId, quantityGrams: 180_000 })),
        outputs: [{ lotId: lap, form: 'lap', quantityGrams: 352_800 }],
        tolerancePermille: 30,
        quality: { trashPercent: 1.9, lapWeightGPerM: 410, lapCvPercent: 1.2 },
    });
    progress(`   ${blowRoom.machineId} (opening): bales -> ${lap} (352.8 kg, 2 % trash removed)`);
    await carding.material.transform({
        transformId: `card-${runId}`,
        machineId: carding.machineId,
        processStep: 'carding',
        inputs: [{ lotId: lap, quantityGrams: 352_800 }],
        outputs: [{ lotId: sliver, form: 'sliver', quantityGrams: 335_000 }],
        tolerancePermille: 60,
        quality: CARDED_QUALITY,
    });
    progress(`   ${carding.machineId} (carding): ${lap} -> ${sliver} (335 kg)`);
    await comber.material.transform({
        transformId: `comb-${runId}`,
        machineId: comber.machineId,
        processStep: 'combing',
        inputs: [{ lotId: sliver, quantityGrams: 335_000 }],
        outputs: [{ lotId: combedYarn, form: 'combed-yarn', quantityGrams: 281_000 }],
        tolerancePermille: 170,
        quality: { noilPercent: 16.1, countNe: 40, strengthCnPerTex: 21.4, evennessCvm: 11.2, imperfectionsPerKm: 38 },
    });
    progress(`   ${comber.machineId} (combing): ${sliver} -> ${combedYarn} (281 kg, Ne 40, 16 % noil)`);
    return { bales, sliver, combedYarn };
}

async function finishPackages(
    identities: IdentityDirectory,
    runId: string,
    machineId: string,
    combedYarn: string,
): Promise<string> {
    const machine = await identities.machine(machineId);
    try {
        const packages = [`package-${runId}-1`, `package-${runId}-2`];
        await machine.material.transform({
            transformId: `pack-${runId}`,
            machineId,
            processStep: 'winding',
            inputs: [{ lotId: combedYarn, quantityGrams: 281_000 }],
            outputs: packages.map((lotId) => ({ lotId, form: 'package' as const, quantityGrams: 140_000 })),
            tolerancePermille: 10,
            quality: { packageDensityGPerCm3: 0.42, countNe: 40 },
        });
        return packages[0] ?? '';
    } finally {
        machine.close();
    }
}

async function replaceComber(
    identities: IdentityDirectory,
    comberId: string,
    spareId: string | undefined,
    progress: Progress,
): Promise<ScenarioResult['replacement']> {
    const admin = await identities.open(await identities.adminOf(comberId));
    try {
        const registry = new MachineRegistryClient(admin);
        if (spareId === undefined) {
            const successor = await registry.get(comberId);
            const retired = await registry.get(successor.replaces ?? 'comber-c1');
            const retiredHistory = (await registry.history(retired.machineId)).length;
            progress(`   ${retired.machineId} was replaced by ${successor.machineId} in an earlier run`);
            return { retired, successor, retiredHistory, note: 'replaced in an earlier run' };
        }
        const outcome = await registry.replace(comberId, spareId);
        const retiredHistory = (await registry.history(comberId)).length;
        progress(
            `   ${comberId} RETIRED, replaced by ${spareId} (${outcome.successor.status}); ` +
                `${comberId} keeps ${retiredHistory} history entries`,
        );
        return { ...outcome, retiredHistory, note: 'replaced now' };
    } finally {
        admin.close();
    }
}

/**
 * Waits a little for the device agent to move every delivered packet into its machine's chain,
 * then moves what is left (packets delivered while no agent ran) as the machine itself.
 */
async function settleInboxes(machines: MachineSession[], progress: Progress): Promise<void> {
    const agentGrace = Date.now() + 5_000;
    for (const machine of machines) {
        const status = await machine.registry.get(machine.machineId);
        if (status.status !== 'ACTIVE') {
            continue;
        }
        for (let attempt = 0; attempt < 60; attempt += 1) {
            const page = await machine.communication.listMailbox({ machineId: machine.machineId, mailbox: 'inbox' });
            if (page.items.length === 0) {
                break;
            }
            if (Date.now() > agentGrace) {
                // The agent may move the same entries at the same moment: then list again.
                const appended = await appendToChain(machine, page.items.slice(0, LIMITS.blockEntriesMax), (seq) => {
                    progress(`   ${machine.machineId}: block ${seq} appended for packets the agent had not seen`);
                }).catch(() => undefined);
                if (appended) {
                    continue;
                }
            }
            await new Promise((resolve) => setTimeout(resolve, 500));
        }
    }
}

async function verifyChains(identities: IdentityDirectory, machines: LineMachine[]): Promise<ScenarioResult['chains']> {
    const chains: ScenarioResult['chains'] = [];
    for (const machine of machines) {
        const admin = await identities.open(await identities.adminOf(machine.machineId));
        try {
            const verification = await new CommunicationClient(admin)
                .verifyWholeChain(machine.machineId)
                .catch((error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }));
            chains.push({ machineId: machine.machineId, verification });
        } finally {
            admin.close();
        }
    }
    return chains;
}

async function withOperator<T>(
    identities: IdentityDirectory,
    work: (material: MaterialLedgerClient) => Promise<T>,
): Promise<T> {
    const session = await identities.open('milla-operator');
    try {
        return await work(new MaterialLedgerClient(session));
    } finally {
        session.close();
    }
}

function writeLocalData(runDir: string): void {
    const dir = join(runDir, 'machine-data');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
        join(dir, 'lap-former-b1.json'),
        JSON.stringify({ lapWeightGPerM: 72, lapCvPercent: 0.9, speedMPerMin: 120, doffsToday: 38 }, undefined, 2),
    );
}

function short(id: string): string {
    return `${id.slice(0, 12)}…`;
}
