import { createPrivateKey } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { type Gateway, connect, hash, signers } from '@hyperledger/fabric-gateway';

import { RUN_FOLDER_REMEDY, readLocalFile } from '../errors/local-file';
import { newNodeCryptoSigning } from './node-crypto-signer';

/** Where a mill's peer is and who connects to it. */
export interface ConnectionOptions {
    /** host:port of the mill's peer, e.g. `127.0.0.1:7151`. */
    peerEndpoint: string;
    /** PEM file of the CA that signed the peer's TLS certificate. */
    tlsRootCertificate: string;
    /**
     * A name the peer's TLS certificate carries, to check it against instead of the endpoint's
     * host (from the gateway profile; a peer reached by IP address whose certificate names
     * hosts). Without it the endpoint's host, name or IP address, is checked.
     */
    tlsServerName?: string;
    mspId: string;
    /** The identity's enrollment certificate, PEM. */
    certificatePem: string;
    /** Its private key, PEM. */
    privateKeyPem: string;
    /**
     * `node` (default): sign on Node's crypto, about fifteen times faster; `gateway`: the
     * gateway's own JavaScript signer, for comparison in benchmarks.
     */
    signing?: 'node' | 'gateway';
    /**
     * A gRPC connection to the peer to share (from `newPeerClient`); many identities can sign
     * over one connection. Closing the gateway then leaves the shared connection open.
     */
    client?: grpc.Client;
}

/** An open gateway and the gRPC connection under it; `close` releases both. */
export interface GatewayConnection {
    gateway: Gateway;
    close(): void;
}

/**
 * The server name the peer's certificate is checked against: the one given (from the peer's
 * certificate, through the gateway profile), never an assumed one. Without it gRPC checks the
 * endpoint's host, which for an IP address means the certificate's IP subject alternative names.
 */
function tlsServerNameOptions(tlsServerName: string | undefined): grpc.ChannelOptions {
    return tlsServerName === undefined || tlsServerName === ''
        ? {}
        : { 'grpc.ssl_target_name_override': tlsServerName };
}

/**
 * Connects to a mill's peer through the Fabric Gateway over TLS, signing as the given identity.
 * Deadlines keep a stuck peer from hanging a caller for ever.
 */
export function connectGateway(options: ConnectionOptions): GatewayConnection {
    const shared = options.client;
    const client = shared ?? newPeerClient(options.peerEndpoint, options.tlsRootCertificate, options.tlsServerName);
    const gateway = connect({
        client,
        identity: { mspId: options.mspId, credentials: Buffer.from(options.certificatePem) },
        ...(options.signing === 'gateway'
            ? { signer: signers.newPrivateKeySigner(createPrivateKey(options.privateKeyPem)), hash: hash.sha256 }
            : newNodeCryptoSigning(options.privateKeyPem)),
        evaluateOptions: () => ({ deadline: Date.now() + 10_000 }),
        endorseOptions: () => ({ deadline: Date.now() + 30_000 }),
        submitOptions: () => ({ deadline: Date.now() + 10_000 }),
        commitStatusOptions: () => ({ deadline: Date.now() + 60_000 }),
    });
    return {
        gateway,
        close() {
            gateway.close();
            if (shared === undefined) {
                client.close();
            }
        },
    };
}

/**
 * A TLS gRPC connection to a mill's peer, for `connectGateway` to use or to share;
 * `tlsServerName` as in {@link ConnectionOptions}.
 */
export function newPeerClient(peerEndpoint: string, tlsRootCertificate: string, tlsServerName?: string): grpc.Client {
    return new grpc.Client(
        peerEndpoint,
        grpc.credentials.createSsl(
            readLocalFile(tlsRootCertificate, 'IDENTITY_MISSING', "the peer's TLS root certificate", RUN_FOLDER_REMEDY),
        ),
        tlsServerNameOptions(tlsServerName),
    );
}
