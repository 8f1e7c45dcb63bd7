import { resolveDeliveryServiceProfile, resolveProfile, type EnsProvider, type ResolveProfileOptions, type ResolvedDeliveryService, type ResolvedProfile } from "../profile/resolve";
import type { ReadRecordOptions } from "../profile/records";
import type { ProfileKeys } from "../profile/types";
import { InvalidKeyError } from "../crypto";
import { buildEnvelope, encryptMessage, type BuiltEnvelope } from "./envelope";
import { MessageSignatureInvalidError, NoDeliveryServiceError, ProviderRequiredError, ReceiverNameMismatchError, ReceiverProfileUnusableError, SenderNameMismatchError } from "./errors";
import { isMessageSignatureValid, validateMessage } from "./message";
import type { Message, ProxyEnvelope } from "./types";

/** How the sender side reaches ENS. */
export interface SendOptions extends ResolveProfileOptions {
  /** ENS access (ethers' resolver, CCIP-Read enabled); used unless both resolvers below are given. */
  provider?: EnsProvider;
  /** Record-reading options for delivery-service profiles (fetch limits, IPFS gateway). */
  deliveryServiceRecordOptions?: ReadRecordOptions;
  /** Resolves the receiver instead of `resolveProfile(provider, name, options)` (caching, tests). */
  resolveReceiver?: (name: string) => Promise<ResolvedProfile>;
  /** Resolves a delivery service instead of `resolveDeliveryServiceProfile(provider, name)`. */
  resolveDeliveryService?: (name: string) => Promise<ResolvedDeliveryService>;
  /** Delivery instruction put into each envelope's delivery information. */
  deliveryInstruction?: string;
}

/** One envelope ready to submit to one of the receiver's delivery services. */
export interface DispatchableEnvelope extends BuiltEnvelope {
  /** The delivery service's ENS name, as listed in the receiver's profile. */
  deliveryServiceName: string;
}

/** What {@link buildEnvelopes} returns. */
export interface BuiltEnvelopes {
  /** The receiver as resolved (canonical name, alias, verified profile). */
  receiver: ResolvedProfile;
  /** One per usable delivery service, in the receiver's order of preference. */
  envelopes: DispatchableEnvelope[];
  /** Delivery services listed by the receiver that could not be used, and why. */
  skipped: { name: string; reason: string }[];
}

/** What the sender learns before encrypting: the receiver and its usable delivery services. */
interface SendTargets {
  receiver: ResolvedProfile;
  deliveryServices: ResolvedDeliveryService[];
  skipped: { name: string; reason: string }[];
}

function needProvider(options: SendOptions): EnsProvider {
  if (!options.provider) throw new ProviderRequiredError("buildEnvelopes");
  return options.provider;
}

function checkOutgoing(senderKeys: Pick<ProfileKeys, "signingKeyPair">, from: string, to: string, message: Message): Message {
  const checked = validateMessage(message);
  if (checked.metadata.from !== from) throw new SenderNameMismatchError(`the message is from "${checked.metadata.from}", the envelope from "${from}"`);
  if (checked.metadata.to !== to) throw new ReceiverNameMismatchError(`the message is to "${checked.metadata.to}", the envelope to "${to}"`);
  if (!isMessageSignatureValid(checked, senderKeys.signingKeyPair.publicKey)) throw new MessageSignatureInvalidError(from);
  return checked;
}

