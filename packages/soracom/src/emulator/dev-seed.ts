/**
 * The development seed `npm start` uses: one operator, one auth key whose secret is generated
 * at first start (and kept in the state file), and two SIMs. SIM A is "this machine's SIM".
 * @module
 */
import type { SeedFile } from './seed.schema.js';

export const DEV_OPERATOR_ID = 'OP0000000001';
export const DEV_AUTH_KEY_ID = 'keyId-facegate-dev';
/** SIM A: the development SIM (the one a browser on this machine is treated as). */
export const DEV_SIM_A_IMSI = '440100000000001';
/** SIM B: a second SIM, e.g. for a production group. */
export const DEV_SIM_B_IMSI = '440100000000002';

/** A fresh copy of the development seed. */
export function defaultDevSeed(): SeedFile {
  return {
    operators: [{ operatorId: DEV_OPERATOR_ID, email: 'dev@facegate.invalid' }],
    authKeys: [{ operatorId: DEV_OPERATOR_ID, authKeyId: DEV_AUTH_KEY_ID }],
    sims: [
      {
        imsi: DEV_SIM_A_IMSI,
        msisdn: '818000000001',
        speedClass: 's1.standard',
        tags: { name: 'dev SIM A' },
      },
      {
        imsi: DEV_SIM_B_IMSI,
        msisdn: '818000000002',
        speedClass: 's1.standard',
        tags: { name: 'dev SIM B' },
      },
    ],
  };
}
