import { Command } from 'commander';
import { millOfMachineId } from '@spindle/chaincode/protocol';
import { loadContext } from '@spindle/network/client-support';

import { moveLegacyArea } from '../housekeeping/area-migration';
import { MachineRegistryClient } from '../contracts/machine-registry-client';
import { SpindleError } from '../errors/spindle-error';
import { CliContext } from './cli-context';
import { millByNameOrMspId } from './mill-config';
import { withSession } from './with-session';

/** What one machine's move came to. */
interface AreaMoveOutcome {
    machineId: string;
    moved: number;
    /** Set when the machine never had a collection of its own: nothing to move. */
    skipped?: string;
}

/**
 * `spindle area migrate`: moves machines' private areas from the per-machine collections of
 * releases before 1.1 into their mills' collections, after `network upgrade` committed a
 * definition that carries them.
 */
export function areaCommand(): Command {
    const area = new Command('area').description("machines' private areas");
    area.command('migrate [machineIds...]')
        .description(
            "move machines' inboxes, outboxes and chains from their own collections (releases before 1.1) into their mills' collections; run after `network upgrade`, with the agents stopped",
        )
        .option('--mill <mill>', "every registered machine of one mill, by name or MSP ID (default: every mill's)")
        .action(async (machineIds: string[], options: { mill?: string }, command: Command) => {
            const cli = CliContext.of(command);
            const ids = machineIds.length > 0 ? machineIds : await registeredMachines(cli, options.mill);
            const outcomes: AreaMoveOutcome[] = [];
            for (const machineId of ids) {
                outcomes.push(await moveOne(cli, machineId));
            }
            const total = outcomes.reduce((sum, outcome) => sum + outcome.moved, 0);
            cli.result({ machines: outcomes, moved: total }, () =>
                [
                    ...outcomes.map((outcome) =>
                        outcome.skipped === undefined
                            ? `${outcome.machineId}: ${outcome.moved} item(s) moved`
                            : `${outcome.machineId}: nothing to move (${outcome.skipped})`,
                    ),
                    `${total} item(s) of ${outcomes.length} machine(s) in their mills' collections`,
                ].join('\n'),
            );
        });
    return area;
}

async function moveOne(cli: CliContext, machineId: string): Promise<AreaMoveOutcome> {
    const mill = millOfMachineId(machineId);
    if (mill === undefined) {
        throw new SpindleError('INVALID_ARGUMENT', `machine ID ${machineId} is in no mill's namespace`);
    }
    return withSession(cli, cli.actor(`${mill.name.toLowerCase()}-admin`), async (session) => {
        let progress = 0;
        try {
            const moved = await moveLegacyArea(session, machineId, (count) => {
                progress += count;
                cli.progress(`${machineId}: ${progress} item(s) moved`);
            });
            return { machineId, moved };
        } catch (error) {
            if (error instanceof SpindleError && error.code === 'COLLECTION_MISSING') {
                return { machineId, moved: 0, skipped: 'it never had a collection of its own' };
            }
            throw error;
        }
    });
}

/** Every registered machine of one mill, or of every mill, in ID order. */
async function registeredMachines(cli: CliContext, millName: string | undefined): Promise<string[]> {
    const mills = millName === undefined ? loadContext().config.mills : [millByNameOrMspId(millName)];
    const ids: string[] = [];
    for (const mill of mills) {
        await withSession(cli, cli.actor(`${mill.name.toLowerCase()}-admin`), async (session) => {
            const records = await new MachineRegistryClient(session).listAll({ by: 'mill', value: mill.mspId });
            ids.push(...records.map((record) => record.machineId));
        });
    }
    return ids.sort();
}
