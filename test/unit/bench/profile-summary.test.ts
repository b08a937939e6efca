import { expect } from 'chai';
import { summariseProfile } from '@spindle/bench';

const TOP_CUM = `File: peer
Type: cpu
Duration: 8s, Total samples = 9.45s (49.60%)
      flat  flat%   sum%        cum   cum%
     0.08s  0.85%  0.85%      5.86s 62.01%  google.golang.org/protobuf/proto.UnmarshalOptions.UnmarshalState
     0.30s  3.17%  4.02%      5.86s 62.01%  google.golang.org/protobuf/proto.UnmarshalOptions.unmarshal
     0.07s  0.74%  4.76%      5.85s 61.90%  google.golang.org/protobuf/internal/impl.(*MessageInfo).unmarshal
     0.02s  0.21%  8.78%      5.59s 59.15%  github.com/golang/protobuf/proto.Unmarshal
         0     0%  8.78%      5.40s 57.14%  github.com/hyperledger/fabric/core/committer/txvalidator/v20.(*TxValidator).validateTx
         0     0% 12.38%      4.87s 51.53%  github.com/hyperledger/fabric/core/chaincode/lifecycle.(*Resources).ChaincodeDefinitionIfDefined
`;

describe('a peer profile in short', function () {
    it("gives the definition decoder's cumulative share and the first five frames", function () {
        const summary = summariseProfile(TOP_CUM);
        expect(summary.definitionPercent).to.equal(51.53);
        expect(summary.top.map((row) => row.percent)).to.deep.equal([62.01, 62.01, 61.9, 59.15, 57.14]);
        expect(summary.top[4]?.name).to.match(/TxValidator\)\.validateTx$/);
    });

    it('reads a share of 0 when the definition decoder was never sampled', function () {
        const withoutDecoder = TOP_CUM.split('\n').slice(0, -2).join('\n');
        expect(summariseProfile(withoutDecoder).definitionPercent).to.equal(0);
    });
});
