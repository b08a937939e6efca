import { mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import {
    OpcuaReadingSource,
    type RunningSimulator,
    type SourceReading,
    parseOpcuaConfig,
    simulatorConfig,
    startMachineSimulator,
} from '@spindle/client/dist/device/opcua';

import { capturedLogger, closeAll, waitUntil } from './opcua-fixtures';

describe('OPC UA reading source over a secured channel', function () {
    this.timeout(20_000);

    const pkiDir = mkdtempSync(join(tmpdir(), 'spindle-opcua-secured-'));
    let simulator: RunningSimulator | undefined;
    let source: OpcuaReadingSource | undefined;

    after(async function () {
        await closeAll(source, simulator);
        rmSync(pkiDir, { recursive: true, force: true });
    });

    it('refuses an untrusted server with OPCUA_SERVER_UNTRUSTED, then reads over SignAndEncrypt once it is trusted', async function () {
        simulator = await startMachineSimulator({
            machineId: 'comber-a1',
            machineType: 'comber',
            intervalMs: 200,
            secured: true,
        });
        const config = parseOpcuaConfig({
            ...simulatorConfig('comber-a1', 'comber', simulator.endpointUrl, 100),
            securityMode: 'SignAndEncrypt',
            securityPolicy: 'Basic256Sha256',
            pkiDir,
        });
        const readings: SourceReading[] = [];
        const open = (): Promise<OpcuaReadingSource> =>
            OpcuaReadingSource.open({
                config,
                logger: capturedLogger().logger,
                onReading: (reading) => readings.push(reading),
                reconnect: { maxRetry: 1, initialDelayMs: 100, maxDelayMs: 200 },
            });

        const refusal = await open().then(
            () => undefined,
            (error: unknown) => error,
        );
        expect((refusal as { code?: string } | undefined)?.code).to.equal('OPCUA_SERVER_UNTRUSTED');

        const rejected = readdirSync(join(pkiDir, 'rejected'));
        expect(rejected).to.have.length(1);
        for (const file of rejected) {
            renameSync(join(pkiDir, 'rejected', file), join(pkiDir, 'trusted', 'certs', file));
        }
        source = await open();
        await waitUntil(() => readings.length >= 3, 5_000, 'readings over the secured channel');
        expect(readings[0]?.machineId).to.equal('comber-a1');
    });
});
