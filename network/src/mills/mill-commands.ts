import type { Command } from 'commander';
import { resolve } from 'node:path';

import type { MillConfig } from '../core/config';
import { type NetworkContext, loadContext } from '../core/context';
import { NetworkError } from '../core/errors';
import { issueMillIdentities } from '../identities/identities';
import { writeGatewayProfiles } from '../profiles/gateway-profile';
import { proposeMillJoin, proposeMillRemoval, signUpdate, submitUpdate, updateSigners } from './channel-update';
import { joinMill } from './mill-join';
import { leaveMill } from './mill-leave';
import { prepareJoiningMill, readJoinRequest } from './mill-request';

/** A mill of the channel by name. @throws NetworkError CONFIG_INVALID */
function member(ctx: NetworkContext, name: string): MillConfig {
    const mill = ctx.config.mills.find((candidate) => candidate.name === name);
    if (!mill) {
        throw new NetworkError(
            'CONFIG_INVALID',
            `${name} is not a mill of ${ctx.config.channel}; its members are ${ctx.config.mills.map((m) => m.name).join(', ')}`,
        );
    }
    return mill;
}

/** A mill of network.json that has not joined the channel yet. @throws NetworkError CONFIG_INVALID */
function joining(ctx: NetworkContext, name: string): MillConfig {
    const mill = ctx.config.joining.find((candidate) => candidate.name === name);
    if (!mill) {
        throw new NetworkError(
            'CONFIG_INVALID',
            `${name} is not a mill waiting to join (network.json marks those "joinsLater": true)`,
        );
    }
    return mill;
}

/**
 * `network mill add|propose|sign|submit|join`: each command is one mill's IT team's part in
 * bringing a new mill into the running channel, the way Fabric consortia do it.
 */
export function addMillCommands(program: Command): void {
    const mill = program
        .command('mill')
        .description("a mill joins the running channel: each command is one mill's part (see the README)");

    mill.command('add')
        .description('the new mill: start its CA, issue its identities and node configs, write its join request')
        .argument('<mill>', 'the mill of network.json marked "joinsLater", e.g. MillD')
        .action(async (name: string) => {
            const ctx = loadContext();
            const file = await prepareJoiningMill(ctx, joining(ctx, name));
            console.log(`${name}'s join request: ${file}`);
            console.log('Send it to a member mill, which proposes the channel update with: network mill propose');
        });

    mill.command('propose')
        .description('a member mill: write the channel config update that adds a mill from its join request')
        .argument('<request>', "the new mill's join-request.json")
        .requiredOption('--as <mill>', 'the member mill whose admin fetches the channel config')
        .requiredOption('--out <file>', 'where to write the update envelope')
        .action(async (request: string, options: { as: string; out: string }) => {
            const ctx = loadContext();
            const file = await proposeMillJoin(
                ctx,
                member(ctx, options.as),
                readJoinRequest(request),
                resolve(options.out),
            );
            console.log(
                `Config update: ${file}. Each mill's admin signs it with: network mill sign ${file} --as <mill>`,
            );
        });

    mill.command('sign')
        .description("a member mill: add its admin's signature to a config update envelope")
        .argument('<update>', 'the envelope file, signed in place')
        .requiredOption('--as <mill>', 'the signing mill')
        .action(async (file: string, options: { as: string }) => {
            const ctx = loadContext();
            await signUpdate(ctx, member(ctx, options.as), resolve(file));
            console.log(`Signed by ${(await updateSigners(ctx, resolve(file))).join(', ')}.`);
        });

    mill.command('signers')
        .description('list the MSP IDs whose admins signed a config update envelope')
        .argument('<update>', 'the envelope file')
        .action(async (file: string) => {
            const ctx = loadContext();
            console.log((await updateSigners(ctx, resolve(file))).join('\n'));
        });

    mill.command('submit')
        .description("a member mill: send a signed update to its orderer (adds its own admin's signature)")
        .argument('<update>', 'the signed envelope file')
        .requiredOption('--as <mill>', 'the submitting mill')
        .action(async (file: string, options: { as: string }) => {
            const ctx = loadContext();
            await submitUpdate(ctx, member(ctx, options.as), resolve(file));
            console.log(`The channel ${ctx.config.channel} applied the update.`);
        });

    mill.command('join')
        .description('the new mill: its orderer joins the Raft set, its peer joins the channel and catches up')
        .argument('<mill>', 'the mill the submitted update added')
        .option('--via <mill>', 'a member mill whose orderer and peer serve the blocks')
        .action(async (name: string, options: { via?: string }) => {
            const ctx = loadContext();
            const via = member(ctx, options.via ?? ctx.config.mills[0]?.name ?? 'MillA');
            const outcome = await joinMill(ctx, joining(ctx, name), via);
            // A member now: its machines of the manifest are enrolled at its own CA.
            const members = loadContext();
            await issueMillIdentities(members, member(members, name));
            writeGatewayProfiles(members);
            console.log(
                `${name} joined ${ctx.config.channel}: orderer at height ${outcome.ordererHeight} as a consenter, ` +
                    `peer at height ${outcome.peerHeight} (caught up in ${outcome.catchUpSeconds.toFixed(1)}s).`,
            );
            console.log(
                `Its machines get their collection with the next chaincode definition, one that knows ${name}: ` +
                    `npm run network -- upgrade (a majority of the ${members.config.mills.length} mills approve).`,
            );
        });

    mill.command('propose-removal')
        .description('a member mill: write the channel config update that removes a mill and its Raft consenter')
        .argument('<mill>', 'the mill to remove, one that joined after the genesis block')
        .requiredOption('--as <mill>', 'the member mill whose admin fetches the channel config')
        .requiredOption('--out <file>', 'where to write the update envelope')
        .action(async (name: string, options: { as: string; out: string }) => {
            const ctx = loadContext();
            const file = await proposeMillRemoval(
                ctx,
                member(ctx, options.as),
                member(ctx, name),
                resolve(options.out),
            );
            console.log(
                `Config update: ${file}. Each mill's admin signs it with: network mill sign ${file} --as <mill>`,
            );
        });

    mill.command('leave')
        .description('the removed mill: stop its nodes and CA, and count it out of the channel')
        .argument('<mill>', 'the mill the submitted update removed')
        .action(async (name: string) => {
            const ctx = loadContext();
            const stopped = await leaveMill(ctx, member(ctx, name));
            writeGatewayProfiles(loadContext());
            console.log(`${name} left ${ctx.config.channel}; stopped ${stopped.join(', ') || 'nothing'}.`);
        });
}
