import { expect } from 'chai';
import { stageShares } from '@spindle/bench';

/** The shape of `go tool pprof -top -cum` output, with rows of several stages. */
const TOP_CUM = `File: peer
Type: cpu
Duration: 8s, Total samples = 2.70s (33.75%)
      flat  flat%   sum%        cum   cum%
         0     0%     0%      1.02s 37.78%  crypto/ecdsa.VerifyASN1
         0     0%     0%      0.50s 18.52%  github.com/hyperledger/fabric/core/committer/txvalidator/v20.(*TxValidator).Validate.func1.1
         0     0%     0%      0.40s 14.81%  github.com/hyperledger/fabric/core/endorser.(*Endorser).ProcessProposal
         0     0%     0%      0.40s 14.81%  github.com/hyperledger/fabric/internal/pkg/gateway.(*EndorserServerAdapter).ProcessProposal
     0.01s  0.37%  0.37%      0.10s  3.70%  crypto/tls.(*Conn).Write
         0     0%  0.37%      0.05s  1.85%  crypto/tls.(*Conn).Read
         0     0%  0.37%      0.05s  1.85%  crypto/tls.(*Conn).readRecord (inline)
`;

describe('bench peer profile stages', function () {
    it("sums each stage's functions' cumulative shares and leaves out stages with no samples", function () {
        const shares = Object.fromEntries(stageShares(TOP_CUM).map(({ stage, percent }) => [stage, percent]));
        expect(shares).to.deep.equal({
            'ECDSA signature checks (crypto/ecdsa.VerifyASN1)': 37.8,
            'block validation: signatures and policies (TxValidator.Validate)': 18.5,
            'endorsement: simulating proposals (Endorser.ProcessProposal)': 14.8,
            'TLS records (crypto/tls Conn.Read + Conn.Write)': 5.6,
        });
    });

    it('reads nothing from text that is not a pprof table', function () {
        expect(stageShares('no profile: connection refused')).to.deep.equal([]);
    });
});
