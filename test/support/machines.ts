import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
    FileSystemWallet,
    MachineRegistryClient,
    MachineSession,
    type MachineDescription,
    ensureMachineActive,
    newEncryptionKeyPair,
    localIdentity,
    openLocalSession,
} from '@spindle/client';

import { testNetwork } from './local-network';

/** A machine enrolled by `up`, as a session of its own, with a fresh registered encryption key. */
export interface ReadyMachine {
    machine: MachineSession;
    encryptionKeys: { publicKeyPem: string; privateKeyPem: string };
}

/**
 * Opens a manifest machine's session and makes it ACTIVE with a new encryption key (registering
 * it, approving it by its mill's admin, or rotating its key as needed).
 */
export async function readyMachine(machineId: string, description: MachineDescription): Promise<ReadyMachine> {
    const runDir = testNetwork().ctx.paths.runDir;
    const identity = localIdentity(runDir, machineId);
    const encryptionKeys = newEncryptionKeyPair();
    const machine = new MachineSession(
        machineId,
        openLocalSession(identity),
        encryptionKeys.privateKeyPem,
        readFileSync(identity.files.privateKey, 'utf8'),
    );
    const adminSession = openLocalSession(localIdentity(runDir, `${identity.profile.mill.toLowerCase()}-admin`));
    try {
        await ensureMachineActive(
            machine,
            new MachineRegistryClient(adminSession),
            description,
            encryptionKeys.publicKeyPem,
        );
    } finally {
        adminSession.close();
    }
    // The wallet keeps the key the key pool now holds, so the CLI and agents can decrypt.
    const wallet = await FileSystemWallet.open(join(runDir, 'wallet'));
    await wallet.putEncryptionKey(machineId, encryptionKeys.privateKeyPem);
    return { machine, encryptionKeys };
}
