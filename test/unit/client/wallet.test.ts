import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';

import { FileSystemWallet, SpindleError, type X509Identity, newEncryptionKeyPair } from '@spindle/client';

const CERTIFICATE = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const PRIVATE_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
const IDENTITY: X509Identity = {
    credentials: { certificate: CERTIFICATE, privateKey: PRIVATE_KEY },
    mspId: 'MillAMSP',
    type: 'X.509',
};

async function codeOf(work: () => Promise<unknown>): Promise<string | undefined> {
    try {
        await work();
    } catch (error) {
        return error instanceof SpindleError ? error.code : 'OTHER';
    }
    return undefined;
}

describe('file-system wallet', function () {
    let directory: string;
    let wallet: FileSystemWallet;

    beforeEach(async function () {
        directory = await mkdtemp(join(tmpdir(), 'spindle-wallet-'));
        wallet = await FileSystemWallet.open(join(directory, 'wallet'));
    });

    afterEach(async function () {
        await rm(directory, { recursive: true, force: true });
    });

    it('gives back the identity it stored, and lists it', async function () {
        await wallet.put('carding-07', IDENTITY);
        await wallet.put('blowroom-01', { ...IDENTITY, mspId: 'MillBMSP' });
        expect(await wallet.get('carding-07')).to.deep.equal(IDENTITY);
        expect((await wallet.get('blowroom-01'))?.mspId).to.equal('MillBMSP');
        expect(await wallet.list()).to.deep.equal(['blowroom-01', 'carding-07']);
        expect(await wallet.get('combing-03')).to.equal(undefined);
    });

    it('writes the identity file byte for byte as fabric-network 2.2 does', async function () {
        await wallet.put('carding-07', IDENTITY);
        const bytes = await readFile(join(wallet.directory, 'carding-07.id'), 'utf8');
        const escaped = (text: string) => text.replace(/\n/g, '\\n');
        expect(bytes).to.equal(
            `{"credentials":{"certificate":"${escaped(CERTIFICATE)}","privateKey":"${escaped(PRIVATE_KEY)}"},` +
                `"mspId":"MillAMSP","type":"X.509","version":1}`,
        );
    });

    it('reads an identity file another Fabric tool wrote', async function () {
        const foreign = JSON.stringify({
            credentials: { certificate: CERTIFICATE, privateKey: PRIVATE_KEY },
            mspId: 'MillCMSP',
            type: 'X.509',
            version: 1,
        });
        await writeFile(join(wallet.directory, 'admin.id'), foreign);
        expect(await wallet.get('admin')).to.deep.equal({ ...IDENTITY, mspId: 'MillCMSP' });
    });

    it('keeps identity and encryption key files readable by their owner only, with no temporary left', async function () {
        const { privateKeyPem } = newEncryptionKeyPair();
        await wallet.put('carding-07', IDENTITY);
        await wallet.put('carding-07', { ...IDENTITY, mspId: 'MillBMSP' });
        await wallet.putEncryptionKey('carding-07', privateKeyPem);
        expect((await stat(join(wallet.directory, 'carding-07.id'))).mode & 0o777).to.equal(0o600);
        expect((await stat(join(wallet.directory, 'carding-07.enc.pem'))).mode & 0o777).to.equal(0o600);
        expect((await readdir(wallet.directory)).sort()).to.deep.equal(['carding-07.enc.pem', 'carding-07.id']);
        expect(await wallet.getEncryptionKey('carding-07')).to.equal(privateKeyPem);
        expect(await wallet.getEncryptionKey('combing-03')).to.equal(undefined);
    });

    it('removes an identity with its encryption key', async function () {
        await wallet.put('carding-07', IDENTITY);
        await wallet.putEncryptionKey('carding-07', newEncryptionKeyPair().privateKeyPem);
        await wallet.remove('carding-07');
        await wallet.remove('carding-07');
        expect(await wallet.list()).to.deep.equal([]);
        expect(await readdir(wallet.directory)).to.deep.equal([]);
    });

    it('refuses a malformed identity file with WALLET_INVALID', async function () {
        const malformed = [
            'not json',
            '[]',
            JSON.stringify({ credentials: { certificate: CERTIFICATE }, mspId: 'MillAMSP', type: 'X.509', version: 1 }),
            JSON.stringify({ ...IDENTITY, version: 2 }),
            JSON.stringify({ ...IDENTITY, version: 1, type: 'HSM-X.509' }),
            JSON.stringify({ ...IDENTITY, version: 1, mspId: '' }),
            JSON.stringify({
                credentials: { certificate: 'plain text', privateKey: PRIVATE_KEY },
                mspId: 'MillAMSP',
                type: 'X.509',
                version: 1,
            }),
        ];
        for (const text of malformed) {
            await writeFile(join(wallet.directory, 'broken.id'), text);
            expect(await codeOf(() => wallet.get('broken')), text).to.equal('WALLET_INVALID');
        }
        await writeFile(join(wallet.directory, 'broken.enc.pem'), 'no key here');
        expect(await codeOf(() => wallet.getEncryptionKey('broken'))).to.equal('WALLET_INVALID');
    });

    it('refuses to store an identity that does not fit the format', async function () {
        const code = await codeOf(() =>
            wallet.put('carding-07', { ...IDENTITY, credentials: { certificate: 'x', privateKey: PRIVATE_KEY } }),
        );
        expect(code).to.equal('WALLET_INVALID');
        expect(await wallet.list()).to.deep.equal([]);
    });

    it('refuses labels outside the ID whitelist, so no file escapes the folder', async function () {
        for (const label of ['../escape', 'Carding', '', '-lead', 'a'.repeat(64), 'x.id', 'a/b']) {
            expect(await codeOf(() => wallet.put(label, IDENTITY)), label).to.equal('INVALID_ARGUMENT');
            expect(await codeOf(() => wallet.get(label)), label).to.equal('INVALID_ARGUMENT');
            expect(await codeOf(() => wallet.remove(label)), label).to.equal('INVALID_ARGUMENT');
        }
        expect(await codeOf(() => wallet.putEncryptionKey('carding-07', 'not pem'))).to.equal('INVALID_ARGUMENT');
    });

    it('lists only identity files with valid labels', async function () {
        await wallet.put('carding-07', IDENTITY);
        await writeFile(join(wallet.directory, 'notes.txt'), 'x');
        await writeFile(join(wallet.directory, 'Upper.id'), 'x');
        expect(await wallet.list()).to.deep.equal(['carding-07']);
    });
});
