import { Hash } from '@smithy/hash-node';

/** The hash constructor SignatureV4 wants, bound to SHA-256. */
export const Sha256 = Hash.bind(null, 'sha256');
