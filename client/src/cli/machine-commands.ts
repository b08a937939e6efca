import { join } from 'node:path';
import { Command, Option } from 'commander';
import { MACHINE_STATUSES, MACHINE_TYPES, PROCESS_STEPS, type MachineRecord } from '@spindle/chaincode/protocol';
import { MACHINE_ATTRIBUTE, ROLE_ATTRIBUTE, enrollIdentity, loadContext } from '@spindle/network';

import { MachineRegistryClient } from '../machine-registry-client';
import { SpindleError } from '../spindle-error';
import { CliContext } from './cli-context';
import { machineDetails, machineLine } from './format';
import { PROCESS_STEP_OF, isMachineType, isProcessStep, manifestMachines } from './machine-descriptions';
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
        .action(async (machineId: string, options: { mill: string }, command: Command) => {
            const cli = CliContext.of(command);
            const ctx = loadContext();
            const mill = ctx.config.mills.find((candidate) => candidate.name === options.mill);
            if (!mill) {
                throw new SpindleError('INVALID_ARGUMENT', `no mill ${options.mill} in the network configuration`);
            }
            cli.progress(`enrolling ${machineId} at ${mill.name}'s fabric-ca ...`);
            const enrolled = await enrollIdentity(
                ctx,
                mill,
                {
                    name: machineId,
                    type: 'client',
                    attributes: { [ROLE_ATTRIBUTE]: 'machine', [MACHINE_ATTRIBUTE]: machineId },
                },
                join(cli.identities.runDir, 'enrolled', machineId),
            );
            await (
                await cli.identities.openWallet()
            ).put(machineId, {
                credentials: { certificate: enrolled.certificatePem, privateKey: enrolled.privateKeyPem },
                mspId: enrolled.mspId,
                type: 'X.509',
            });
            await cli.identities.encryptionKeys(machineId);
            cli.result(
                { machineId, mspId: enrolled.mspId, certificateFile: enrolled.certificateFile },
                () => `enrolled ${machineId} at ${enrolled.mspId}; certificate ${enrolled.certificateFile}`,
            );
        });

    machine
        .command('register <machineId>')
        .description('register a machine (as itself) with a new encryption key pair; it starts PENDING')
        .addOption(new Option('--type <type>', 'machine type (default: from the manifest)').choices(MACHINE_TYPES))
        .addOption(new Option('--step <step>', 'process step (default: by type)').choices(PROCESS_STEPS))
        .option('--line <line>', 'production line', 'line-1')
        .option('--vendor <vendor>', 'vendor', 'unknown vendor')
        .option('--serial <serial>', 'serial number (default: the machine ID)')
        .action(async (machineId: string, options: RegisterOptions, command: Command) => {
            const cli = CliContext.of(command);
            const type = options.type ?? manifestMachines().find((m) => m.machineId === machineId)?.machineType;
            if (type === undefined || !isMachineType(type)) {
                throw new SpindleError('INVALID_ARGUMENT', `give --type for ${machineId}: it is not in the manifest`);
            }
            const step = options.step ?? PROCESS_STEP_OF[type];
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
        });

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
        .option('--mill <mspId>', 'machines of one mill, e.g. MillAMSP')
        .addOption(new Option('--type <type>', 'machines of one type').choices(MACHINE_TYPES))
        .addOption(new Option('--status <status>', 'machines in one status').choices(MACHINE_STATUSES))
        .action(async (options: { mill?: string; type?: string; status?: string }, command: Command) => {
            const cli = CliContext.of(command);
            await withSession(cli, cli.actor('milla-operator'), async (session) => {
                const registry = new MachineRegistryClient(session);
                const queries = options.mill
                    ? [{ by: 'mill' as const, value: options.mill }]
                    : options.type
                      ? [{ by: 'type', value: options.type }]
                      : options.status
                        ? [{ by: 'status', value: options.status }]
                        : MACHINE_STATUSES.map((status) => ({ by: 'status', value: status }));
                const records: MachineRecord[] = [];
                for (const query of queries) {
                    records.push(...(await listAll(registry, query as ListQuery)));
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
                cli.result(record, () => machineDetails(record));
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

/** Every page of a machine list. */
async function listAll(registry: MachineRegistryClient, query: ListQuery): Promise<MachineRecord[]> {
    const records: MachineRecord[] = [];
    let bookmark = '';
    do {
        const page = await registry.list({ ...query, bookmark });
        records.push(...page.items);
        bookmark = page.bookmark;
    } while (bookmark !== '');
    return records;
}
