import type { ApiClient } from './api-client';
import type { Principal } from './api-types';

/** What a page gets: the client of the active key, whom it acts as, and the route's parameters. */
export interface PageContext {
    api: ApiClient;
    me: Principal;
    /** The route's query parameters: `#/query?to=lap-former-b1` gives `to`. */
    params: URLSearchParams;
    /** Goes to another page, e.g. `#/chains?machine=carding-a1`. */
    navigate(hash: string): void;
}

/** A page: renders into the element it returns, loading what it shows by itself. */
export type Page = (context: PageContext) => HTMLElement;
