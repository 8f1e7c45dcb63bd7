/* eslint-disable @typescript-eslint/no-require-imports */
// Envelope crypto for the delivery service taken from the reference library (a test fixture;
// no Hardhat import, so child processes can load it).
import { stringify } from "../../src/shared/json";
import type { EnvelopeCrypto } from "../../src/delivery/envelopeCrypto";

export const refDelivery = require("@dm3-org/dm3-lib-delivery");

export const referenceEnvelopeCrypto: EnvelopeCrypto = {
  decryptDeliveryInformation: (encrypted, keyPair) => refDelivery.decryptDeliveryInformation({ metadata: { deliveryInformation: encrypted } }, keyPair),
  createPostmark: async (message, receiverKey, dsSigning) => stringify(await refDelivery.addPostmark({ message }, receiverKey, dsSigning.privateKey)),
};
