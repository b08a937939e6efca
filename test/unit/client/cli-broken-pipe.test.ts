import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { expect } from 'chai';

const CLI = resolve(__dirname, '..', '..', '..', '..', 'client', 'dist', 'cli', 'main.js');

describe('the spindle CLI and a reader that stops early', function () {
    this.timeout(30_000);

    it('ends quietly when its output pipe is closed, like `spindle ... | head`, with no EPIPE stack', async function () {
        const child = spawn(process.execPath, [CLI, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
        // The reader goes away before the CLI writes a line.
        child.stdout.destroy();
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => {
            stderr += chunk.toString('utf8');
        });
        const status = await new Promise<number | null>((done) => child.on('close', done));
        expect(stderr).not.to.match(/EPIPE|\n\s+at /);
        expect(status).to.equal(0);
    });
});
