import { join } from 'node:path';
import { Command } from 'commander';
import { ID_PATTERN } from '@spindle/chaincode/protocol';
import { ROLE_ATTRIBUTE, enrollIdentity, loadContext } from '@spindle/network/client-support';

import { SpindleError } from '../errors/spindle-error';
import { asWalletIdentity } from '../identity/wallet';
import { CliContext } from './cli-context';
import { millByNameOrMspId } from './mill-config';

/** `spindle edge ...`: a mill's edge boxes, which deliver batches of its machines' packets. */
export function edgeCommand(): Command {
    const edge = new Command('edge').description("a mill's edge boxes: batched deliveries of its machines' packets");

    edge.command('enroll <label>')
        .description(
            "issue an edge identity at the mill's fabric-ca (spindle.role=edge): it may deliver packets its mill's machines signed (message send-batch --as <label>), nothing else",
        )
        .requiredOption('--mill <name>', 'the mill, e.g. MillA')
        .option('--force', 'enroll again, replacing the identity in the wallet')
        .action(async (label: string, options: { mill: string; force?: boolean }, command: Command) => {
            const cli = CliContext.of(command);
            if (!ID_PATTERN.test(label)) {
                throw new SpindleError('INVALID_ARGUMENT', `an edge label must match ${ID_PATTERN.source}`);
            }
            if (options.force !== true && (await cli.identities.holds(label))) {
                throw new SpindleError('CONFLICT', `${label} already has an identity; give --force to enroll it again`);
            }
            const mill = millByNameOrMspId(options.mill);
            cli.progress(`enrolling edge ${label} at ${mill.name}'s fabric-ca ...`);
            const enrolled = await enrollIdentity(
                loadContext(),
                mill,
                { name: label, type: 'client', attributes: { [ROLE_ATTRIBUTE]: 'edge' } },
                join(cli.identities.runDir, 'enrolled', label),
            );
            await (await cli.identities.openWallet()).put(label, asWalletIdentity(enrolled));
            cli.result(
                { label, mspId: enrolled.mspId, certificateFile: enrolled.certificateFile },
                () => `enrolled edge ${label} at ${enrolled.mspId}; certificate ${enrolled.certificateFile}`,
            );
        });

    return edge;
}
