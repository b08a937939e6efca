#!/usr/bin/env node
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { pino } from 'pino';

import { eciesCipher } from '../ecies-cipher';
import { localIdentity, openLocalSession } from '../local-network-identities';
import { MachineSession } from '../machine-session';
import { SpindleError } from '../spindle-error';
import { DeviceAgent } from './device-agent';
import { FileCheckpointer } from './file-checkpointer';
import { machineAnswerer } from './machine-answerer';

const program = new Command('spindle-agent')
    .description('the device agent: answers queries to its machines and keeps their communication chains')
    .requiredOption('--machine <id...>', 'the machine(s) this agent speaks for')
    .option('--run-dir <dir>', 'the local network run folder', resolve(__dirname, '..', '..', '..', 'run'))
    .option('--checkpoint <file>', 'durable event checkpoint (default <run-dir>/agents/<machines>.checkpoint.json)')
    .option('--keys-dir <dir>', 'folder of <machine>.enc.pem encryption private keys (default <run-dir>/keys)')
    .option('--data-dir <dir>', 'folder of <machine>.json local data answers draw on (default <run-dir>/machine-data)')
    .option('--fault-incomplete-replies <n>', 'testing: send the first N replies incomplete', '0')
    .option('--fault-misencrypted-replies <n>', 'testing: encrypt the first N replies to the wrong key', '0');

interface AgentCliOptions {
    machine: string[];
    runDir: string;
    checkpoint?: string;
    keysDir?: string;
    dataDir?: string;
    faultIncompleteReplies: string;
    faultMisencryptedReplies: string;
}

async function main(): Promise<void> {
    program.parse();
    const options = program.opts<AgentCliOptions>();
    const logger = pino({ name: 'spindle-agent' });
    const keysDir = options.keysDir ?? join(options.runDir, 'keys');
    const machines = options.machine.map((machineId) => {
        const identity = localIdentity(options.runDir, machineId);
        const encryptionKeyFile = join(keysDir, `${machineId}.enc.pem`);
        let encryptionKey: string;
        try {
            encryptionKey = readFileSync(encryptionKeyFile, 'utf8');
        } catch {
            throw new SpindleError('IDENTITY_MISSING', `no encryption key for ${machineId} at ${encryptionKeyFile}`);
        }
        return new MachineSession(
            machineId,
            openLocalSession(identity),
            encryptionKey,
            readFileSync(identity.files.privateKey, 'utf8'),
        );
    });
    const agentsDir = join(options.runDir, 'agents');
    mkdirSync(agentsDir, { recursive: true });
    const checkpointFile = options.checkpoint ?? join(agentsDir, `${options.machine.join('+')}.checkpoint.json`);
    const agent = new DeviceAgent({
        machines,
        checkpointer: FileCheckpointer.open(checkpointFile),
        cipher: eciesCipher,
        answer: machineAnswerer(options.dataDir ?? join(options.runDir, 'machine-data')),
        logger,
        chaincode: machines[0]?.session.options.chaincode ?? 'spindle',
        faults: {
            incompleteReplies: Number(options.faultIncompleteReplies),
            misencryptedReplies: Number(options.faultMisencryptedReplies),
        },
    });
    const shutdown = (signal: string): void => {
        logger.info({ signal }, 'agent stopping');
        agent.stop();
    };
    process.once('SIGINT', () => {
        shutdown('SIGINT');
    });
    process.once('SIGTERM', () => {
        shutdown('SIGTERM');
    });
    try {
        await agent.run();
    } finally {
        machines.forEach((machine) => {
            machine.close();
        });
        logger.info({ handled: agent.handled }, 'agent stopped');
    }
}

main().catch((error: unknown) => {
    if (error instanceof SpindleError) {
        console.error(`spindle-agent: ${error.message}`);
        process.exitCode = 2;
        return;
    }
    console.error(error);
    process.exitCode = 1;
});
