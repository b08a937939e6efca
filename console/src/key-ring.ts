import { ApiClient } from './api-client';
import type { Principal } from './api-types';

/** An API key the user entered, with whom the service says it acts as. */
export interface HeldKey {
    key: string;
    principal: Principal;
}

const KEYS = 'spindle.console.keys';
const ACTIVE = 'spindle.console.active';

/**
 * The API keys of this browser tab, in `sessionStorage`: gone when the tab closes, never sent
 * anywhere but the service's `/api/v1`. One of them is active; the pages call as it.
 */
export class KeyRing {
    constructor(private readonly storage: Storage = sessionStorage) {}

    /** The keys held, in the order they were added. */
    list(): HeldKey[] {
        try {
            const stored: unknown = JSON.parse(this.storage.getItem(KEYS) ?? '[]');
            return Array.isArray(stored) ? (stored as HeldKey[]) : [];
        } catch {
            return [];
        }
    }

    /** The active key, or the first one. */
    active(): HeldKey | undefined {
        const keys = this.list();
        const id = this.storage.getItem(ACTIVE);
        return keys.find((held) => held.principal.clientId === id) ?? keys[0];
    }

    /**
     * Asks the service who a key is (`/api/v1/me`), holds it and makes it active.
     *
     * @throws ApiError UNAUTHENTICATED for a key no client holds.
     */
    async add(key: string): Promise<HeldKey> {
        const principal = await new ApiClient(key).get<Principal>('/api/v1/me');
        const held = { key, principal };
        const others = this.list().filter((entry) => entry.principal.clientId !== principal.clientId);
        this.storage.setItem(KEYS, JSON.stringify([...others, held]));
        this.select(principal.clientId);
        return held;
    }

    /** Makes a held key active. */
    select(clientId: string): void {
        this.storage.setItem(ACTIVE, clientId);
    }

    /** Forgets a key. */
    remove(clientId: string): void {
        this.storage.setItem(KEYS, JSON.stringify(this.list().filter((held) => held.principal.clientId !== clientId)));
        if (this.storage.getItem(ACTIVE) === clientId) {
            this.storage.removeItem(ACTIVE);
        }
    }
}
