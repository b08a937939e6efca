#!/usr/bin/env node
'use strict';

/*
 * A mill's application written on the legacy Fabric Node SDK, fabric-network 2.2, as a mill's MES
 * or ERP team wrote it before Spindle: it registers the bales that arrive at the mill in Spindle's
 * material ledger, reads them back, and follows the ledger's events. It uses nothing of Spindle's
 * but what the network tool and the CLI write: a Common Connection Profile
 * (run/connection-profile/<mill>.json) and a fabric-network wallet (`spindle wallet export`).
 *
 *   node bale-app.js create <lotId> --grams 220000 [--origin text] [--grade text]
 *   node bale-app.js show <lotId>
 *   node bale-app.js watch [--count n | --until <lotId>] [--from-block n]
 *
 * Settings, from the environment:
 *   CONNECTION_PROFILE  the mill's profile, e.g. run/connection-profile/milla.json (required)
 *   WALLET              a wallet folder, e.g. run/wallet (required)
 *   IDENTITY            the wallet label to act as (default milla-operator)
 *   CHANNEL, CHAINCODE  default m2m and spindle
 *   DISCOVERY           "on" (default): the peers' discovery service finds a set of peers that
 *                       satisfies Spindle's endorsement policy, a majority of mills; "off": the
 *                       app asks every peer the profile names to endorse, and commits through the
 *                       orderers it names
 *
 * Every command prints one JSON object per line on stdout; a failure prints one line on stderr,
 * Spindle's error code first when the chaincode refused (`bale-app: CONFLICT: lot ... exists`),
 * and exits 1.
 */

const fs = require('node:fs');
const { parseArgs } = require('node:util');
const { Gateway, Wallets } = require('fabric-network');

const CONTRACT = 'MaterialLedger';
const LOT_CREATED = 'LotCreated';

/**
 * Connects as a wallet identity through a connection profile.
 * The peers advertise addresses this machine reaches as they are (127.0.0.1, or the mills' host
 * names), so discovery keeps them: asLocalhost is for nodes in Docker containers only.
 */
async function connect(settings) {
    const profile = JSON.parse(fs.readFileSync(settings.connectionProfile, 'utf8'));
    const wallet = await Wallets.newFileSystemWallet(settings.wallet);
    if (!(await wallet.get(settings.identity))) {
        throw new Error(`no identity ${settings.identity} in the wallet ${settings.wallet}`);
    }
    const gateway = new Gateway();
    await gateway.connect(profile, {
        wallet,
        identity: settings.identity,
        discovery: { enabled: settings.discovery, asLocalhost: false },
    });
    const network = await gateway.getNetwork(settings.channel);
    return { gateway, network, contract: network.getContract(settings.chaincode, CONTRACT) };
}

/** Registers a bale; resolves when the mill's peer committed it. */
async function createBale({ network, contract }, bale, discovery) {
    const transaction = contract.createTransaction('createLot');
    if (!discovery) {
        transaction.setEndorsingPeers(network.getChannel().getEndorsers());
    }
    const result = await transaction.submit(JSON.stringify(bale));
    return { transactionId: transaction.getTransactionId(), lot: JSON.parse(result.toString('utf8')) };
}

/** Reads a lot at the mill's own peer, without a transaction. */
async function showLot({ contract }, lotId) {
    return JSON.parse((await contract.evaluateTransaction('getLot', lotId)).toString('utf8'));
}

/**
 * Calls `onEvent` for each LotCreated event the chaincode emits, from full blocks, so each event
 * carries its payload and the mills whose peers endorsed its transaction.
 */
async function watchLots({ contract }, onEvent, fromBlock) {
    const listener = async (event) => {
        if (event.eventName !== LOT_CREATED) {
            return;
        }
        const transaction = event.getTransactionEvent();
        const actions = (transaction.transactionData && transaction.transactionData.actions) || [];
        const endorsedBy = actions.flatMap((action) =>
            action.payload.action.endorsements.map((endorsement) => endorsement.endorser.mspid),
        );
        await onEvent({
            eventName: event.eventName,
            payload: JSON.parse(event.payload.toString('utf8')),
            transactionId: transaction.transactionId,
            valid: transaction.isValid,
            blockNumber: transaction.getBlockEvent().blockNumber.toString(),
            endorsedBy: [...new Set(endorsedBy)].sort(),
        });
    };
    const options = { type: 'full' };
    if (fromBlock !== undefined) {
        options.startBlock = Number(fromBlock);
    }
    await contract.addContractListener(listener, options);
    return () => contract.removeContractListener(listener);
}

function settingsFromEnvironment(environment) {
    const required = (name) => {
        const value = environment[name];
        if (!value) {
            throw new Error(`set ${name}`);
        }
        return value;
    };
    return {
        connectionProfile: required('CONNECTION_PROFILE'),
        wallet: required('WALLET'),
        identity: environment.IDENTITY || 'milla-operator',
        channel: environment.CHANNEL || 'm2m',
        chaincode: environment.CHAINCODE || 'spindle',
        discovery: (environment.DISCOVERY || 'on') !== 'off',
    };
}

/**
 * The chaincode's refusal, code first, out of a fabric-network 2.2 error. Spindle's messages start
 * with their code; 2.2 puts each peer's message in its own text, as `message=CODE: ...`.
 */
function refusalOf(error) {
    const match = /(?:^|message=)([A-Z][A-Z0-9_]+: [^\n]*)/.exec(error.message);
    return match ? match[1] : error.message;
}

function print(object) {
    process.stdout.write(`${JSON.stringify(object)}\n`);
}

async function main(argv) {
    const { positionals, values } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
            grams: { type: 'string' },
            origin: { type: 'string', default: 'unknown' },
            grade: { type: 'string', default: 'ungraded' },
            count: { type: 'string', default: '1' },
            until: { type: 'string' },
            'from-block': { type: 'string' },
        },
    });
    const [command, lotId] = positionals;
    const settings = settingsFromEnvironment(process.env);
    const connection = await connect(settings);
    try {
        if (command === 'create' && lotId) {
            const bale = { lotId, quantityGrams: Number(values.grams), origin: values.origin, grade: values.grade };
            print(await createBale(connection, bale, settings.discovery));
        } else if (command === 'show' && lotId) {
            print(await showLot(connection, lotId));
        } else if (command === 'watch') {
            let left = Number(values.count);
            await new Promise((resolve, reject) => {
                watchLots(
                    connection,
                    (event) => {
                        print(event);
                        left -= 1;
                        const done = values.until === undefined ? left <= 0 : event.payload.lotId === values.until;
                        if (done) {
                            resolve();
                        }
                    },
                    values['from-block'],
                )
                    .then(() => print({ listening: true }))
                    .catch(reject);
            });
        } else {
            throw new Error(
                'usage: bale-app.js create <lotId> --grams n | show <lotId> | watch [--count n | --until <lotId>]',
            );
        }
    } finally {
        connection.gateway.disconnect();
    }
}

module.exports = { connect, createBale, showLot, watchLots, refusalOf };

if (require.main === module) {
    main(process.argv.slice(2)).then(
        () => process.exit(0),
        (error) => {
            process.stderr.write(`bale-app: ${refusalOf(error)}\n`);
            process.exit(1);
        },
    );
}
