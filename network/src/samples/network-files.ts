import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import type { IdentityFiles } from '../profiles/gateway-profile';
import { tlsServerNameOfFile } from '../profiles/tls-server-name';

/**
 * The variables a sourced shell script exports with a plain `export NAME=value` line, `${PWD}`
 * standing for the folder it runs in (nano-bash's scripts are sourced there). Lines with other
 * expansions are left out: their values depend on the caller's environment.
 */
export function readShellExports(file: string, workingDir: string): Record<string, string> {
    const exports: Record<string, string> = {};
    for (const line of readFileSync(file, 'utf8').split('\n')) {
        const match = /^export ([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
        if (!match?.[1] || match[2] === undefined) {
            continue;
        }
        const value = match[2]
            .replace(/"\$\{PWD\}"|\$\{PWD\}|\$PWD/g, workingDir)
            .replace(/^"(.*)"$/, '$1')
            .replace(/^'(.*)'$/, '$1');
        if (!value.includes('$')) {
            exports[match[1]] = value;
        }
    }
    return exports;
}

/**
 * The name a client reaching a server at `endpoint` checks its TLS certificate against, read from
 * the certificate (see {@link tlsServerNameOfFile}); undefined when the certificate is not there yet.
 *
 * @throws NetworkError CONFIG_INVALID when the certificate names no host.
 */
export function tlsServerNameOf(certificateFile: string, endpoint: string): string | undefined {
    if (!existsSync(certificateFile)) {
        return undefined;
    }
    const host = endpoint.slice(0, endpoint.lastIndexOf(':'));
    return tlsServerNameOfFile(certificateFile, host);
}

/**
 * The certificate and key of an enrolled MSP folder, whatever the tool named them (cryptogen's
 * `Admin@org1.example.com-cert.pem` and `priv_sk`, fabric-ca's `cert.pem`); undefined when the
 * folder does not hold exactly one of each.
 */
export function mspIdentityFiles(mspDir: string): IdentityFiles | undefined {
    const only = (dir: string): string | undefined => {
        const files = existsSync(dir) ? readdirSync(dir) : [];
        return files.length === 1 && files[0] !== undefined ? join(dir, files[0]) : undefined;
    };
    const certificate = only(join(mspDir, 'signcerts'));
    const privateKey = only(join(mspDir, 'keystore'));
    return certificate && privateKey ? { certificate, privateKey } : undefined;
}
