import type { NetworkContext } from './context';
import { isHealthy, waitFor } from './health';
import { assertPortsFree } from './ports';
import type { ProcessSpec } from './processes';

/** A long-running network process with an operations endpoint. */
export interface ServiceSpec extends ProcessSpec {
    /** Who it is, for messages: "MillA's peer". */
    owner: string;
    /** Every port it listens on; all must be free before it starts. */
    ports: number[];
    /** The port of its operations endpoint (`/healthz`). */
    operationsPort: number;
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
        await assertPortsFree(spec.owner, spec.ports);
        ctx.processes.start(spec);
    }
    await waitFor(spec.owner, async () => (spec.ready?.() ?? true) && (await isHealthy(spec.operationsPort)), {
        logFile: ctx.processes.logFile(spec.name),
    });
}
