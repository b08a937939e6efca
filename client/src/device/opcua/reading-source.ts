import type { Reading } from '@spindle/chaincode/protocol';
import {
    AttributeIds,
    ClientSubscription,
    type ClientSession,
    type DataValue,
    MessageSecurityMode,
    OPCUACertificateManager,
    OPCUAClient,
    SecurityPolicy,
    StatusCodes,
    TimestampsToReturn,
    UserTokenType,
} from 'node-opcua';
import type { Logger } from 'pino';

import { SpindleError } from '../../errors/spindle-error';
import type { OpcuaMachineConfig } from './opcua-config';
import { ReadingGap } from './reading-gap';

const DEFAULT_MAX_RETRY = 100;

/** A reading as the source gives it: the history store numbers it (`seq`). */
export type SourceReading = Omit<Reading, 'seq'>;

/** How hard to try reconnecting; node-opcua backs off exponentially between tries. */
export interface ReconnectPolicy {
    /** Tries before giving up (default 100; with the delays below, about a quarter of an hour). */
    readonly maxRetry?: number;
    readonly initialDelayMs?: number;
    readonly maxDelayMs?: number;
}

/** What a reading source needs. */
export interface ReadingSourceOptions {
    readonly config: OpcuaMachineConfig;
    /** Called with each value change of a configured node, in arrival order. */
    readonly onReading: (reading: SourceReading) => void;
    readonly logger: Logger;
    readonly reconnect?: ReconnectPolicy;
    /** Called once when the source gives up reconnecting (the policy's tries spent), not on close. */
    readonly onAbandoned?: () => void;
    /** Gives up opening (a first connection still being tried) when aborted: `open` then fails OPCUA_CONNECT_FAILED. */
    readonly signal?: AbortSignal;
}

/**
 * Readings of one machine from its controller over OPC UA: one session, one subscription, one
 * monitored item per configured node, each value change turned into a reading stamped with the
 * controller's SOURCE timestamp. After a dropped connection node-opcua reconnects (bounded by the
 * reconnect policy) and restores the subscription; the source then logs one `OPCUA_GAP` line with
 * the span it has no readings for, from the last value before the drop to the first after it.
 */
export class OpcuaReadingSource {
    private closing = false;

    private constructor(
        private readonly client: OPCUAClient,
        private readonly session: ClientSession,
        private readonly subscription: ClientSubscription,
        private readonly logger: Logger,
    ) {}

    /**
     * Connects, opens a session and subscribes to every configured node.
     *
     * @throws SpindleError `OPCUA_CONNECT_FAILED` when the endpoint cannot be reached or refuses
     * the session (after the reconnect policy's tries), `OPCUA_SERVER_UNTRUSTED` when a secured
     * channel meets a server certificate not in `<pkiDir>/trusted/certs`, `OPCUA_SUBSCRIBE_FAILED`
     * when the subscription cannot be made.
     */
    static async open(options: ReadingSourceOptions): Promise<OpcuaReadingSource> {
        const { config } = options;
        const logger = options.logger.child({ machineId: config.machineId, endpointUrl: config.endpointUrl });
        const client = OPCUAClient.create({
            // One application (and certificate) per agent process, whatever machines it reads.
            applicationName: 'spindle-device-agent',
            securityMode: MessageSecurityMode[config.securityMode],
            securityPolicy: SecurityPolicy[config.securityPolicy],
            endpointMustExist: false,
            connectionStrategy: {
                maxRetry: options.reconnect?.maxRetry ?? DEFAULT_MAX_RETRY,
                initialDelay: options.reconnect?.initialDelayMs ?? 500,
                maxDelay: options.reconnect?.maxDelayMs ?? 10_000,
            },
            ...(config.pkiDir
                ? { clientCertificateManager: new OPCUACertificateManager({ rootFolder: config.pkiDir }) }
                : {}),
        });
        let session: ClientSession;
        const abandon = (): void => void client.disconnect().catch(() => undefined);
        options.signal?.addEventListener('abort', abandon, { once: true });
        try {
            options.signal?.throwIfAborted();
            await client.connect(config.endpointUrl);
            session = await client.createSession(
                config.user
                    ? { type: UserTokenType.UserName, userName: config.user.userName, password: config.user.password }
                    : { type: UserTokenType.Anonymous },
            );
        } catch (error) {
            await client.disconnect().catch(() => undefined);
            if (/BadCertificateUntrusted/.test(messageOf(error))) {
                throw new SpindleError(
                    'OPCUA_SERVER_UNTRUSTED',
                    `${config.endpointUrl} presented a certificate this agent does not trust: check it in <pkiDir>/rejected and move it to <pkiDir>/trusted/certs`,
                    undefined,
                    { cause: error },
                );
            }
            throw new SpindleError(
                'OPCUA_CONNECT_FAILED',
                `cannot open an OPC UA session with ${config.endpointUrl}: ${messageOf(error)}`,
                undefined,
                { cause: error },
            );
        } finally {
            options.signal?.removeEventListener('abort', abandon);
        }
        const gap = new ReadingGap(config.machineId, logger);
        let subscription: ClientSubscription;
        let monitored: number;
        try {
            ({ subscription, monitored } = await subscribe(session, config, options.onReading, gap, logger));
        } catch (error) {
            await session.close().catch(() => undefined);
            await client.disconnect().catch(() => undefined);
            throw new SpindleError(
                'OPCUA_SUBSCRIBE_FAILED',
                `cannot subscribe to ${config.endpointUrl}: ${messageOf(error)}`,
                undefined,
                { cause: error },
            );
        }
        client.on('connection_lost', () => {
            gap.lost();
            logger.warn(
                { code: 'OPCUA_CONNECTION_LOST' },
                `OPCUA_CONNECTION_LOST: ${config.endpointUrl} dropped; reconnecting`,
            );
        });
        client.on('connection_reestablished', () => {
            logger.info({ code: 'OPCUA_RECONNECTED' }, `OPCUA_RECONNECTED: ${config.endpointUrl} is back`);
        });
        logger.info(
            { code: 'OPCUA_SUBSCRIBED', nodes: monitored },
            `OPCUA_SUBSCRIBED: ${monitored} of ${config.readings.length} nodes of ${config.machineId}`,
        );
        const source = new OpcuaReadingSource(client, session, subscription, logger);
        // node-opcua retries a lost connection forever (its maxRetry bounds the first connect only):
        // count the tries since the drop and stop at the policy's bound.
        const maxRetry = options.reconnect?.maxRetry ?? DEFAULT_MAX_RETRY;
        let triesSinceDrop = 0;
        client.on('connection_lost', () => {
            triesSinceDrop = 0;
        });
        client.on('backoff', () => {
            triesSinceDrop += 1;
            if (triesSinceDrop !== maxRetry || source.closing) {
                return;
            }
            source.closing = true;
            logger.error(
                { code: 'OPCUA_RECONNECT_ABANDONED', tries: triesSinceDrop },
                `OPCUA_RECONNECT_ABANDONED: gave up reconnecting to ${config.endpointUrl} after ${triesSinceDrop} tries`,
            );
            void client.disconnect().finally(() => options.onAbandoned?.());
        });
        return source;
    }

