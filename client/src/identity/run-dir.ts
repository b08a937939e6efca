import { resolve } from 'node:path';
import { layoutFromEnv, runFolderName } from '@spindle/network/client-support';

/**
 * The default run folder: SPINDLE_RUN_DIR when set, as for the network tool, else `run/` at the
 * repository root (`run-netns/` when SPINDLE_LAYOUT=netns).
 */
export function defaultRunDir(environment: NodeJS.ProcessEnv = process.env): string {
    const fromEnvironment = environment.SPINDLE_RUN_DIR;
    return fromEnvironment !== undefined && fromEnvironment !== ''
        ? resolve(fromEnvironment)
        : resolve(__dirname, '..', '..', '..', runFolderName(layoutFromEnv(environment.SPINDLE_LAYOUT)));
}
