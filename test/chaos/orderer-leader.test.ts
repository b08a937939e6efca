import { describeOrdererCrash } from './support/orderer-crash-case';

describeOrdererCrash('leader');
