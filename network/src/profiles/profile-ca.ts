import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

import { NetworkError } from '../core/errors';
import { runCommand } from '../core/exec';
import type { EnrolledIdentity } from '../identities/identities';
import { MACHINE_ATTRIBUTE, ROLE_ATTRIBUTE } from '../identities/identities';
import type { GatewayProfile } from './gateway-profile';

/** A Spindle role an identity is enrolled with: its `spindle.role` attribute. */
export type SpindleRole = 'admin' | 'operator' | 'machine';

/** A fabric-ca identity that may register others: its name and secret (e.g. the CA's bootstrap admin). */
export interface Registrar {
    name: string;
    secret: string;
}

/** What to enroll at the fabric-ca a gateway profile names. */
export interface ProfileEnrollment {
    /** The fabric-ca-client binary. */
    caClient: string;
    profile: GatewayProfile & { caUrl: string; caName: string; caCertificate: string };
    /** The identity's name at the CA and its wallet label: `milla-admin`, `carding-a1`. */
    name: string;
    role: SpindleRole;
    /**
     * Who registers it: a given registrar (enrolled first into `<dir>/<registrar>`), else the
     * folder of an identity enrolled here before (the mill's Spindle admin).
     */
    registrar: Registrar | { enrolledDir: string };
    /** Where enrollments, their secrets (0600) and the fabric-ca-client log go. */
    dir: string;
}

/**
 * The attributes of each role, as the local network's CAs issue them: `spindle.role` (and for a
 * machine `spindle.machine`) in the enrollment certificate; a mill's admin may register its
 * mill's operators and machines with Spindle's attributes, and revoke them.
 */
function attributesOf(role: SpindleRole, name: string): string {
    const spindle = `${ROLE_ATTRIBUTE}=${role}:ecert`;
    if (role === 'admin') {
        return `${spindle},hf.Registrar.Roles=client,hf.Registrar.Attributes=spindle.*,hf.Revoker=true`;
    }
    return role === 'machine' ? `${spindle},${MACHINE_ATTRIBUTE}=${name}:ecert` : spindle;
}

/**
 * Registers (once) and enrolls an identity with Spindle's attributes at the fabric-ca a gateway
 * profile names, such as a Fabric samples' test network's CA: into `<dir>/<name>/msp`. An identity
 * enrolled there before is returned as it is.
 *
 * @throws NetworkError STEP_FAILED when fabric-ca-client fails (the CA refused or is unreachable).
 */
export async function enrollAtProfileCa(request: ProfileEnrollment): Promise<EnrolledIdentity> {
    const home = join(request.dir, request.name);
    const msp = join(home, 'msp');
    if (!existsSync(join(msp, 'signcerts', 'cert.pem'))) {
        const registrarHome = await registrarHomeOf(request);
        const secret = secretOf(join(request.dir, `secrets-${request.profile.mspId}.json`), request.name);
        await caClient(request, [
            'register',
            '-H',
            registrarHome,
            '-u',
            request.profile.caUrl,
            '--id.name',
            request.name,
            '--id.secret',
            secret,
            '--id.type',
            request.role === 'admin' ? 'admin' : 'client',
            '--id.attrs',
            attributesOf(request.role, request.name),
        ]).catch((error: unknown) => {
            // Registered by an earlier run that stopped before enrolling: the kept secret still works.
            if (!(error instanceof NetworkError && /already registered/i.test(error.message))) {
                throw error;
            }
        });
        await caClient(request, ['enroll', '-H', home, '-u', withUser(request.profile.caUrl, request.name, secret)]);
    }
    const keystore = join(msp, 'keystore');
    const [key] = readdirSync(keystore);
    const certificateFile = join(msp, 'signcerts', 'cert.pem');
    const privateKeyFile = join(keystore, key ?? 'missing-key');
    return {
        mspId: request.profile.mspId,
        mspDir: msp,
        certificateFile,
        privateKeyFile,
        certificatePem: readFileSync(certificateFile, 'utf8'),
        privateKeyPem: readFileSync(privateKeyFile, 'utf8'),
    };
}

async function registrarHomeOf(request: ProfileEnrollment): Promise<string> {
    if ('enrolledDir' in request.registrar) {
        if (!existsSync(join(request.registrar.enrolledDir, 'msp', 'signcerts', 'cert.pem'))) {
            throw new NetworkError(
                'CONFIG_INVALID',
                `no registrar enrolled in ${request.registrar.enrolledDir}: enroll the mill's admin first, or name a registrar`,
            );
        }
        return request.registrar.enrolledDir;
    }
    const { name, secret } = request.registrar;
    const home = join(request.dir, '.registrars', `${request.profile.mspId}-${name}`);
    if (!existsSync(join(home, 'msp', 'signcerts', 'cert.pem'))) {
        await caClient(request, ['enroll', '-H', home, '-u', withUser(request.profile.caUrl, name, secret)]);
    }
    return home;
}

function caClient(request: ProfileEnrollment, args: string[]): Promise<string> {
    return runCommand(
        request.caClient,
        [...args, '--caname', request.profile.caName, '--tls.certfiles', request.profile.caCertificate],
        { logFile: join(request.dir, 'fabric-ca-client.log') },
    );
}

function withUser(url: string, name: string, secret: string): string {
    const parsed = new URL(url);
    parsed.username = encodeURIComponent(name);
    parsed.password = encodeURIComponent(secret);
    return parsed.toString().replace(/\/$/, '');
}

/** The secret of an identity registered at a mill's CA, made up once and kept (0600) in the mill's secrets file. */
function secretOf(file: string, key: string): string {
    const secrets = existsSync(file) ? z.record(z.string()).parse(JSON.parse(readFileSync(file, 'utf8'))) : {};
    const known = secrets[key];
    if (known !== undefined) {
        return known;
    }
    const secret = randomBytes(18).toString('base64url');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ ...secrets, [key]: secret }, null, 2), { mode: 0o600 });
    return secret;
}
