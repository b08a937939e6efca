import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { OpcuaReadingSource, loadOpcuaConfig, parseOpcuaConfig } from '@spindle/client/dist/device/opcua';

import { spindleCodeOf } from '../support/spindle-error-code';
import { capturedLogger } from './opcua-fixtures';

const valid = {
    machineId: 'lap-former-b1',
    endpointUrl: 'opc.tcp://10.0.4.21:4840',
    securityMode: 'SignAndEncrypt',
    securityPolicy: 'Basic256Sha256',
    user: { userName: 'spindle', password: 'secret' },
    readings: [
        { variable: 'lapWeight', nodeId: 'ns=3;s=Lap.Weight', unit: 'g/m' },
        { variable: 'cv', nodeId: 'ns=3;i=1042', unit: '%' },
    ],
};

describe('OPC UA machine configuration', function () {
    it('accepts a secured configuration and defaults the sampling interval', function () {
        const config = parseOpcuaConfig(valid);
        expect(config.securityPolicy).to.equal('Basic256Sha256');
        expect(config.samplingIntervalMs).to.equal(1000);
    });

    const refusals: [string, Record<string, unknown>][] = [
        ['a mode without a policy', { securityPolicy: 'None' }],
        ['a policy without a mode', { securityMode: 'None' }],
        ['an unknown policy', { securityPolicy: 'Basic128Rsa15' }],
        ['an endpoint that is not opc.tcp', { endpointUrl: 'http://10.0.4.21:4840' }],
        ['a variable mapped twice', { readings: [valid.readings[0], valid.readings[0]] }],
        ['no readings', { readings: [] }],
        ['an unknown field', { retries: 3 }],
        [
            'a variable name outside the pattern',
            { readings: [{ variable: 'Lap Weight', nodeId: 'ns=3;i=1', unit: 'g/m' }] },
        ],
    ];
    for (const [what, change] of refusals) {
        it(`refuses ${what} with OPCUA_CONFIG_INVALID`, function () {
            expect(spindleCodeOf(() => parseOpcuaConfig({ ...valid, ...change }))).to.equal('OPCUA_CONFIG_INVALID');
        });
    }

    it('refuses a file that is not JSON, or missing, with OPCUA_CONFIG_INVALID', function () {
        const dir = mkdtempSync(join(tmpdir(), 'spindle-opcua-config-'));
        writeFileSync(join(dir, 'bad.json'), '{ "machineId": ');
        writeFileSync(join(dir, 'good.json'), JSON.stringify(valid));
        try {
            expect(spindleCodeOf(() => loadOpcuaConfig(join(dir, 'bad.json')))).to.equal('OPCUA_CONFIG_INVALID');
            expect(spindleCodeOf(() => loadOpcuaConfig(join(dir, 'missing.json')))).to.equal('OPCUA_CONFIG_INVALID');
            expect(loadOpcuaConfig(join(dir, 'good.json')).machineId).to.equal('lap-former-b1');
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it('fails to open with OPCUA_CONNECT_FAILED when nothing listens at the endpoint', async function () {
        this.timeout(10_000);
        const config = parseOpcuaConfig({
            ...valid,
            endpointUrl: 'opc.tcp://127.0.0.1:9',
            securityMode: 'None',
            securityPolicy: 'None',
            user: undefined,
        });
        const failure = await OpcuaReadingSource.open({
            config,
            logger: capturedLogger().logger,
            onReading: () => undefined,
            reconnect: { maxRetry: 1, initialDelayMs: 100, maxDelayMs: 200 },
        }).then(
            () => undefined,
            (error: unknown) => error,
        );
        expect((failure as { code?: string } | undefined)?.code).to.equal('OPCUA_CONNECT_FAILED');
    });
});
