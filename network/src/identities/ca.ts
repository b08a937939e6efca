import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import type { MillConfig } from '../core/config';
import type { NetworkContext } from '../core/context';
import { NetworkError } from '../core/errors';
import { runCommand } from '../core/exec';
import { ensureService } from '../processes/service';

/** The CA name of a mill's fabric-ca, which clients must name in every request. */
export function caName(mill: MillConfig): string {
    return `ca-${mill.key}`;
}

/** The URL of a mill's fabric-ca. */
export function caUrl(mill: MillConfig, user?: { name: string; secret: string }): string {
    const credentials = user ? `${encodeURIComponent(user.name)}:${encodeURIComponent(user.secret)}@` : '';
    return `https://${credentials}${mill.host.name}:${mill.ports.ca}`;
}

/** The name of a mill's CA process. */
export function caProcessName(mill: MillConfig): string {
    return `${mill.key}-ca`;
}

/**
 * Starts a mill's fabric-ca with TLS, unless it already runs, and waits until its operations
 * endpoint is healthy and its CA certificate exists. Its bootstrap secret is random per
 * network and kept in the mill's secrets file.
 */
export async function startCa(ctx: NetworkContext, mill: MillConfig): Promise<void> {
    const folders = ctx.folders(mill);
    mkdirSync(folders.caHome, { recursive: true });
    await ensureService(ctx, {
        name: caProcessName(mill),
        owner: `${mill.name}'s CA`,
        command: ctx.bin('fabric-ca-server'),
        args: [
            'start',
            '-b',
            `admin:${secretOf(ctx, mill, 'admin')}`,
            '--home',
            folders.caHome,
            '--port',
            String(mill.ports.ca),
        ],
        env: {
            FABRIC_CA_SERVER_CA_NAME: caName(mill),
            FABRIC_CA_SERVER_TLS_ENABLED: 'true',
            FABRIC_CA_SERVER_CSR_CN: `ca.${mill.key}.spindle`,
            FABRIC_CA_SERVER_CSR_HOSTS: mill.host.tlsHosts.join(','),
            FABRIC_CA_SERVER_ADDRESS: mill.host.listen,
            FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS: `${mill.host.listen}:${mill.ports.caOperations}`,
        },
        ports: [mill.ports.ca, mill.ports.caOperations],
        operationsPort: mill.ports.caOperations,
        host: mill.host,
        ready: () => existsSync(folders.caCert),
    });
}

/**
 * The secret of an identity of a mill's CA, made up once and kept (mode 0600) in the mill's
 * secrets file, so `up` can register and re-enroll idempotently.
 */
export function secretOf(ctx: NetworkContext, mill: MillConfig, identity: string): string {
    const file = ctx.folders(mill).secretsFile;
    const secrets = readSecrets(file);
    const known = secrets[identity];
    if (known) {
        return known;
    }
    const secret = randomBytes(18).toString('base64url');
    secrets[identity] = secret;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    return secret;
}

function readSecrets(file: string): Record<string, string> {
    if (!existsSync(file)) {
        return {};
    }
    const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof raw !== 'object' || raw === null) {
        throw new NetworkError('CONFIG_INVALID', `${file} is not a JSON object`);
    }
    return Object.fromEntries(
        Object.entries(raw).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
}

/** What to register: the identity's type and the attributes its certificates carry. */
export interface Registration {
    name: string;
    type: 'peer' | 'orderer' | 'admin' | 'client';
    /** Attributes of the identity; `spindle.*` ones are put into its enrollment certificate. */
    attributes?: Record<string, string>;
}

/** Runs fabric-ca-client against one mill's CA. */
export class CaClient {
    private readonly logFile: string;

    constructor(
        private readonly ctx: NetworkContext,
        private readonly mill: MillConfig,
    ) {
        this.logFile = ctx.stepLog(`${mill.key}-enroll`);
    }

    /** Registers an identity with the CA's bootstrap admin; registering it again is not an error. */
    async register(registration: Registration): Promise<string> {
        const secret = secretOf(this.ctx, this.mill, registration.name);
        await this.ensureRegistrar();
        const args = [
            'register',
            '-H',
            this.ctx.folders(this.mill).registrarHome,
            '-u',
            caUrl(this.mill),
            '--id.name',
            registration.name,
            '--id.secret',
            secret,
            '--id.type',
            registration.type,
        ];
        // Spindle's own attributes go into the enrollment certificate, where the chaincode reads them.
        const attributes = Object.entries(registration.attributes ?? {}).map(([key, value]) =>
            key.startsWith('spindle.') ? `${key}=${value}:ecert` : `${key}=${value}`,
        );
        if (attributes.length > 0) {
            args.push('--id.attrs', attributes.join(','));
        }
        try {
            await this.client(args);
        } catch (error) {
            if (!(error instanceof NetworkError && /already registered/i.test(error.message))) {
                throw error;
            }
        }
        return secret;
    }

    /**
     * Enrolls an identity into `mspDir`, or for TLS (`profile: 'tls'`) into a folder whose key
     * pair is then copied to `server.crt`, `server.key` and `ca.crt`.
     */
    async enroll(name: string, mspDir: string, profile?: 'tls'): Promise<void> {
        const secret = secretOf(this.ctx, this.mill, name);
        const args = [
            'enroll',
            '-H',
            join(dirname(mspDir), '.ca-client'),
            '-u',
            caUrl(this.mill, { name, secret }),
            '-M',
            mspDir,
            '--csr.hosts',
            this.mill.host.tlsHosts.join(','),
        ];
        if (profile) {
            args.push('--enrollment.profile', profile);
        }
        await this.client(args);
    }

    private async ensureRegistrar(): Promise<void> {
        const home = this.ctx.folders(this.mill).registrarHome;
        if (existsSync(join(home, 'msp', 'signcerts', 'cert.pem'))) {
            return;
        }
        const secret = secretOf(this.ctx, this.mill, 'admin');
        await this.client(['enroll', '-H', home, '-u', caUrl(this.mill, { name: 'admin', secret })]);
    }

    private client(args: string[]): Promise<string> {
        return runCommand(
            this.ctx.bin('fabric-ca-client'),
            [...args, '--caname', caName(this.mill), '--tls.certfiles', this.ctx.folders(this.mill).caCert],
            { logFile: this.logFile },
        );
    }
}
