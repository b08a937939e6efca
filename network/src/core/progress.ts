/** Reports numbered steps with their durations on standard error, so stdout stays for results. */
export class Progress {
    private index = 0;

    constructor(
        private readonly total: number,
        private readonly write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
    ) {}

    /** Runs one step, printing its number, title, and how long it took or that it failed. */
    async step<T>(title: string, work: () => Promise<T>): Promise<T> {
        this.index += 1;
        const label = `[${this.index}/${this.total}] ${title}`;
        this.write(`${label} ...`);
        const started = Date.now();
        try {
            const result = await work();
            this.write(`${label}: done in ${seconds(started)}`);
            return result;
        } catch (error) {
            this.write(`${label}: FAILED after ${seconds(started)}`);
            throw error;
        }
    }

    /** A line of detail under the current step. */
    note(line: string): void {
        this.write(`      ${line}`);
    }
}

function seconds(started: number): string {
    return `${((Date.now() - started) / 1000).toFixed(1)}s`;
}
