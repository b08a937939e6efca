import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
    type OpcuaReadingSource,
    type RunningSimulator,
    type SignalValue,
    type SimulatedMachineType,
    type SourceReading,
    type OpcuaMachineConfig,
    newMachineSignal,
    simulatorConfig,
} from '@spindle/client/dist/device/opcua';
import { type Logger, pino } from 'pino';

/** A pino logger whose JSON lines a test reads back. */
export function capturedLogger(): { logger: Logger; lines: { code?: string; msg: string; [key: string]: unknown }[] } {
    const lines: { code?: string; msg: string }[] = [];
    const stream = new Writable({
        write(chunk: Buffer, _encoding, done) {
            lines.push(JSON.parse(chunk.toString('utf8')) as { code?: string; msg: string });
            done();
        },
    });
    return { logger: pino({ level: 'debug' }, stream), lines };
}

/**
 * The configuration that reads a simulator, sampling every 100 ms, with the client's certificate in
 * a folder of the tests' own (not the user's node-opcua default).
 */
export function testConfig(
    machineId: string,
    machineType: SimulatedMachineType,
    endpointUrl: string,
): OpcuaMachineConfig {
    return {
        ...simulatorConfig(machineId, machineType, endpointUrl, 100),
        pkiDir: join(tmpdir(), 'spindle-opcua-test-pki'),
    };
}

/** The values a simulator with this type and seed serves at ticks 0..count-1 (fault tuning as given). */
export function predictedTicks(
    machineType: SimulatedMachineType,
    seed: number,
    count: number,
    faults?: { startChance?: number; maxTicks?: number },
): SignalValue[][] {
    const signal = newMachineSignal(machineType, seed, faults);
    return Array.from({ length: count }, () => signal.next());
}

/** The tick of `simulator` that stamped `reading`. */
export function tickOf(simulator: RunningSimulator, reading: SourceReading): number {
    return (Date.parse(reading.sourceTimestamp) - simulator.startedAt.getTime()) / simulator.intervalMs;
}

/** Resolves once `condition` holds, checking every 50 ms; rejects after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > deadline) {
            throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}

/** Closes whatever was opened, ignoring what is already closed: for `after` hooks. */
export async function closeAll(...things: (OpcuaReadingSource | RunningSimulator | undefined)[]): Promise<void> {
    await Promise.all(
        things.map(async (thing) => {
            if (thing && 'stop' in thing) {
                await thing.stop().catch(() => undefined);
            } else {
                await thing?.close().catch(() => undefined);
            }
        }),
    );
}
