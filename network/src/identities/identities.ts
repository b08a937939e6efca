import {
    copyFileSync,
    existsSync,
    mkdirSync,
    readFileSync,
    readdirSync,
    renameSync,
    rmSync,
    writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

import type { MillConfig } from '../core/config';
import type { NetworkContext } from '../core/context';
import { eachLimited } from '../core/each-limited';
import { NetworkError } from '../core/errors';
import { type IdentityPaths, type TlsPaths, machinePaths } from '../core/paths';
import { CaClient, type Registration } from './ca';

/** The certificate attribute that carries an identity's Spindle role. */
export const ROLE_ATTRIBUTE = 'spindle.role';
/** The certificate attribute that names the machine a machine identity belongs to. */
export const MACHINE_ATTRIBUTE = 'spindle.machine';

/** fabric-ca-client enrollments of machines run at once, per mill. */
const MACHINE_ENROLLMENTS_AT_ONCE = 6;

/**
 * Issues a mill's identities from its fabric-ca: the peer and the orderer node (MSP and TLS),
 * the mill's admin (role `admin`, allowed to register the mill's machines), an operator for
 * the mill's applications (role `operator`), the chaincode server's TLS key pair, and every
 * machine of the manifest (role `machine`, with its machine ID). Identities already enrolled
 * are kept, so `up` can run again.
 */
export async function issueMillIdentities(ctx: NetworkContext, mill: MillConfig): Promise<void> {
    const folders = ctx.folders(mill);
    const ca = new CaClient(ctx, mill);
    writeOrgMsp(folders.caCert, folders.orgMsp);

    await issue(ca, folders.caCert, { name: 'peer0', type: 'peer' }, folders.peer, true);
    await issue(ca, folders.caCert, { name: 'orderer0', type: 'orderer' }, folders.orderer, true);
    await issue(
        ca,
        folders.caCert,
        {
            name: 'admin-user',
            type: 'admin',
            attributes: {
                [ROLE_ATTRIBUTE]: 'admin',
                'hf.Registrar.Roles': 'client',
                'hf.Registrar.Attributes': 'spindle.*',
                'hf.Revoker': 'true',
            },
        },
        folders.admin,
        true,
    );
    await issue(
        ca,
        folders.caCert,
        { name: 'operator', type: 'client', attributes: { [ROLE_ATTRIBUTE]: 'operator' } },
        folders.operator,
        false,
    );
    if (!existsSync(folders.chaincodeTls.cert)) {
        await ca.register({ name: 'chaincode', type: 'client' });
        await enrollTls(ca, 'chaincode', folders.chaincodeTls);
    }
    const machines = ctx.consortium.mills.find((entry) => entry.name === mill.name)?.machines ?? [];
    // Each machine is two fabric-ca-client runs, mostly waiting on the CA: a few at a time make
    // a line of hundreds of machines take a minute, not several. The registrar is enrolled above.
    await eachLimited(machines, MACHINE_ENROLLMENTS_AT_ONCE, async (machine) => {
        await issue(
            ca,
            folders.caCert,
            {
                name: machine.id,
                type: 'client',
                attributes: { [ROLE_ATTRIBUTE]: 'machine', [MACHINE_ATTRIBUTE]: machine.id },
            },
            machinePaths(folders, machine.id),
            false,
        );
    });
}

/** An identity enrolled for a client: where its MSP folder is, and its PEM credentials. */
export interface EnrolledIdentity {
    mspId: string;
    mspDir: string;
    certificateFile: string;
    privateKeyFile: string;
    certificatePem: string;
    privateKeyPem: string;
}

/**
 * Registers (if needed) and enrolls an identity at a mill's fabric-ca into `dir/msp`, with
 * its attributes in the certificate; an identity already enrolled there is returned as is.
 */
export async function enrollIdentity(
    ctx: NetworkContext,
    mill: MillConfig,
    registration: Registration,
    dir: string,
): Promise<EnrolledIdentity> {
    const folders = ctx.folders(mill);
    const identity: IdentityPaths = { dir, msp: join(dir, 'msp'), tls: { dir, cert: '', key: '', ca: '' } };
    await issue(new CaClient(ctx, mill), folders.caCert, registration, identity, false);
    const keystore = join(identity.msp, 'keystore');
    const certificateFile = join(identity.msp, 'signcerts', 'cert.pem');
    const privateKeyFile = join(keystore, onlyFile(keystore));
    return {
        mspId: mill.mspId,
        mspDir: identity.msp,
        certificateFile,
        privateKeyFile,
        certificatePem: readFileSync(certificateFile, 'utf8'),
        privateKeyPem: readFileSync(privateKeyFile, 'utf8'),
    };
}

async function issue(
    ca: CaClient,
    caCert: string,
    registration: Registration,
    identity: IdentityPaths,
    withTls: boolean,
): Promise<void> {
    const enrolled = existsSync(join(identity.msp, 'signcerts', 'cert.pem'));
    if (enrolled && (!withTls || existsSync(identity.tls.cert))) {
        return;
    }
    await ca.register(registration);
    if (!enrolled) {
        await ca.enroll(registration.name, identity.msp);
        normaliseMsp(identity.msp, caCert);
    }
    if (withTls) {
        await enrollTls(ca, registration.name, identity.tls);
    }
}

/** Enrolls a TLS key pair and lays it out as `server.crt`, `server.key`, `ca.crt`. */
async function enrollTls(ca: CaClient, name: string, tls: TlsPaths): Promise<void> {
    const raw = join(tls.dir, 'enrollment');
    rmSync(raw, { recursive: true, force: true });
    await ca.enroll(name, raw, 'tls');
    copyFileSync(join(raw, 'signcerts', 'cert.pem'), tls.cert);
    copyFileSync(join(raw, 'keystore', onlyFile(join(raw, 'keystore'))), tls.key);
    copyFileSync(join(raw, 'tlscacerts', onlyFile(join(raw, 'tlscacerts'))), tls.ca);
}

/** Renames the enrolled CA certificate to `cacerts/ca.pem` and adds the NodeOU config. */
function normaliseMsp(msp: string, caCert: string): void {
    const cacerts = join(msp, 'cacerts');
    const issued = onlyFile(cacerts);
    if (issued !== 'ca.pem') {
        renameSync(join(cacerts, issued), join(cacerts, 'ca.pem'));
    }
    mkdirSync(join(msp, 'tlscacerts'), { recursive: true });
    copyFileSync(caCert, join(msp, 'tlscacerts', 'ca.pem'));
    writeFileSync(join(msp, 'config.yaml'), nodeOuConfig());
}

/** The mill's MSP as the channel knows it: its CA, its TLS CA and NodeOU roles. */
function writeOrgMsp(caCert: string, orgMsp: string): void {
    mkdirSync(join(orgMsp, 'cacerts'), { recursive: true });
    mkdirSync(join(orgMsp, 'tlscacerts'), { recursive: true });
    copyFileSync(caCert, join(orgMsp, 'cacerts', 'ca.pem'));
    // One fabric-ca per mill issues both enrollment and TLS certificates.
    copyFileSync(caCert, join(orgMsp, 'tlscacerts', 'ca.pem'));
    writeFileSync(join(orgMsp, 'config.yaml'), nodeOuConfig());
}

/** NodeOUs turn the `OU` fabric-ca writes from the identity type into MSP roles. */
function nodeOuConfig(): string {
    const ou = (name: string): string =>
        `  ${name}:\n    Certificate: cacerts/ca.pem\n    OrganizationalUnitIdentifier: ${name.replace('OUIdentifier', '').toLowerCase()}\n`;
    return `NodeOUs:\n  Enable: true\n${['ClientOUIdentifier', 'PeerOUIdentifier', 'AdminOUIdentifier', 'OrdererOUIdentifier'].map(ou).join('')}`;
}

function onlyFile(dir: string): string {
    const files = readdirSync(dir);
    const [first] = files;
    if (files.length !== 1 || first === undefined) {
        throw new NetworkError('STEP_FAILED', `expected one file in ${dir}, found ${files.length}`);
    }
    return first;
}