    /** Ends the subscription and the session and disconnects; safe to call twice. */
    async close(): Promise<void> {
        this.closing = true;
        await this.subscription.terminate().catch(() => undefined);
        await this.session.close().catch(() => undefined);
        await this.client.disconnect();
        this.logger.info({ code: 'OPCUA_CLOSED' }, 'OPCUA_CLOSED: reading source closed');
    }
}

async function subscribe(
    session: ClientSession,
    config: OpcuaMachineConfig,
    onReading: (reading: SourceReading) => void,
    gap: ReadingGap,
    logger: Logger,
): Promise<{ subscription: ClientSubscription; monitored: number }> {
    const subscription = await session.createSubscription2({
        requestedPublishingInterval: Math.max(100, Math.min(config.samplingIntervalMs, 1000)),
        requestedLifetimeCount: 600,
        requestedMaxKeepAliveCount: 10,
        maxNotificationsPerPublish: 0,
        publishingEnabled: true,
        priority: 10,
    });
    const lastStamp = new Map<string, number>();
    let monitored = 0;
    for (const node of config.readings) {
        const item = await subscription.monitor(
            { nodeId: node.nodeId, attributeId: AttributeIds.Value },
            { samplingInterval: config.samplingIntervalMs, queueSize: 100, discardOldest: true },
            TimestampsToReturn.Both,
        );
        const refusal = item.result?.statusCode ?? item.statusCode;
        if (refusal !== StatusCodes.Good) {
            // A controller without one node still serves the others: record those, say which one is missing.
            logger.warn(
                { code: 'OPCUA_NODE_REFUSED', variable: node.variable, nodeId: node.nodeId, status: refusal.name },
                `OPCUA_NODE_REFUSED: ${node.nodeId} (${node.variable}) cannot be monitored: ${refusal.name}`,
            );
            continue;
        }
        monitored += 1;
        item.on('changed', (dataValue: DataValue) => {
            const stamp = dataValue.sourceTimestamp ?? dataValue.serverTimestamp;
            const value: unknown = dataValue.value.value;
            const numeric = typeof value === 'boolean' ? Number(value) : value;
            if (
                !stamp ||
                dataValue.statusCode !== StatusCodes.Good ||
                typeof numeric !== 'number' ||
                !Number.isFinite(numeric)
            ) {
                logger.debug(
                    { code: 'OPCUA_VALUE_SKIPPED', variable: node.variable, status: dataValue.statusCode.name },
                    'value skipped',
                );
                return;
            }
            // A restored subscription sends each node's current value again: record it once.
            if (lastStamp.get(node.variable) === stamp.getTime()) {
                return;
            }
            lastStamp.set(node.variable, stamp.getTime());
            gap.received(stamp);
            onReading({
                machineId: config.machineId,
                variable: node.variable,
                value: numeric,
                unit: node.unit,
                sourceTimestamp: stamp.toISOString(),
            });
        });
    }
    return { subscription, monitored };
}

function messageOf(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}
