import { onRetrySleep } from '../session/retry-sleep';

/** How long one section of the scenario took, and how much of it was spent on retry timers. */
export interface SectionTime {
    title: string;
    ms: number;
    /** Waits on a retry timer of the client while the section ran. */
    retrySleeps: number;
    retrySleepMs: number;
}

/**
 * Times the scenario's sections: `start` ends the running section (printing its time) and
 * opens the next; every retry wait of the client meanwhile is counted against the open section.
 */
export class SectionClock {
    readonly sections: SectionTime[] = [];
    private current: (SectionTime & { startedAt: number }) | undefined;
    private readonly stopListening: () => void;

    constructor(
        private readonly progress: (line: string) => void,
        private readonly now: () => number = Date.now,
    ) {
        this.stopListening = onRetrySleep((sleep) => {
            if (this.current) {
                this.current.retrySleeps += 1;
                this.current.retrySleepMs += sleep.delayMs;
            }
        });
    }

    /** Ends the running section and starts the next, printing its title. */
    start(title: string): void {
        this.end();
        this.progress(`== ${title}`);
        this.current = { title, ms: 0, retrySleeps: 0, retrySleepMs: 0, startedAt: this.now() };
    }

    /** Ends the running section, if any, and prints how long it took. */
    end(): void {
        const running = this.current;
        if (!running) {
            return;
        }
        this.current = undefined;
        const { startedAt, ...section } = running;
        section.ms = this.now() - startedAt;
        this.sections.push(section);
        this.progress(`   -- ${sectionTimeText(section)}`);
    }

    /** Ends the running section and stops counting retry waits. */
    stop(): void {
        this.end();
        this.stopListening();
    }
}

/** `4.2 s`, with the retry waits when there were any: `19.6 s, 14 retry waits (17.3 s)`. */
export function sectionTimeText(section: SectionTime): string {
    const seconds = `${(section.ms / 1000).toFixed(1)} s`;
    return section.retrySleeps === 0
        ? seconds
        : `${seconds}, ${section.retrySleeps} retry wait(s) (${(section.retrySleepMs / 1000).toFixed(1)} s)`;
}
