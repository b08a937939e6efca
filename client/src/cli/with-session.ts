import type { SpindleGateway } from '../session/spindle-gateway';
import type { CliContext } from './cli-context';

/** Runs work in a gateway session as an identity, and closes the session after. */
export async function withSession<T>(
    cli: CliContext,
    label: Promise<string>,
    work: (session: SpindleGateway) => Promise<T>,
): Promise<T> {
    const session = await cli.identities.open(await label);
    try {
        return await work(session);
    } finally {
        session.close();
    }
}
