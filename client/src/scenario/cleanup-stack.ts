/**
 * What the scenario started and must stop (agents, simulators), stopped newest first, each once,
 * whether the run ends well, fails, or is interrupted by SIGINT or SIGTERM.
 */
export class CleanupStack {
    private readonly steps: { what: string; stop: () => Promise<void> | void }[] = [];
    private running: Promise<string[]> | undefined;

    /** Adds what to stop; `what` names it in the list of failures `run` gives. */
    add(what: string, stop: () => Promise<void> | void): void {
        this.steps.push({ what, stop });
    }

    /**
     * Stops everything added, newest first, carrying on past a step that fails. Resolves with what
     * failed to stop, as `<what>: <reason>`; a second call waits for the first and stops nothing more.
     */
    run(): Promise<string[]> {
        this.running ??= (async () => {
            const failures: string[] = [];
            for (const { what, stop } of this.steps.splice(0).reverse()) {
                try {
                    await stop();
                } catch (error) {
                    failures.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
                }
            }
            return failures;
        })();
        return this.running;
    }

    /**
     * Runs the stack on SIGINT or SIGTERM, then exits 130 or 143 as a shell would, until the
     * returned function removes the handlers.
     */
    onSignals(progress: (line: string) => void): () => void {
        const handlers = (['SIGINT', 'SIGTERM'] as const).map((signal) => {
            const handler = (): void => {
                progress(`   ${signal}: stopping what the scenario started`);
                void this.run().finally(() => {
                    process.exit(signal === 'SIGINT' ? 130 : 143);
                });
            };
            // `on`, not `once`: signal-exit (loaded with node-opcua) re-raises a signal it finds no
            // other listener for, which would kill the scenario before its agents are stopped.
            process.on(signal, handler);
            return { signal, handler };
        });
        return () => {
            for (const { signal, handler } of handlers) {
                process.removeListener(signal, handler);
            }
        };
    }
}
