import { expect } from 'chai';

import { type JoinRequest, loadNetworkConfig, resolvePaths, withMillAdded, withMillRemoved } from '@spindle/network';

function codeOf(work: () => unknown): unknown {
    try {
        work();
    } catch (error) {
        return (error as { code?: unknown }).code;
    }
    return undefined;
}

const consenter = (host: string, port: number) => ({ host, port, client_tls_cert: 'x', server_tls_cert: 'x' });

/** A channel config as configtxlator decodes it, cut down to what a mill joining touches. */
function channelConfig() {
    const org = (mspId: string) => ({ mod_policy: 'Admins', values: { MSP: { value: { config: { name: mspId } } } } });
    return {
        channel_group: {
            groups: {
                Application: { groups: { MillAMSP: org('MillAMSP'), MillBMSP: org('MillBMSP') } },
                Orderer: {
                    groups: { MillAMSP: org('MillAMSP'), MillBMSP: org('MillBMSP') },
                    values: {
                        ConsensusType: {
                            value: {
                                type: 'etcdraft',
                                metadata: {
                                    consenters: [consenter('127.0.0.1', 7150), consenter('127.0.0.1', 7250)],
                                },
                            },
                        },
                    },
                },
            },
        },
    };
}

const request: JoinRequest = {
    mill: 'MillD',
    mspId: 'MillDMSP',
    organisation: {
        mod_policy: 'Admins',
        policies: { Admins: {} },
        values: {
            MSP: { value: { config: { name: 'MillDMSP' } } },
            AnchorPeers: { value: { anchor_peers: [{ host: '127.0.0.1', port: 7451 }] } },
            Endpoints: { value: { addresses: ['127.0.0.1:7450'] } },
        },
    },
    consenter: { host: '127.0.0.1', port: 7450, tlsCertificate: '-----BEGIN CERTIFICATE-----\nMIIB\n' },
};

describe('a mill joining the channel', function () {
    it('adds the organisation with its anchor peer to the application group and its endpoint to the orderer group', function () {
        const updated = withMillAdded(channelConfig(), request) as ReturnType<typeof channelConfig>;
        const groups = updated.channel_group.groups;
        const application = (groups.Application.groups as Record<string, { values: Record<string, unknown> }>).MillDMSP;
        const orderer = (groups.Orderer.groups as Record<string, { values: Record<string, unknown> }>).MillDMSP;
        expect(Object.keys(application?.values ?? {})).to.have.members(['MSP', 'AnchorPeers']);
        expect(Object.keys(orderer?.values ?? {})).to.have.members(['MSP', 'Endpoints']);
    });

    it('appends exactly one Raft consenter, with the TLS certificate base64-encoded as Fabric stores it', function () {
        const updated = withMillAdded(channelConfig(), request) as ReturnType<typeof channelConfig>;
        const consenters = updated.channel_group.groups.Orderer.values.ConsensusType.value.metadata.consenters;
        expect(consenters).to.have.length(3);
        expect(consenters[2]).to.deep.equal({
            host: '127.0.0.1',
            port: 7450,
            client_tls_cert: Buffer.from(request.consenter.tlsCertificate).toString('base64'),
            server_tls_cert: Buffer.from(request.consenter.tlsCertificate).toString('base64'),
        });
    });

    it('refuses a mill already in the channel with CONFIG_INVALID and leaves the config unchanged', function () {
        const config = channelConfig();
        const before = JSON.stringify(config);
        expect(codeOf(() => withMillAdded(config, { ...request, mspId: 'MillBMSP' }))).to.equal('CONFIG_INVALID');
        expect(JSON.stringify(config)).to.equal(before);
    });

    it('removes a mill from both groups and its consenter by its TLS certificate, keeping the others', function () {
        const joined = withMillAdded(channelConfig(), request);
        const removed = withMillRemoved(joined, 'MillDMSP', request.consenter.tlsCertificate) as ReturnType<
            typeof channelConfig
        >;
        const groups = removed.channel_group.groups;
        expect(Object.keys(groups.Application.groups)).to.deep.equal(['MillAMSP', 'MillBMSP']);
        expect(Object.keys(groups.Orderer.groups)).to.deep.equal(['MillAMSP', 'MillBMSP']);
        expect(groups.Orderer.values.ConsensusType.value.metadata.consenters).to.deep.equal(
            channelConfig().channel_group.groups.Orderer.values.ConsensusType.value.metadata.consenters,
        );
    });

    it('refuses to remove a mill that is not in the channel with CONFIG_INVALID', function () {
        expect(codeOf(() => withMillRemoved(channelConfig(), 'MillDMSP', 'x'))).to.equal('CONFIG_INVALID');
    });

    it('counts MillD out of the channel until it joined, and in once recorded', function () {
        const file = resolvePaths().networkConfigFile;
        const fresh = loadNetworkConfig(file);
        expect(fresh.mills.map((mill) => mill.name)).to.deep.equal(['MillA', 'MillB', 'MillC']);
        expect(fresh.joining.map((mill) => mill.name)).to.deep.equal(['MillD']);
        const joined = loadNetworkConfig(file, 0, ['MillD']);
        expect(joined.mills.map((mill) => mill.name)).to.deep.equal(['MillA', 'MillB', 'MillC', 'MillD']);
        expect(joined.joining).to.deep.equal([]);
    });
});
