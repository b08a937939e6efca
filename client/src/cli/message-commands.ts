import { Command, Option } from 'commander';
import { LIMITS } from '@spindle/chaincode/protocol';

import { sendBatch } from '../packets/batch-delivery';
import { readLocalFile } from '../errors/local-file';
import { openInboxEntry, readInbox } from '../packets/inbox';
import { appendToChain, archiveMailboxes } from '../packets/mailbox-archive';
import { sendMessage } from '../packets/send-message';
import { SpindleError } from '../errors/spindle-error';
import { CliContext } from './cli-context';
import { readBatchFile } from './batch-file';

/** `spindle message ...`: plain messages between machines. */
export function messageCommand(): Command {
    const message = new Command('message').description('send messages between machines and read inboxes');

    message
        .command('send <from> <to>')
        .description('send an upload (collected data) or download (orders, parameters) message, signed and encrypted')
        .addOption(new Option('--type <type>', 'upload or download').choices(['upload', 'download']).default('upload'))
        .option('--data <text>', 'the content')
        .option('--file <file>', 'the content, from a file')
        .action(
            async (
                from: string,
                to: string,
                options: { type: 'upload' | 'download'; data?: string; file?: string },
                command: Command,
            ) => {
                const cli = CliContext.of(command);
                const content =
                    options.file === undefined
                        ? options.data
                        : readLocalFile(options.file, 'INVALID_ARGUMENT', 'the content', 'give a readable --file');
                if (content === undefined) {
                    throw new SpindleError('INVALID_ARGUMENT', 'give the content with --data or --file');
                }
                const sender = await cli.identities.machine(from);
                try {
                    const record = await sendMessage(
                        sender,
                        to,
                        options.type,
                        typeof content === 'string' ? Buffer.from(content, 'utf8') : content,
                    );
                    cli.result(
                        record,
                        () => `sent ${record.type} ${record.messageId} from ${from} to ${to} (${record.size} bytes)`,
                    );
                } finally {
                    sender.close();
                }
            },
        );

    message
        .command('send-batch <file>')
        .description(
            'send many messages in batched transactions (up to 64 a transaction), each signed by its sender machine; the file is a JSON array of { "from", "to", "type", "data" }',
        )
        .action(async (file: string, _options: unknown, command: Command) => {
            const cli = CliContext.of(command);
            const entries = readBatchFile(file);
            const senders = [...new Set(entries.map((entry) => entry.from))];
            const only = senders.length === 1 ? senders[0] : undefined;
            if (only === undefined && cli.options.as === undefined) {
                throw new SpindleError(
                    'INVALID_ARGUMENT',
                    'messages of several machines go through an edge of their mill: give --as <edge label> (spindle edge enroll)',
                );
            }
            const messages = [];
            for (const entry of entries) {
                messages.push({
                    senderId: entry.from,
                    signingKeyPem: (await cli.identities.identity(entry.from)).identity.credentials.privateKey,
                    receiverId: entry.to,
                    type: entry.type,
                    plaintext: Buffer.from(entry.data, 'utf8'),
                });
            }
            const session = await cli.identities.open(await cli.actor(only ?? ''));
            try {
                const records = await sendBatch(session, messages);
                cli.result({ messages: records }, () =>
                    [
                        `sent ${records.length} message(s)`,
                        ...records.map(
                            (record) =>
                                `${record.messageId}  ${record.type.padEnd(8)} ${record.senderId} -> ${record.receiverId} (${record.size} bytes)`,
                        ),
                    ].join('\n'),
                );
            } finally {
                session.close();
            }
        });

    message
        .command('inbox <machineId>')
        .description("a machine's inbox, signatures verified and content decrypted with its key")
        .option('--append', "move the entries into the machine's communication chain afterwards")
        .action(async (machineId: string, options: { append?: boolean }, command: Command) => {
            const cli = CliContext.of(command);
            const machine = await cli.identities.machine(machineId);
            try {
                const entries = await readInbox(machine);
                const opened = await Promise.all(entries.map((entry) => openInboxEntry(machine, entry)));
                const appended = options.append ? (await appendToChain(machine, entries)).at(-1) : undefined;
                cli.result({ machineId, messages: opened, appendedBlock: appended }, () =>
                    [
                        opened.length === 0 ? `${machineId}: inbox empty` : `${machineId}: ${opened.length} message(s)`,
                        ...opened.map(
                            (entry) =>
                                `${entry.recordedAt}  ${entry.type.padEnd(8)} from ${entry.senderId.padEnd(14)} ${entry.signature}  ${entry.content}`,
                        ),
                        ...(appended === undefined ? [] : [`appended to the communication chain as block ${appended}`]),
                    ].join('\n'),
                );
            } finally {
                machine.close();
            }
        });

    message
        .command('archive <machineId>')
        .description(
            "move every inbox and outbox entry into the machine's communication chain, in blocks of " +
                `${LIMITS.blockEntriesMax} (run it from the mill's scheduled job: mailboxes otherwise grow with every delivery)`,
        )
        .action(async (machineId: string, _options: unknown, command: Command) => {
            const cli = CliContext.of(command);
            const machine = await cli.identities.machine(machineId);
            try {
                const result = await archiveMailboxes(machine);
                cli.result(result, () =>
                    result.blocks.length === 0
                        ? `${machineId}: mailboxes empty, nothing to move`
                        : `${machineId}: ${result.moved.inbox} inbox and ${result.moved.outbox} outbox entries moved into blocks ${result.blocks[0]}-${result.blocks.at(-1)}`,
                );
            } finally {
                machine.close();
            }
        });

    return message;
}