async function resolveTargets(to: string, options: SendOptions): Promise<SendTargets> {
  const receiver = options.resolveReceiver ? await options.resolveReceiver(to) : await resolveProfile(needProvider(options), to, options);
  if (!receiver.valid) throw new ReceiverProfileUnusableError(to, `the profile is not validly signed (${receiver.reason})`);
  const names = receiver.profile.deliveryServices;
  const settled = await Promise.allSettled(
    names.map((name) =>
      options.resolveDeliveryService
        ? options.resolveDeliveryService(name)
        : resolveDeliveryServiceProfile(needProvider(options), name, options.deliveryServiceRecordOptions),
    ),
  );
  const deliveryServices: ResolvedDeliveryService[] = [];
  const skipped: { name: string; reason: string }[] = [];
  settled.forEach((r, i) => {
    if (r.status === "fulfilled") deliveryServices.push(r.value);
    else skipped.push({ name: names[i], reason: (r.reason as Error)?.message ?? String(r.reason) });
  });
  if (deliveryServices.length === 0) throw new NoDeliveryServiceError(to, skipped);
  return { receiver, deliveryServices, skipped };
}

/**
 * Sender side, end to end: resolves the receiver `to` by any path the SDK supports (on-chain ENS,
 * CCIP-Read layer-2 names, aliases through `options.aliasRegistry` / `universalResolver`), checks
 * its profile signature, fetches the profile of every delivery service it lists
 * (`network.dm3.deliveryService`) and builds one git-variant envelope per usable service.
 * The message is encrypted once and shared by the envelopes. The delivery information names the
 * receiver by its canonical name, so any delivery service can resolve it.
 * @param message a signed message from `from` to `to` (see `createMessage`)
 * @throws InvalidMessageError, SenderNameMismatchError, ReceiverNameMismatchError, MessageSignatureInvalidError
 *   (the message is not signed by `senderKeys`), ReceiverProfileUnusableError, NoDeliveryServiceError, and the
 *   resolution errors of `resolveProfile`
 */
export async function buildEnvelopes(
  senderKeys: Pick<ProfileKeys, "signingKeyPair">,
  from: string,
  to: string,
  message: Message,
  options: SendOptions = {},
): Promise<BuiltEnvelopes> {
  const checked = checkOutgoing(senderKeys, from, to, message);
  const { receiver, deliveryServices, skipped } = await resolveTargets(to, options);
  let encryptedMessage: string;
  try {
    encryptedMessage = encryptMessage(checked, receiver.profile.publicEncryptionKey);
  } catch (e) {
    if (e instanceof InvalidKeyError) throw new ReceiverProfileUnusableError(to, e.message);
    throw e;
  }
  const envelopes: DispatchableEnvelope[] = [];
  for (const ds of deliveryServices) {
    try {
      const built = buildEnvelope(checked, {
        from,
        to: receiver.name,
        receiverEncryptionKey: receiver.profile.publicEncryptionKey,
        deliveryService: ds.profile,
        senderSigningKey: senderKeys.signingKeyPair.privateKey,
        deliveryInstruction: options.deliveryInstruction,
        encryptedMessage,
      });
      envelopes.push({ deliveryServiceName: ds.name, ...built });
    } catch (e) {
      // A delivery service whose profile carries an unusable encryption key is skipped like an unresolvable one.
      if (!(e instanceof InvalidKeyError)) throw e;
      skipped.push({ name: ds.name, reason: e.message });
    }
  }
  if (envelopes.length === 0) throw new NoDeliveryServiceError(to, skipped);
  return { receiver, envelopes, skipped };
}

/**
 * The proxy form (dm3-protocol.md §6.5): one encrypted message and one envelope metadata per
 * delivery service of the receiver, as the reference's `createProxyEnvelop` builds it.
 * @throws the errors of {@link buildEnvelopes}
 */
export async function buildProxyEnvelope(
  senderKeys: Pick<ProfileKeys, "signingKeyPair">,
  from: string,
  to: string,
  message: Message,
  options: SendOptions = {},
): Promise<ProxyEnvelope> {
  const { receiver, envelopes } = await buildEnvelopes(senderKeys, from, to, message, options);
  return {
    to: receiver.name,
    encryptedMessage: envelopes[0].envelope.message,
    encryptionEnvelops: envelopes.map((e) => ({ encryptionEnvelop: { metadata: e.envelope.metadata }, deliveryServiceEnsName: e.deliveryServiceName })),
  };
}
