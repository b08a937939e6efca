import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

import type { MillConfig } from '../core/config';
import type { NetworkContext } from '../core/context';
import { NetworkError } from '../core/errors';
import { runCommand } from '../core/exec';
import { endpoint } from '../core/mill-host';

const PROFILE = 'M2MChannel';

/** The genesis block of the channel, made once by configtxgen and kept. */
export function genesisBlockFile(ctx: NetworkContext): string {
    return join(ctx.paths.channelDir, `${ctx.config.channel}.block`);
}

/**
 * Writes configtx.yaml and runs configtxgen to make the channel's genesis block, unless it
 * exists. Every mill is both an orderer organisation (one Raft consenter each, so no single
 * mill controls ordering) and an application organisation with its anchor peer set in the
 * genesis block; lifecycle and endorsement need a majority of mills.
 */
export async function createGenesisBlock(ctx: NetworkContext): Promise<string> {
    const block = genesisBlockFile(ctx);
    if (existsSync(block)) {
        return block;
    }
    for (const mill of ctx.config.mills) {
        const folders = ctx.folders(mill);
        const missing = [folders.orgMsp, folders.orderer.tls.cert].find((file) => !existsSync(file));
        if (missing !== undefined) {
            throw new NetworkError(
                'CONFIG_INVALID',
                `${mill.name}'s organisation definition is missing (${missing}): the mill sends it after "network up --mill ${mill.name}"`,
            );
        }
    }
    mkdirSync(ctx.paths.channelDir, { recursive: true });
    writeFileSync(
        join(ctx.paths.channelDir, 'configtx.yaml'),
        stringify(configtx(ctx), { aliasDuplicateObjects: false }),
    );
    await runCommand(
        ctx.bin('configtxgen'),
        [
            '-configPath',
            ctx.paths.channelDir,
            '-profile',
            PROFILE,
            '-channelID',
            ctx.config.channel,
            '-outputBlock',
            block,
        ],
        { logFile: ctx.stepLog('channel') },
    );
    return block;
}

function configtx(ctx: NetworkContext): Record<string, unknown> {
    const organisations = ctx.config.mills.map((mill) => millOrganisation(ctx, mill));
    const policy = (rule: string) => ({ Type: 'ImplicitMeta', Rule: rule });
    return {
        Organizations: organisations,
        Profiles: {
            [PROFILE]: {
                Capabilities: { V2_0: true },
                Policies: {
                    Readers: policy('ANY Readers'),
                    Writers: policy('ANY Writers'),
                    Admins: policy('MAJORITY Admins'),
                },
                Orderer: {
                    OrdererType: 'etcdraft',
                    BatchTimeout: ctx.config.orderer.batchTimeout,
                    BatchSize: {
                        MaxMessageCount: ctx.config.orderer.maxMessageCount,
                        AbsoluteMaxBytes: '99 MB',
                        PreferredMaxBytes: '2 MB',
                    },
                    EtcdRaft: {
                        Consenters: ctx.config.mills.map((mill) => {
                            const tls = ctx.folders(mill).orderer.tls;
                            return {
                                Host: mill.host.name,
                                Port: mill.ports.orderer,
                                ClientTLSCert: tls.cert,
                                ServerTLSCert: tls.cert,
                            };
                        }),
                        Options: {
                            TickInterval: '500ms',
                            ElectionTick: 10,
                            HeartbeatTick: 1,
                            MaxInflightBlocks: 5,
                            SnapshotIntervalSize: '16 MB',
                        },
                    },
                    Organizations: organisations,
                    Policies: {
                        Readers: policy('ANY Readers'),
                        Writers: policy('ANY Writers'),
                        Admins: policy('MAJORITY Admins'),
                        BlockValidation: policy('ANY Writers'),
                    },
                    Capabilities: { V2_0: true },
                },
                Application: {
                    Organizations: organisations,
                    Policies: {
                        Readers: policy('ANY Readers'),
                        Writers: policy('ANY Writers'),
                        Admins: policy('MAJORITY Admins'),
                        LifecycleEndorsement: policy('MAJORITY Endorsement'),
                        Endorsement: policy('MAJORITY Endorsement'),
                    },
                    Capabilities: { V2_5: true },
                },
            },
        },
    };
}

/**
 * A mill as an organisation of configtx.yaml: its MSP, its policies (admins by the admin role,
 * endorsement by its peers), its orderer endpoint and its anchor peer.
 */
export function millOrganisation(ctx: NetworkContext, mill: MillConfig): Record<string, unknown> {
    const id = mill.mspId;
    const signature = (rule: string) => ({ Type: 'Signature', Rule: rule });
    return {
        Name: id,
        ID: id,
        MSPDir: ctx.folders(mill).orgMsp,
        Policies: {
            Readers: signature(`OR('${id}.admin', '${id}.peer', '${id}.client', '${id}.orderer')`),
            Writers: signature(`OR('${id}.admin', '${id}.client', '${id}.orderer')`),
            Admins: signature(`OR('${id}.admin')`),
            Endorsement: signature(`OR('${id}.peer')`),
        },
        OrdererEndpoints: [endpoint(mill.host, mill.ports.orderer)],
        AnchorPeers: [{ Host: mill.host.name, Port: mill.ports.peer }],
    };
}
