// Runs `tsc -b` only when a source changed since the last build, so that `npm start`,
// `npm run spindle` and `npm run network` start at once when nothing did (a no-op `tsc -b`
// still reads every file of every project: seconds on each call).
//
// Plain JavaScript (type-checked through JSDoc by scripts/tsconfig.json), since it runs before
// anything is compiled, from the repository root:
//   node scripts/build-if-stale.mjs          build when stale
//   node scripts/build-if-stale.mjs --check  only say: exit 0 when fresh, 1 when stale
// @ts-check
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

/** Written after each successful build, with the mtime of the moment that build started. */
const STAMP = join('build', '.built');
/** Folders that hold outputs or installed packages, never sources. */
const SKIPPED = new Set(['node_modules', 'dist', 'build', '.git']);
/** Files outside the projects whose change can change the build: compiler options, installed types. */
const SHARED_INPUTS = ['tsconfig.json', 'tsconfig.base.json', 'package-lock.json', 'node_modules/.package-lock.json'];

/**
 * The project folders the root tsconfig.json references.
 * @param {string} root
 * @returns {string[]}
 */
function projectFolders(root) {
    /** @type {unknown} */
    const parsed = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));
    const references = typeof parsed === 'object' && parsed !== null && 'references' in parsed ? parsed.references : [];
    if (!Array.isArray(references) || references.length === 0) {
        throw new Error('BUILD_CONFIG_INVALID: tsconfig.json has no "references" list');
    }
    return references.map((/** @type {{ path?: unknown }} */ reference) => {
        const path = reference.path;
        if (typeof path !== 'string') {
            throw new Error('BUILD_CONFIG_INVALID: a reference in tsconfig.json has no "path"');
        }
        return join(root, path);
    });
}

/**
 * The newest mtime of any input: every file of every project, every folder below a project's
 * own (its mtime moves when a file in it is added, renamed or deleted), and the shared inputs.
 * The build's own records (`*.tsbuildinfo`, written into the project folders) do not count.
 * @param {string} root
 * @returns {number}
 */
function newestInput(root) {
    let newest = 0;
    /** @type {(path: string, isProjectFolder?: boolean) => void} */
    const visit = (path, isProjectFolder = false) => {
        const stat = statSync(path);
        if (!isProjectFolder) {
            newest = Math.max(newest, stat.mtimeMs);
        }
        if (stat.isDirectory()) {
            for (const entry of readdirSync(path)) {
                if (!SKIPPED.has(entry) && !entry.endsWith('.tsbuildinfo')) {
                    visit(join(path, entry));
                }
            }
        }
    };
    projectFolders(root).forEach((folder) => {
        visit(folder, true);
    });
    SHARED_INPUTS.map((file) => join(root, file))
        .filter((file) => existsSync(file))
        .forEach((file) => {
            visit(file);
        });
    return newest;
}

/**
 * Whether the last build is older than some input, or there was none.
 * @param {string} root
 * @returns {boolean}
 */
function isStale(root) {
    const stamp = join(root, STAMP);
    return !existsSync(stamp) || newestInput(root) > statSync(stamp).mtimeMs;
}

/**
 * Runs `tsc -b` and, when it succeeds, stamps the build.
 * @param {string} root
 * @returns {number} tsc's exit code
 */
function build(root) {
    const started = new Date();
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '-b'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) {
        return result.status ?? 1;
    }
    // Stamped with the start: a file saved while tsc ran is newer, so the next call builds again.
    mkdirSync(join(root, 'build'), { recursive: true });
    writeFileSync(join(root, STAMP), '');
    utimesSync(join(root, STAMP), started, started);
    return 0;
}

const root = process.cwd();
if (process.argv.includes('--check')) {
    process.exitCode = isStale(root) ? 1 : 0;
} else if (isStale(root)) {
    process.exitCode = build(root);
}
