import type { MachineDescription } from '@spindle/client';

/** MillA's carding machine as the manifest lists it: the usual requester of the query tests. */
export const CARDING_A1: MachineDescription = {
    machineId: 'carding-a1',
    ownerMspId: 'MillAMSP',
    machineType: 'carding',
    line: 'line-a1',
    processStep: 'carding',
    vendor: 'Rieter',
    serialNumber: 'C70-1001',
};

/** MillB's lap former as the manifest lists it: the usual responder, and the recorder cases' machine. */
export const LAP_FORMER_B1: MachineDescription = {
    machineId: 'lap-former-b1',
    ownerMspId: 'MillBMSP',
    machineType: 'lap-former',
    line: 'line-b1',
    processStep: 'lap-forming',
    vendor: 'Rieter',
    serialNumber: 'E35-2001',
};
