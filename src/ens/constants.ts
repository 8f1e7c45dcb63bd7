/** The ENS registry's address on Ethereum mainnet and every major testnet. */
export const ENS_REGISTRY_ADDRESS = "0x00000000000C2E074eC69A0dFb2997BA6C7d2e1e";

/** Text record key of a dm3 user profile. */
export const PROFILE_RECORD_KEY = "network.dm3.profile";

/** Text record key of a dm3 delivery-service profile. */
export const DELIVERY_SERVICE_RECORD_KEY = "network.dm3.deliveryService";
