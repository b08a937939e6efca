import { expect } from 'chai';

import {
    API_KEY_PREFIX,
    ApiProblem,
    apiKeyOf,
    findByKey,
    hashApiKey,
    newApiKey,
    ownMachineOf,
    spindleAttributesOf,
} from '@spindle/api';

import { CertificateAuthority } from '../../support/x509/certificate-authority';

function codeOf(work: () => unknown): string | undefined {
    try {
        work();
    } catch (error) {
        return error instanceof ApiProblem ? error.code : 'OTHER';
    }
    return undefined;
}

describe('API keys and identities', function () {
    it('makes keys that differ each time and keeps only their SHA-256', function () {
        const [first, second] = [newApiKey(), newApiKey()];
        expect(first).to.match(new RegExp(`^${API_KEY_PREFIX}[A-Za-z0-9_-]{43}$`));
        expect(first).not.to.equal(second);
        expect(hashApiKey(first)).to.match(/^[0-9a-f]{64}$/);
        expect(hashApiKey(first)).not.to.contain(first.slice(API_KEY_PREFIX.length));
    });

    it('reads the key from a bearer token or X-API-Key, and nothing from other schemes', function () {
        expect(apiKeyOf({ authorization: 'Bearer spk_a' })).to.equal('spk_a');
        expect(apiKeyOf({ 'x-api-key': ' spk_b ' })).to.equal('spk_b');
        expect(apiKeyOf({ authorization: 'Basic c3BrOmE=' })).to.equal(undefined);
        expect(apiKeyOf({})).to.equal(undefined);
    });

    it('finds the client whose hash matches the key, and none for a near miss', function () {
        const clients = [
            { id: 'a', keySha256: hashApiKey('spk_one') },
            { id: 'b', keySha256: hashApiKey('spk_two') },
        ];
        expect(findByKey(clients, 'spk_two')?.id).to.equal('b');
        expect(findByKey(clients, 'spk_two ')).to.equal(undefined);
        expect(findByKey(clients, hashApiKey('spk_two'))).to.equal(undefined);
    });

    it("reads role and machine from a fabric-ca certificate's attributes", function () {
        const ca = new CertificateAuthority('MillAMSP');
        const machine = ca.issue({
            commonName: 'carding-a1',
            organizationalUnit: 'client',
            attributes: { 'spindle.role': 'machine', 'spindle.machine': 'carding-a1', 'hf.Type': 'client' },
        });
        expect(spindleAttributesOf(machine.certificatePem)).to.deep.equal({ role: 'machine', machineId: 'carding-a1' });
        const stranger = ca.issue({
            commonName: 'x',
            organizationalUnit: 'client',
            attributes: { 'spindle.role': 'root' },
        });
        expect(spindleAttributesOf(stranger.certificatePem)).to.deep.equal({});
    });

    it('lets a machine identity act as its own machine only', function () {
        const principal = {
            clientId: 'mes',
            identity: 'carding-a1',
            mspId: 'MillAMSP',
            role: 'machine' as const,
            machineId: 'carding-a1',
        };
        expect(ownMachineOf(principal)).to.equal('carding-a1');
        expect(ownMachineOf(principal, 'carding-a1')).to.equal('carding-a1');
        expect(codeOf(() => ownMachineOf(principal, 'carding-a2'))).to.equal('NOT_AUTHORIZED');
        expect(codeOf(() => ownMachineOf({ ...principal, role: 'admin' }))).to.equal('NOT_AUTHORIZED');
    });
});
