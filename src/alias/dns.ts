// The DNS-name decoder lives with the other name encodings; re-exported here for the alias API.
export { decodeDnsName } from "../names/encode";
