import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';

import {
    type Consortium,
    type MillConfig,
    type NetworkConfig,
    loadConsortium,
    loadNetworkConfig,
    portOffsetFromEnv,
} from './config';
import { NetworkError } from './errors';
import { readJoinedMills } from './joined-mills';
import { layoutFromEnv } from './mill-host';
import { type MillPaths, type NetworkPaths, millPaths, resolvePaths } from './paths';
import { ProcessTable } from './process-table';

/** The Fabric programs the tool runs. */
export type FabricBinary =
    'peer' | 'orderer' | 'configtxgen' | 'configtxlator' | 'osnadmin' | 'fabric-ca-server' | 'fabric-ca-client';

/** Everything a network command needs: inputs, paths and the process table. */
export interface NetworkContext {
    paths: NetworkPaths;
    config: NetworkConfig;
    consortium: Consortium;
    processes: ProcessTable;
    /** The path of a Fabric binary. @throws NetworkError BINARY_MISSING */
    bin(name: FabricBinary): string;
    folders(mill: MillConfig): MillPaths;
    /** The log of a step that is not a long-running process (enrollment, channel, chaincode). */
    stepLog(name: string): string;
}

/**
 * Loads the topology (moved by SPINDLE_PORT_OFFSET, laid out by SPINDLE_LAYOUT) and the manifest
 * and lays out the run folder.
 */
export function loadContext(paths: NetworkPaths = resolvePaths()): NetworkContext {
    const config = loadNetworkConfig(
        paths.networkConfigFile,
        portOffsetFromEnv(),
        readJoinedMills(paths),
        layoutFromEnv(),
    );
    const loaded = loadConsortium(paths.consortiumFile, config, paths.chaincodeConsortiumFile);
    // A mill's machines are the network's once the mill is on the channel.
    const consortium = {
        ...loaded,
        mills: loaded.mills.filter((mill) => config.mills.some((member) => member.name === mill.name)),
    };
    return {
        paths,
        config,
        consortium,
        processes: new ProcessTable(paths.pidsDir, paths.logsDir),
        bin(name) {
            const file = join(paths.binDir, name);
            try {
                accessSync(file, constants.X_OK);
            } catch {
                throw new NetworkError(
                    'BINARY_MISSING',
                    `${file} is missing; build the Fabric binaries with network/build-binaries.sh (or run "npm run network -- up", which builds them)`,
                );
            }
            return file;
        },
        folders: (mill) => millPaths(paths, mill),
        stepLog: (name) => join(paths.logsDir, `${name}.log`),
    };
}
