import { join } from 'node:path';
import { Command, Option } from 'commander';
import { MACHINE_STATUSES, PROCESS_STEPS, processStepOf, type MachineRecord } from '@spindle/chaincode/protocol';
import {
    MACHINE_ATTRIBUTE,
    ROLE_ATTRIBUTE,
    enrollIdentity,
    loadContext,
    type EnrolledIdentity,
    type MillConfig,
} from '@spindle/network/client-support';

import { renewMachineCertificate } from '../identity/certificate-renewal';
import { MachineRegistryClient } from '../contracts/machine-registry-client';
import { SpindleError } from '../errors/spindle-error';
import { asWalletIdentity } from '../identity/wallet';
import { CliContext } from './cli-context';
import { certificateExpiry, machineDetails, machineLine } from './format';
import { isProcessStep, machineTypeHelp, manifestMachines, parseMachineType } from '../identity/machine-descriptions';
import { millByNameOrMspId } from './mill-config';
import { withSession } from './with-session';

interface RegisterOptions {
    type?: string;
    step?: string;
    line: string;
    vendor: string;
    serial?: string;
}

/** `spindle machine ...`: the Machine-Equipment Blockchain and its key pool. */
export function machineCommand(): Command {
    const machine = new Command('machine').description('enroll, register and manage machines');

    machine
        .command('enroll <machineId>')
        .description("issue a machine identity at its mill's fabric-ca (register, then enroll, role attributes)")
        .requiredOption('--mill <name>', 'the mill, e.g. MillA')
        .option('--force', 'replace a working identity of the machine (it is then refused until renewed)')
        .action(async (machineId: string, options: { mill: string; force?: boolean }, command: Command) => {
            const cli = CliContext.of(command);
            if (options.force !== true && (await cli.identities.holds(machineId))) {
                throw new SpindleError(
                    'CONFLICT',
                    `${machineId} already has a working identity; move it to a new certificate with \`spindle machine renew ${machineId}\`, or replace it with --force`,
                );
            }
            const mill = millNamed(options.mill);
            cli.progress(`enrolling ${machineId} at ${mill.name}'s fabric-ca ...`);
            const enrolled = await enrollMachine(mill, machineId, join(cli.identities.runDir, 'enrolled', machineId));
            await (await cli.identities.openWallet()).put(machineId, asWalletIdentity(enrolled));
            await cli.identities.encryptionKeys(machineId);
            cli.result(
                { machineId, mspId: enrolled.mspId, certificateFile: enrolled.certificateFile },
                () => `enrolled ${machineId} at ${enrolled.mspId}; certificate ${enrolled.certificateFile}`,
            );
        });

    machine
        .command('renew <machineId>')
        .description(
            "move a machine to a new certificate from its mill's fabric-ca: signed by its old key, or approved by its mill's admin with --lost-key; the wallet switches once the ledger accepted it",
        )
        .option('--lost-key', "the old key is lost: the mill's admin approves the new certificate")
        .action(async (machineId: string, options: { lostKey?: boolean }, command: Command) => {
            const cli = CliContext.of(command);
            const wallet = await cli.identities.openWallet();
            const old = options.lostKey === true ? undefined : (await cli.identities.identity(machineId)).identity;
            const registered = await withSession(cli, cli.actor('milla-operator'), (session) =>
                new MachineRegistryClient(session).get(machineId),
            );
            const staging = await cli.identities.stagingWallet();
            // A staged enrollment from an interrupted renewal is used again, not enrolled anew.
            let staged = await staging.get(machineId);
            if (staged === undefined) {
                const mill = millOf(registered.ownerMspId);
                cli.progress(`enrolling a new certificate for ${machineId} at ${mill.name}'s fabric-ca ...`);
                const dir = join(cli.identities.runDir, 'enrolled', machineId, `renewal-${Date.now().toString(36)}`);
                staged = asWalletIdentity(await enrollMachine(mill, machineId, dir));
                await staging.put(machineId, staged);
            }
            const certificate = staged.credentials.certificate;
            let record = registered;
            if (registered.signingCertificate !== certificate) {
                const adminLabel = `${millOf(registered.ownerMspId).name.toLowerCase()}-admin`;
                const admin = old === undefined ? await cli.identities.open(adminLabel) : undefined;
                const session = cli.identities.openIdentity(staged);
                try {
                    record = await renewMachineCertificate(
                        session,
                        machineId,
                        certificate,
                        admin === undefined ? { oldPrivateKeyPem: old?.credentials.privateKey ?? '' } : { admin },
                    );
                } finally {
                    session.close();
                    admin?.close();
                }
            }
            // Only now, with the new certificate committed, does the working identity change.
            await wallet.put(machineId, staged);
            await staging.remove(machineId);
            cli.result(record, () => `renewed the certificate of ${machineId}\n${machineDetails(record)}`);
        });

    machine
        .command('register <machineId>')
        .description('register a machine (as itself) with a new encryption key pair; it starts PENDING')
        .option('--type <type>', 'machine type or one of its aliases, listed below (default: from the manifest)')
        .addOption(new Option('--step <step>', 'process step (default: by type)').choices(PROCESS_STEPS))
        .option('--line <line>', 'production line', 'line-1')
        .option('--vendor <vendor>', 'vendor', 'unknown vendor')
        .option('--serial <serial>', 'serial number (default: the machine ID)')
        .action(async (machineId: string, options: RegisterOptions, command: Command) => {
            const cli = CliContext.of(command);
            const type =
                options.type === undefined
                    ? manifestMachines().find((m) => m.machineId === machineId)?.machineType
                    : parseMachineType(options.type);
            if (type === undefined) {
                throw new SpindleError(
                    'INVALID_ARGUMENT',
                    `${machineId} is not in the manifest: give its type with --type (see spindle machine register --help for the types)`,
                );
            }
            const step = options.step ?? processStepOf(type);
            if (!isProcessStep(step)) {
                throw new SpindleError('INVALID_ARGUMENT', `unknown process step ${step}`);
            }
            const keys = await cli.identities.encryptionKeys(machineId);
            const { profile } = await cli.identities.identity(machineId);
            await withSession(cli, cli.actor(machineId), async (session) => {
                const record = await new MachineRegistryClient(session).register({
                    machineId,
                    ownerMspId: profile.mspId,
                    machineType: type,
                    processStep: step,
                    line: options.line,
                    vendor: options.vendor,
                    serialNumber: options.serial ?? machineId,
                    encryptionPublicKey: keys.publicKeyPem,
                });
                cli.result(record, () => `registered ${machineId}: ${record.status}\n${machineLine(record)}`);
            });
        })
        .addHelpText('after', `\n${machineTypeHelp()}`);

    for (const [name, description] of [
        ['approve', "approve a PENDING machine (its mill's admin)"],
        ['suspend', "suspend an ACTIVE machine (its mill's admin)"],
        ['reactivate', "reactivate a SUSPENDED machine (its mill's admin)"],
        ['retire', "retire a machine for good (its mill's admin)"],
    ] as const) {
        machine
            .command(`${name} <machineId>`)
            .description(description)
            .action(async (machineId: string, _options: unknown, command: Command) => {
                const cli = CliContext.of(command);
                await withSession(cli, cli.actor(cli.identities.adminOf(machineId)), async (session) => {
                    const record = await new MachineRegistryClient(session)[name](machineId);
                    cli.result(record, () => machineLine(record));
                });
            });
    }

    machine
        .command('replace <oldMachineId> <newMachineId>')
        .description("put a registered machine in the place of another, which is retired (the mill's admin)")
        .action(async (oldMachineId: string, newMachineId: string, _options: unknown, command: Command) => {
            const cli = CliContext.of(command);
            await withSession(cli, cli.actor(cli.identities.adminOf(oldMachineId)), async (session) => {
                const outcome = await new MachineRegistryClient(session).replace(oldMachineId, newMachineId);
                cli.result(outcome, () => [machineLine(outcome.retired), machineLine(outcome.successor)].join('\n'));
            });
        });

    machine
        .command('rotate-key <machineId>')
        .description('generate and register a new encryption key pair for a machine (as itself)')
        .action(async (machineId: string, _options: unknown, command: Command) => {
            const cli = CliContext.of(command);
            await withSession(cli, cli.actor(machineId), async (session) => {
                const registry = new MachineRegistryClient(session);
                await registry.get(machineId);
                const keys = await cli.identities.newEncryptionKeys(machineId);
                const record = await registry.rotateEncryptionKey(machineId, keys.publicKeyPem);
                cli.result(
                    record,
                    () => `rotated the encryption key of ${machineId}; private key in ${cli.identities.walletDir()}`,
                );
            });
        });

    machine
        .command('list')
        .description('list machines by mill, type or status')
        .option('--mill <mill>', 'machines of one mill, by name or MSP ID, e.g. MillA')
        .option('--type <type>', 'machines of one type (or an alias of it, see machine register --help)')
        .addOption(new Option('--status <status>', 'machines in one status').choices(MACHINE_STATUSES))
        .action(async (options: { mill?: string; type?: string; status?: string }, command: Command) => {
            const cli = CliContext.of(command);
            await withSession(cli, cli.actor('milla-operator'), async (session) => {
                const registry = new MachineRegistryClient(session);
                const queries = options.mill
                    ? [{ by: 'mill' as const, value: millByNameOrMspId(options.mill).mspId }]
                    : options.type
                      ? [{ by: 'type', value: parseMachineType(options.type) }]
                      : options.status
                        ? [{ by: 'status', value: options.status }]
                        : MACHINE_STATUSES.map((status) => ({ by: 'status', value: status }));
                const records: MachineRecord[] = [];
                for (const query of queries) {
                    records.push(...(await registry.listAll(query as ListQuery)));
                }
                records.sort((a, b) => a.machineId.localeCompare(b.machineId));
                cli.result(records, () =>
                    records.length === 0 ? 'no machines' : records.map((record) => machineLine(record)).join('\n'),
                );
            });
        });

    machine
        .command('show <machineId>')
        .description('one machine record')
        .action(async (machineId: string, _options: unknown, command: Command) => {
            const cli = CliContext.of(command);
            await withSession(cli, cli.actor('milla-operator'), async (session) => {
                const record = await new MachineRegistryClient(session).get(machineId);
                cli.result({ ...record, certificateNotAfter: certificateExpiry(record.signingCertificate) }, () =>
                    machineDetails(record),
                );
            });
        });

    machine
        .command('history <machineId>')
        .description('every change of a machine record, newest first')
        .action(async (machineId: string, _options: unknown, command: Command) => {
            const cli = CliContext.of(command);
            await withSession(cli, cli.actor('milla-operator'), async (session) => {
                const history = await new MachineRegistryClient(session).history(machineId);
                cli.result(history, () =>
                    history.length === 0
                        ? `no history for ${machineId}`
                        : history
                              .map((entry) =>
                                  entry.value
                                      ? `${entry.timestamp}  ${entry.value.lastAction.padEnd(19)} ${entry.value.status.padEnd(9)} tx ${entry.transactionId.slice(0, 12)}`
                                      : `${entry.timestamp}  deleted`,
                              )
                              .join('\n'),
                );
            });
        });

    return machine;
}

type ListQuery = Parameters<MachineRegistryClient['list']>[0];

/** A mill of the network configuration by name. */
function millNamed(name: string): MillConfig {
    const mill = loadContext().config.mills.find((candidate) => candidate.name === name);
    if (!mill) {
        throw new SpindleError('INVALID_ARGUMENT', `no mill ${name} in the network configuration`);
    }
    return mill;
}

/** A mill of the network configuration by MSP ID. */
function millOf(mspId: string): MillConfig {
    const mill = loadContext().config.mills.find((candidate) => candidate.mspId === mspId);
    if (!mill) {
        throw new SpindleError('INVALID_ARGUMENT', `no mill with MSP ${mspId} in the network configuration`);
    }
    return mill;
}

/** Registers (if needed) and enrolls a machine identity at its mill's fabric-ca into `dir`. */
function enrollMachine(mill: MillConfig, machineId: string, dir: string): Promise<EnrolledIdentity> {
    return enrollIdentity(
        loadContext(),
        mill,
        {
            name: machineId,
            type: 'client',
            attributes: { [ROLE_ATTRIBUTE]: 'machine', [MACHINE_ATTRIBUTE]: machineId },
        },
        dir,
    );
}
