import type { Logger } from 'pino';

import { SpindleError } from '../../errors/spindle-error';
import type { HistoryStore, NewReading, StoredSeal } from '../history';
import { OpcuaReadingSource, type OpcuaMachineConfig, type ReconnectPolicy } from '../opcua';
import { type BatchingOptions, ReadingBatcher } from './reading-batcher';
import { RecorderError, codeOf, messageOf } from './recorder-error';
import type { AfterRecorderStep } from './recorder-steps';
import { SealAnchorer, type SealAnchorerOptions } from './seal-anchorer';
import type { SealChain } from './seal-chain';
import { type SealCadence, Sealer } from './sealer';

/** How a machine's readings are recorded and sealed. */
export interface DeviceRecorderOptions {
    /** The machine's history store, open; the recorder never closes it. */
    readonly store: HistoryStore;
    /** Where its seals are anchored: the machine's communication chain. */
    readonly chain: SealChain;
    readonly logger: Logger;
    /** The machine's OPC UA configuration; without it the recorder takes readings from {@link DeviceRecorder.record} only. */
    readonly opcua?: OpcuaMachineConfig;
    readonly reconnect?: ReconnectPolicy;
    readonly cadence?: SealCadence;
    readonly batching?: BatchingOptions;
    readonly anchoring?: Pick<SealAnchorerOptions, 'attempts' | 'retryDelayMs' | 'lookBackBlocks'>;
    /** The clock a seal is stamped with (`sealedAt`); the system clock by default. */
    readonly clock?: () => Date;
    /** Called after each recorder step (see `AGENT_STEPS`); the crash tests' hook. */
    readonly afterStep?: AfterRecorderStep;
}

/**
 * The device area's recorder for one machine: reads the machine's controller over OPC UA,
 * records each reading in the machine's history store (durable within a few hundred ms, see
 * {@link ReadingBatcher}) and seals them into the machine's communication chain at its cadence
 * (see {@link Sealer}). On start it first joins the chain: numbering after the readings the chain
 * has sealed, and anchoring a seal a crash left recorded but not anchored.
 */
export class DeviceRecorder {
    readonly machineId: string;
    private readonly batcher: ReadingBatcher;
    private readonly anchorer: SealAnchorer;
    private readonly sealer: Sealer;
    private readonly logger: Logger;
    private source: OpcuaReadingSource | undefined;
    private readonly opening = new AbortController();
    private stopped = false;

    /** @throws SpindleError INVALID_ARGUMENT when the OPC UA configuration is of another machine than the store. */
    constructor(private readonly options: DeviceRecorderOptions) {
        const { store } = options;
        if (options.opcua && options.opcua.machineId !== store.machineId) {
            throw new SpindleError(
                'INVALID_ARGUMENT',
                `the OPC UA configuration of ${options.opcua.machineId} cannot feed the history of ${store.machineId}`,
            );
        }
        this.machineId = store.machineId;
        this.logger = options.logger.child({ machineId: store.machineId });
        const afterStep = options.afterStep;
        this.anchorer = new SealAnchorer({
            ...options.anchoring,
            store,
            chain: options.chain,
            logger: this.logger,
            ...(afterStep ? { afterStep } : {}),
        });
        this.sealer = new Sealer({
            ...options.cadence,
            store,
            anchorer: this.anchorer,
            logger: this.logger,
            ...(options.clock ? { clock: options.clock } : {}),
            ...(afterStep ? { afterStep } : {}),
        });
        this.batcher = new ReadingBatcher({
            ...options.batching,
            store,
            logger: this.logger,
            onRecorded: () => {
                this.sealer.recorded();
            },
            ...(afterStep ? { afterStep } : {}),
        });
    }

    /** Readings recorded since the recorder was made. */
    get recorded(): number {
        return this.batcher.recorded;
    }

    /**
     * Joins the machine's chain (see `SealAnchorer.joinChain`: an empty store numbers after the
     * chain's sealed readings, a seal left pending is anchored; a failure to anchor it is logged
     * and tried again at the next seal), starts the seal cadence, then opens the OPC UA reading
     * source, if configured.
     *
     * @throws RecorderError HISTORY_DIVERGED, CHAIN_UNREACHABLE: nothing is recorded.
     * @throws SpindleError OPCUA_CONNECT_FAILED, OPCUA_SERVER_UNTRUSTED, OPCUA_SUBSCRIBE_FAILED
     *   when the source cannot be opened; the recorder then still seals what it holds.
     */
    async start(): Promise<void> {
        try {
            await this.anchorer.joinChain();
        } catch (error) {
            if (
                error instanceof RecorderError &&
                (error.code === 'HISTORY_DIVERGED' || error.code === 'CHAIN_UNREACHABLE')
            ) {
                throw error;
            }
            this.logger.error({ code: codeOf(error) }, `pending seal not anchored yet: ${messageOf(error)}`);
        }
        if (this.stopped) {
            return;
        }
        this.sealer.start();
        const config = this.options.opcua;
        if (!config) {
            return;
        }
        const source = await OpcuaReadingSource.open({
            config,
            logger: this.logger,
            onReading: ({ variable, value, unit, sourceTimestamp }) => {
                this.record({ variable, value, unit, sourceTimestamp });
            },
            onAbandoned: () => {
                this.source = undefined;
                this.logger.error(
                    { code: 'OPCUA_RECONNECT_ABANDONED', endpointUrl: config.endpointUrl },
                    `OPCUA_RECONNECT_ABANDONED: no more readings of ${this.machineId} until the agent restarts; those recorded are still sealed and answered`,
                );
            },
            signal: this.opening.signal,
            ...(this.options.reconnect ? { reconnect: this.options.reconnect } : {}),
        });
        if (this.isStopped()) {
            await source.close();
            return;
        }
        this.source = source;
    }

    /** A call, not a field read, since `stop` may flip it while `start` awaits. */
    private isStopped(): boolean {
        return this.stopped;
    }

    /** Takes one reading (the source's, or a caller's that has no OPC UA source). */
    record(reading: NewReading): void {
        if (!this.stopped) {
            this.batcher.add(reading);
        }
    }

    /** Appends every reading waiting; resolves once they are durable (or the store failed, logged). */
    flush(): Promise<void> {
        return this.batcher.flush();
    }

    /**
     * Flushes, then seals every unsealed reading now; resolves with the last seal, undefined when
     * nothing was unsealed.
     *
     * @throws RecorderError SEAL_ANCHOR_FAILED; HistoryError from the store.
     */
    async sealNow(): Promise<StoredSeal | undefined> {
        await this.flush();
        return this.sealer.sealNow();
    }

    /**
     * Stops reading (a source still being opened is given up), records what is buffered and waits
     * for the seal under way. The store stays open.
     */
    async stop(): Promise<void> {
        this.stopped = true;
        this.opening.abort();
        const source = this.source;
        this.source = undefined;
        await source?.close().catch((error: unknown) => {
            this.logger.warn({ code: codeOf(error) }, `reading source did not close cleanly: ${messageOf(error)}`);
        });
        await this.batcher.stop();
        await this.sealer.stop();
    }
}
