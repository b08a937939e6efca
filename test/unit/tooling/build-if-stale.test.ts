import { spawnSync } from 'node:child_process';
import {
    existsSync,
    mkdirSync,
    mkdtempSync,
    readFileSync,
    rmSync,
    symlinkSync,
    utimesSync,
    writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { expect } from 'chai';

const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');
const SCRIPT = join(REPO_ROOT, 'scripts', 'build-if-stale.mjs');
const AN_HOUR_AGO = new Date(Date.now() - 3_600_000);
const HALF_AN_HOUR_AGO = new Date(Date.now() - 1_800_000);

/** A repository of one TypeScript project `a`, every file an hour old, built half an hour ago. */
function builtRepository(): string {
    const root = mkdtempSync(join(tmpdir(), 'spindle-build-if-stale-'));
    const files: Record<string, string> = {
        'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './a' }] }),
        'a/tsconfig.json': JSON.stringify({
            compilerOptions: {
                composite: true,
                rootDir: 'src',
                outDir: 'dist',
                module: 'commonjs',
                target: 'ES2022',
                types: [],
                skipLibCheck: true,
            },
            include: ['src'],
        }),
        'a/src/greeting.ts': "export const greeting = 'hello';\n",
        'a/src/other.ts': 'export const other = 1;\n',
        'build/.built': '',
    };
    for (const [file, text] of Object.entries(files)) {
        mkdirSync(dirname(join(root, file)), { recursive: true });
        writeFileSync(join(root, file), text);
    }
    for (const path of ['a/src/greeting.ts', 'a/src/other.ts', 'a/src', 'a/tsconfig.json', 'a', 'tsconfig.json']) {
        utimesSync(join(root, path), AN_HOUR_AGO, AN_HOUR_AGO);
    }
    utimesSync(join(root, 'build/.built'), HALF_AN_HOUR_AGO, HALF_AN_HOUR_AGO);
    return root;
}

function run(root: string, ...args: string[]): number | null {
    return spawnSync(process.execPath, [SCRIPT, ...args], { cwd: root, encoding: 'utf8' }).status;
}

describe('the build-if-stale step of npm start, npm run spindle and npm run network', function () {
    this.timeout(60_000);
    let root = '';

    beforeEach(function () {
        root = builtRepository();
    });

    afterEach(function () {
        rmSync(root, { recursive: true, force: true });
    });

    it('finds a build newer than every source fresh', function () {
        expect(run(root, '--check')).to.equal(0);
    });

    it('finds it stale without a previous build', function () {
        rmSync(join(root, 'build/.built'));
        expect(run(root, '--check')).to.equal(1);
    });

    it('finds it stale when a source changed after the build', function () {
        writeFileSync(join(root, 'a/src/greeting.ts'), "export const greeting = 'hi';\n");
        expect(run(root, '--check')).to.equal(1);
    });

    it('finds it stale when a source was deleted after the build', function () {
        rmSync(join(root, 'a/src/other.ts'));
        expect(run(root, '--check')).to.equal(1);
    });

    it("ignores the build's own outputs and records written into a project", function () {
        mkdirSync(join(root, 'a/dist'));
        writeFileSync(join(root, 'a/dist/greeting.js'), '');
        writeFileSync(join(root, 'a/tsconfig.tsbuildinfo'), '{}');
        expect(run(root, '--check')).to.equal(0);
    });

    it('compiles a stale repository, and is fresh afterwards until a source changes', function () {
        this.timeout(180_000);
        symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'));
        rmSync(join(root, 'build/.built'));
        expect(run(root)).to.equal(0);
        expect(readFileSync(join(root, 'a/dist/greeting.js'), 'utf8')).to.contain("'hello'");
        expect(existsSync(join(root, 'build/.built'))).to.equal(true);
        expect(run(root, '--check')).to.equal(0);

        writeFileSync(join(root, 'a/src/greeting.ts'), "export const greeting = 'hi';\n");
        expect(run(root, '--check')).to.equal(1);
    });
});
