import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';

import { ProcessTable, assertPortsFree, isPortFree } from '@spindle/network';

function table(): { processes: ProcessTable; dir: string } {
    const dir = mkdtempSync(join(tmpdir(), 'spindle-processes-'));
    return { processes: new ProcessTable(join(dir, 'pids'), join(dir, 'logs')), dir };
}

describe('the process table', function () {
    it('starts a process, finds it by its recorded PID, and stops it', async function () {
        const { processes } = table();
        const record = processes.start({ name: 'sleeper', command: '/bin/sleep', args: ['30'] });
        expect(processes.running('sleeper')?.pid).to.equal(record.pid);
        expect(await processes.stop('sleeper')).to.equal(true);
        expect(processes.running('sleeper')).to.equal(undefined);
        expect(processes.list()).to.deep.equal([]);
    });

    it('does not take a reused PID running another program for its process', async function () {
        const { processes, dir } = table();
        const record = processes.start({ name: 'sleeper', command: '/bin/sleep', args: ['30'] });
        // The PID file now claims the PID runs "orderer": it must not be treated as ours.
        writeFileSync(
            join(dir, 'pids', 'impostor.json'),
            JSON.stringify({ name: 'impostor', pid: record.pid, command: '/opt/fabric/orderer' }),
        );
        expect(processes.running('impostor')).to.equal(undefined);
        expect(await processes.stop('impostor')).to.equal(false);
        expect(processes.running('sleeper')?.pid).to.equal(record.pid);
        await processes.stop('sleeper');
    });

    it('returns from stop only once the process has exited, though it looked gone sooner, so its port is free', async function () {
        this.timeout(20_000);
        const { processes } = table();
        const port = await freePort();
        // On SIGTERM it renames itself, so its command line no longer names the program, and keeps
        // listening 1.5 s more: as a multi-threaded server looks while its threads wind down.
        const script = [
            `require('node:net').createServer().listen(${port}, '127.0.0.1');`,
            "process.on('SIGTERM', () => { process.title = 'exiting'; setTimeout(() => process.exit(0), 1500); });",
        ].join('');
        processes.start({ name: 'server', command: process.execPath, args: ['-e', script] });
        while (await isPortFree(port)) {
            await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(await processes.stop('server')).to.equal(true);
        expect(await isPortFree(port), 'the port right after stop').to.equal(true);
    });

    it('refuses to start a program that does not exist', function () {
        const { processes } = table();
        expect(() => processes.start({ name: 'ghost', command: '/nonexistent/peer', args: [] })).to.throw(
            /^BINARY_MISSING: /,
        );
    });
});

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    await new Promise((resolve) => server.close(resolve));
    return typeof address === 'object' && address ? address.port : 0;
}

describe('port checks', function () {
    it('names a taken port with PORT_TAKEN', async function () {
        const server = createServer();
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        const address = server.address();
        const port = typeof address === 'object' && address ? address.port : 0;
        try {
            expect(await isPortFree(port)).to.equal(false);
            const refused = await assertPortsFree('MillA peer', [port]).then(
                () => undefined,
                (error: unknown) => error,
            );
            expect(refused).to.have.property('code', 'PORT_TAKEN');
            expect((refused as Error).message).to.contain(String(port));
        } finally {
            await new Promise((resolve) => server.close(resolve));
        }
        expect(await isPortFree(port)).to.equal(true);
    });
});
