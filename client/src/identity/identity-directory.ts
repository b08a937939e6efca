import { createPrivateKey, createPublicKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GatewayProfile } from '@spindle/network';

import { type EncryptionKeyPair, newEncryptionKeyPair } from '../packets/ecies-cipher';
import { RUN_FOLDER_REMEDY, readLocalFile } from '../errors/local-file';
import { localIdentity, readProfiles } from './local-network-identities';
import { MachineSession } from '../contracts/machine-session';
import { SpindleGateway } from '../session/spindle-gateway';
import { SpindleError } from '../errors/spindle-error';
import { FileSystemWallet, type X509Identity } from './wallet';

/** An identity ready to connect: its wallet entry and the profile of its mill's peer. */
export interface DirectoryIdentity {
    label: string;
    identity: X509Identity;
    profile: GatewayProfile;
    mspIds: string[];
}

/**
 * Where the CLI, the scenario and the REST service find identities: the wallet folder
 * `<runDir>/wallet`, in the format of fabric-network's file-system wallet (`<label>.id`), with
 * each machine's encryption private key beside its identity (`<label>.enc.pem`, 0600). Identities
 * the network tool enrolled (admins, operators, the manifest's machines) are imported from its
 * gateway profiles the first time they are used; `machine enroll` puts new ones in.
 */
export class IdentityDirectory {
    private wallet: FileSystemWallet | undefined;

    constructor(readonly runDir: string) {}

    /** The wallet folder. */
    walletDir(): string {
        return join(this.runDir, 'wallet');
    }

    /** The wallet, opened (and created owner-only) on first use. */
    async openWallet(): Promise<FileSystemWallet> {
        this.wallet ??= await FileSystemWallet.open(this.walletDir());
        return this.wallet;
    }

    /**
     * The identity for a label: a machine ID, or `<mill>-admin` / `<mill>-operator`.
     *
     * @throws SpindleError IDENTITY_MISSING, WALLET_INVALID
     */
    async identity(label: string): Promise<DirectoryIdentity> {
        const wallet = await this.openWallet();
        const profiles = readProfiles(this.runDir);
        const mspIds = profiles.map((profile) => profile.mspId);
        let identity = await wallet.get(label);
        if (identity === undefined) {
            const local = localIdentity(this.runDir, label);
            identity = {
                credentials: {
                    certificate: readRunFile(local.files.certificate, `the certificate of ${label}`),
                    privateKey: readRunFile(local.files.privateKey, `the private key of ${label}`),
                },
                mspId: local.profile.mspId,
                type: 'X.509',
            };
            await wallet.put(label, identity);
        }
        const { mspId } = identity;
        const profile = profiles.find((candidate) => candidate.mspId === mspId);
        if (!profile) {
            throw new SpindleError('IDENTITY_MISSING', `no gateway profile for ${mspId}, the mill of ${label}`);
        }
        return { label, identity, profile, mspIds };
    }

    /** A gateway session as the identity of a label. */
    async open(label: string): Promise<SpindleGateway> {
        return this.openIdentity((await this.identity(label)).identity);
    }

    /**
     * A gateway session as an identity that need not be in the wallet (a staged enrollment).
     *
     * @throws SpindleError IDENTITY_MISSING when no gateway profile serves its MSP.
     */
    openIdentity(identity: X509Identity): SpindleGateway {
        const profiles = readProfiles(this.runDir);
        const profile = profiles.find((candidate) => candidate.mspId === identity.mspId);
        if (!profile) {
            throw new SpindleError('IDENTITY_MISSING', `no gateway profile for ${identity.mspId}`);
        }
        return SpindleGateway.open({
            peerEndpoint: profile.peerEndpoint,
            tlsRootCertificate: profile.tlsRootCertificate,
            tlsServerName: profile.tlsServerName,
            channel: profile.channel,
            chaincode: profile.chaincode,
            mspId: identity.mspId,
            certificatePem: identity.credentials.certificate,
            privateKeyPem: identity.credentials.privateKey,
            mspIds: profiles.map((candidate) => candidate.mspId),
        });
    }

    /**
     * Whether a label has a working identity: one in the wallet, or one the network tool
     * enrolled that the wallet imports on first use.
     */
    async holds(label: string): Promise<boolean> {
        if ((await (await this.openWallet()).get(label)) !== undefined) {
            return true;
        }
        try {
            localIdentity(this.runDir, label);
            return true;
        } catch (error) {
            if (error instanceof SpindleError && error.code === 'IDENTITY_MISSING') {
                return false;
            }
            throw error;
        }
    }

    /**
     * The staging wallet, `<wallet>/staging`: a new enrollment waits there until the ledger
     * accepted it, so the working identity is never overwritten by one the chain refuses.
     */
    async stagingWallet(): Promise<FileSystemWallet> {
        return FileSystemWallet.open(join(this.walletDir(), 'staging'));
    }

    /** The admin label of the mill an identity belongs to, e.g. `milla-admin`. */
    async adminOf(label: string): Promise<string> {
        return `${(await this.identity(label)).profile.mill.toLowerCase()}-admin`;
    }

    /**
     * A machine speaking for itself, with its encryption key.
     *
     * @throws SpindleError IDENTITY_MISSING when the machine has no identity or no encryption key.
     */
    async machine(machineId: string): Promise<MachineSession> {
        const encryptionKey = await this.storedEncryptionKey(machineId);
        if (encryptionKey === undefined) {
            throw new SpindleError(
                'IDENTITY_MISSING',
                `no encryption key for ${machineId} in ${this.walletDir()}; run \`spindle machine register ${machineId}\``,
            );
        }
        const { identity } = await this.identity(machineId);
        return new MachineSession(
            machineId,
            await this.open(machineId),
            encryptionKey,
            identity.credentials.privateKey,
        );
    }

    /** Whether the machine has an encryption key in the wallet. */
    async hasEncryptionKey(machineId: string): Promise<boolean> {
        return (await this.storedEncryptionKey(machineId)) !== undefined;
    }

    /** The machine's encryption key pair, generated and stored (0600) the first time. */
    async encryptionKeys(machineId: string): Promise<EncryptionKeyPair> {
        const stored = await this.storedEncryptionKey(machineId);
        if (stored !== undefined) {
            const publicKeyPem = createPublicKey(createPrivateKey(stored)).export({ type: 'spki', format: 'pem' });
            return { publicKeyPem: publicKeyPem.toString(), privateKeyPem: stored };
        }
        return this.newEncryptionKeys(machineId);
    }

    /** A fresh encryption key pair for a machine, replacing its stored private key. */
    async newEncryptionKeys(machineId: string): Promise<EncryptionKeyPair> {
        const keys = newEncryptionKeyPair();
        await (await this.openWallet()).putEncryptionKey(machineId, keys.privateKeyPem);
        return keys;
    }

    /** The stored key; one kept in the older `<runDir>/keys` folder moves into the wallet. */
    private async storedEncryptionKey(machineId: string): Promise<string | undefined> {
        const wallet = await this.openWallet();
        const stored = await wallet.getEncryptionKey(machineId);
        if (stored !== undefined) {
            return stored;
        }
        const legacy = join(this.runDir, 'keys', `${machineId}.enc.pem`);
        if (!existsSync(legacy)) {
            return undefined;
        }
        const key = readFileSync(legacy, 'utf8');
        await wallet.putEncryptionKey(machineId, key);
        return key;
    }
}

function readRunFile(file: string, what: string): string {
    return readLocalFile(file, 'IDENTITY_MISSING', what, RUN_FOLDER_REMEDY).toString('utf8');
}
