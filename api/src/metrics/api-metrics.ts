import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

import { agentLags } from './agent-lag';

/** Where the metrics read what they report at scrape time. */
export interface MetricSources {
    agentsDir: string;
    channelHeight: () => Promise<bigint>;
    jobsRunning: () => number;
}

/**
 * The service's Prometheus metrics, in a registry of its own: request latency by route,
 * transactions by operation and outcome (`committed` or the refusal's code), each agent's lag
 * behind the channel in blocks, jobs running, and the process's default metrics.
 */
export class ApiMetrics {
    readonly registry = new Registry();
    readonly requestSeconds: Histogram<'method' | 'route' | 'status'>;
    readonly transactions: Counter<'operation' | 'outcome'>;

    constructor(sources: MetricSources) {
        collectDefaultMetrics({ register: this.registry, prefix: 'spindle_api_' });
        this.requestSeconds = new Histogram({
            name: 'spindle_api_request_duration_seconds',
            help: 'HTTP request latency by route template and status',
            labelNames: ['method', 'route', 'status'],
            buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
            registers: [this.registry],
        });
        this.transactions = new Counter({
            name: 'spindle_api_transactions_total',
            help: "Transactions and queries the service ran, by operation and outcome (committed, or the refusal's code)",
            labelNames: ['operation', 'outcome'],
            registers: [this.registry],
        });
        new Gauge({
            name: 'spindle_api_jobs_running',
            help: 'Jobs running now',
            registers: [this.registry],
            collect() {
                this.set(sources.jobsRunning());
            },
        });
        new Gauge({
            name: 'spindle_agent_lag_blocks',
            help: 'Blocks committed on the channel that an agent has not finished handling, from its checkpoint',
            labelNames: ['agent'],
            registers: [this.registry],
            async collect() {
                this.reset();
                let height: bigint;
                try {
                    height = await sources.channelHeight();
                } catch {
                    return;
                }
                for (const lag of agentLags(sources.agentsDir, height)) {
                    this.set({ agent: lag.agent }, lag.blocks);
                }
            },
        });
    }
}
