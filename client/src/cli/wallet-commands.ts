import { resolve } from 'node:path';
import { Command } from 'commander';

import { localIdentityLabels } from '../identity/local-network-identities';
import { FileSystemWallet } from '../identity/wallet';
import { CliContext } from './cli-context';

/** What `wallet export` wrote. */
export interface WalletExport {
    /** The folder a fabric-network 2.2 application opens with `Wallets.newFileSystemWallet`. */
    wallet: string;
    /** The identities in it, each as `<label>.id`, with its MSP ID. */
    identities: { label: string; mspId: string }[];
}

/** `spindle wallet ...`: Spindle's identities for applications on fabric-network 2.2. */
export function walletCommand(): Command {
    const wallet = new Command('wallet').description(
        "identities for applications on fabric-network 2.2: the wallet is that SDK's file-system wallet",
    );

    wallet
        .command('export [labels...]')
        .description(
            "write identities as fabric-network 2.2 wallet files (<label>.id, X.509, version 1): by default every identity the network tool enrolled and every one already in the wallet, into the Spindle wallet (run/wallet) or the folder --to names; an app opens it with Wallets.newFileSystemWallet(<folder>) and connects with identity '<label>'",
        )
        .option('--to <dir>', "another wallet folder, e.g. the application's own (created owner-only)")
        .action(async (labels: string[], options: { to?: string }, command: Command) => {
            const cli = CliContext.of(command);
            const source = await cli.identities.openWallet();
            const chosen =
                labels.length > 0
                    ? labels
                    : [...new Set([...localIdentityLabels(cli.identities.runDir), ...(await source.list())])];
            const target = options.to === undefined ? source : await FileSystemWallet.open(resolve(options.to));
            const written: WalletExport['identities'] = [];
            for (const label of chosen) {
                // Taken from the Spindle wallet, so a renewed certificate goes out, not the first one.
                const { identity } = await cli.identities.identity(label);
                if (target !== source) {
                    await target.put(label, identity);
                }
                written.push({ label, mspId: identity.mspId });
            }
            const result: WalletExport = { wallet: target.directory, identities: written };
            cli.result(
                result,
                () =>
                    `${target.directory}: ${written.map(({ label }) => label).join(', ')}\n` +
                    `fabric-network 2.2: Wallets.newFileSystemWallet('${target.directory}'), identity '<label>'`,
            );
        });

    return wallet;
}
