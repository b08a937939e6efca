import { type ApiClient, hashApiKey } from '@spindle/api';

/** One test client: its key and its configuration entry. */
export interface TestClient {
    key: string;
    entry: ApiClient;
}

/** A client acting as `identity`, with a fixed test key. */
export function testClient(id: string, identity: string): TestClient {
    const key = `spk_test-${id}`;
    return { key, entry: { id, keySha256: hashApiKey(key), identity } };
}
