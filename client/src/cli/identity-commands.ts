import { join } from 'node:path';
import { Command, Option } from 'commander';
import {
    type GatewayProfile,
    type Registrar,
    type SpindleRole,
    enrollAtProfileCa,
    loadContext,
} from '@spindle/network/client-support';

import { readProfiles } from '../identity/local-network-identities';
import { SpindleError } from '../errors/spindle-error';
import { asWalletIdentity } from '../identity/wallet';
import { CliContext } from './cli-context';

interface EnrollOptions {
    role: SpindleRole;
    mill?: string;
    registrar?: string;
}

const ROLES: readonly SpindleRole[] = ['admin', 'operator', 'machine'];

/**
 * `spindle identity ...`: identities with Spindle's attributes from the fabric-ca a gateway
 * profile names, for networks the network tool did not bring up (a Fabric samples' test network
 * started with its CAs); the local network's `up` issues its own.
 */
export function identityCommand(): Command {
    const identity = new Command('identity').description(
        "enroll admins, operators and machines with Spindle's attributes at the CA a gateway profile names",
    );
    identity
        .command('enroll <label>')
        .description(
            "register and enroll <mill>-admin, <mill>-operator or a machine ID at its mill's CA (the profile's caUrl), into the wallet",
        )
        .addOption(new Option('--role <role>', 'its spindle.role').choices(ROLES).makeOptionMandatory())
        .option('--mill <name>', "the machine's mill (admins and operators: from the label)")
        .option(
            '--registrar <name:secret>',
            "who registers it at the CA (an admin: the CA's bootstrap registrar); default: the mill's admin enrolled before",
        )
        .action(async (label: string, options: EnrollOptions, command: Command) => {
            const cli = CliContext.of(command);
            const profile = profileFor(cli.identities.runDir, label, options);
            if (profile.caUrl === undefined || profile.caName === undefined || profile.caCertificate === undefined) {
                throw new SpindleError(
                    'CA_MISSING',
                    `the gateway profile of ${profile.mill} (${profile.mspId}) names no fabric-ca: its network issued its identities with cryptogen, which cannot put spindle.role or spindle.machine into a certificate, so its Admin and User1 are refused every role-checked call (NOT_AUTHORIZED); start the test network with its CAs (network.sh start -ca) and write the profiles again (npm run network -- samples)`,
                );
            }
            const enrollments = join(cli.identities.runDir, 'enrolled');
            const adminLabel = `${profile.mill.toLowerCase()}-admin`;
            const registrar: Registrar | { enrolledDir: string } =
                options.registrar !== undefined
                    ? parseRegistrar(options.registrar)
                    : { enrolledDir: join(enrollments, adminLabel) };
            if (options.role === 'admin' && 'enrolledDir' in registrar) {
                throw new SpindleError(
                    'INVALID_ARGUMENT',
                    "a mill's admin is registered by the CA's own registrar: give --registrar <name:secret>",
                );
            }
            cli.progress(`enrolling ${label} (${options.role}) at ${profile.caUrl} ...`);
            const enrolled = await enrollAtProfileCa({
                caClient: loadContext().bin('fabric-ca-client'),
                profile: {
                    ...profile,
                    caUrl: profile.caUrl,
                    caName: profile.caName,
                    caCertificate: profile.caCertificate,
                },
                name: label,
                role: options.role,
                registrar,
                dir: enrollments,
            });
            await (await cli.identities.openWallet()).put(label, asWalletIdentity(enrolled));
            if (options.role === 'machine') {
                await cli.identities.encryptionKeys(label);
            }
            cli.result(
                { label, role: options.role, mspId: enrolled.mspId, certificateFile: enrolled.certificateFile },
                () =>
                    `enrolled ${label} (spindle.role=${options.role}) at ${enrolled.mspId}; certificate ${enrolled.certificateFile}`,
            );
        });
    return identity;
}

/**
 * The profile of the mill an identity belongs to: `<mill>-admin` and `<mill>-operator` name it,
 * a machine's comes from `--mill`.
 *
 * @throws SpindleError INVALID_ARGUMENT when the mill is not given or has no profile in the run folder.
 */
function profileFor(runDir: string, label: string, options: EnrollOptions): GatewayProfile {
    const profiles = readProfiles(runDir);
    const millKey =
        options.role === 'machine'
            ? options.mill?.toLowerCase()
            : new RegExp(`^(.+)-${options.role}$`).exec(label)?.[1];
    if (millKey === undefined) {
        throw new SpindleError(
            'INVALID_ARGUMENT',
            options.role === 'machine'
                ? `name the machine's mill with --mill`
                : `an ${options.role}'s label is <mill>-${options.role}, e.g. milla-${options.role}`,
        );
    }
    const profile = profiles.find(
        (candidate) => candidate.mill.toLowerCase() === millKey || candidate.mspId.toLowerCase() === millKey,
    );
    if (!profile) {
        throw new SpindleError(
            'INVALID_ARGUMENT',
            `no gateway profile for ${millKey} in ${join(runDir, 'gateway')} (mills: ${profiles.map((candidate) => candidate.mill).join(', ') || 'none'})`,
        );
    }
    return profile;
}

function parseRegistrar(text: string): Registrar {
    const colon = text.indexOf(':');
    if (colon <= 0 || colon === text.length - 1) {
        throw new SpindleError('INVALID_ARGUMENT', '--registrar is <name>:<secret>');
    }
    return { name: text.slice(0, colon), secret: text.slice(colon + 1) };
}
