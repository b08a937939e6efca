import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { z } from 'zod';

import { millOrganisation } from '../channel/configtx';
import type { MillConfig } from '../core/config';
import type { NetworkContext } from '../core/context';
import { NetworkError } from '../core/errors';
import { runCommand } from '../core/exec';
import { startCa } from '../identities/ca';
import { issueMillIdentities } from '../identities/identities';
import { sampleConfigDir, writeOrdererConfig, writePeerConfig } from '../processes/node-config';

const requestSchema = z
    .object({
        mill: z.string().regex(/^[A-Z][A-Za-z0-9]{0,30}$/),
        mspId: z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,40}MSP$/),
        /** The organisation as `configtxgen -printOrg` writes it: MSP, policies, endpoints. */
        organisation: z.record(z.unknown()),
        /** The Raft consenter the mill's orderer becomes: its address and TLS certificate (PEM). */
        consenter: z.object({ host: z.string(), port: z.number().int(), tlsCertificate: z.string() }).strict(),
    })
    .strict();

/** What a joining mill sends the consortium: its organisation and its orderer as a consenter. */
export type JoinRequest = z.infer<typeof requestSchema>;

/** Where a mill's `network mill add` writes its join request. */
export function joinRequestFile(ctx: NetworkContext, mill: MillConfig): string {
    return join(ctx.folders(mill).root, 'join-request.json');
}

/**
 * A joining mill's own part: starts its CA, issues its node, admin and operator identities,
 * writes its peer's and orderer's configuration, and writes the join request it sends the
 * consortium's IT teams (no private key in it). Running it again keeps what exists.
 */
export async function prepareJoiningMill(ctx: NetworkContext, mill: MillConfig): Promise<string> {
    await startCa(ctx, mill);
    await issueMillIdentities(ctx, mill);
    const sampleDir = await sampleConfigDir(ctx);
    writePeerConfig(ctx, mill, sampleDir);
    writeOrdererConfig(ctx, mill, sampleDir);
    const dir = join(ctx.folders(mill).root, 'definition');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
        join(dir, 'configtx.yaml'),
        stringify({ Organizations: [millOrganisation(ctx, mill)] }, { aliasDuplicateObjects: false }),
    );
    const printed = await runCommand(ctx.bin('configtxgen'), ['-configPath', dir, '-printOrg', mill.mspId], {
        logFile: ctx.stepLog(`${mill.key}-definition`),
    });
    const request: JoinRequest = {
        mill: mill.name,
        mspId: mill.mspId,
        organisation: z.record(z.unknown()).parse(JSON.parse(printed)),
        consenter: {
            host: mill.host.name,
            port: mill.ports.orderer,
            tlsCertificate: readFileSync(ctx.folders(mill).orderer.tls.cert, 'utf8'),
        },
    };
    const file = joinRequestFile(ctx, mill);
    writeFileSync(file, JSON.stringify(request, null, 2));
    return file;
}

/** Reads a join request a mill sent. @throws NetworkError CONFIG_INVALID */
export function readJoinRequest(file: string): JoinRequest {
    let raw: unknown;
    try {
        raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
        throw new NetworkError('CONFIG_INVALID', `${file}: ${(error as Error).message}`);
    }
    const parsed = requestSchema.safeParse(raw);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new NetworkError('CONFIG_INVALID', `${file}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`);
    }
    return parsed.data;
}
