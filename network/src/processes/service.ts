import type { NetworkContext } from '../core/context';
import type { MillHost } from '../core/mill-host';
import type { ProcessSpec } from '../core/process-table';
import { isHealthy, waitFor } from './health';
import { assertPortsFree } from './ports';

/** A long-running network process with an operations endpoint. */
export interface ServiceSpec extends ProcessSpec {
    /** Who it is, for messages: "MillA's peer". */
    owner: string;
    /** Every port it listens on; all must be free before it starts. */
    ports: number[];
    /** The port of its operations endpoint (`/healthz`). */
    operationsPort: number;
    /** The mill's host: the service runs in its namespace, if it has one, and listens on its address. */
    host: MillHost;
    /** A further readiness check, e.g. that a CA wrote its certificate. */
    ready?: () => boolean;
}

/**
 * Starts a service unless its recorded process still runs, then waits until its operations
 * endpoint reports healthy.
 *
 * @throws NetworkError PORT_TAKEN, BINARY_MISSING, or HEALTH_TIMEOUT naming its log.
 */
export async function ensureService(ctx: NetworkContext, spec: ServiceSpec): Promise<void> {
    if (!ctx.processes.running(spec.name)) {
        await assertPortsFree(spec.owner, spec.ports, spec.host);
        ctx.processes.start({ ...spec, namespace: spec.host.namespace });
    }
    const healthy = async (): Promise<boolean> =>
        (spec.ready?.() ?? true) && (await isHealthy(spec.operationsPort, spec.host.address));
    await waitFor(spec.owner, healthy, {
        logFile: ctx.processes.logFile(spec.name),
    });
}
