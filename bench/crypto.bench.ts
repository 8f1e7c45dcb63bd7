/* eslint-disable @typescript-eslint/no-require-imports */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import nodeCrypto from "node:crypto";
import path from "node:path";
import { Wallet, hashMessage, recoverAddress } from "ethers";
import { nobleBackend, useCryptoBackend, cryptoBackend, type CryptoBackend } from "../src/crypto";
import { throughput } from "./util";

export const description =
  "crypto back-end candidates per primitive (µs per op): sodium-native (native), @noble (pure JS), libsodium-wrappers (the reference's), Node's built-in crypto; the measurements behind the back-end choice";

const sodium = require("libsodium-wrappers");
const ethers5 = require(require.resolve("ethers", { paths: [path.dirname(require.resolve("@dm3-org/dm3-lib-messaging"))] })).ethers;

const us = async (n: number, fn: () => unknown) => (await throughput(n, fn)).meanMs * 1000;
const round = (o: Record<string, number | undefined>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v === undefined ? null : Number(v.toFixed(1))]));

export async function run(_hre: HardhatRuntimeEnvironment): Promise<Record<string, unknown>> {
  void _hre;
  await sodium.ready;
  useCryptoBackend("default");
  const native: CryptoBackend = cryptoBackend();
  const noble = nobleBackend;
  const sk = native.randomBytes(32);
  const pk = native.x25519Base(native.randomBytes(32));
  const key = native.randomBytes(32);
  const nonce = native.randomBytes(12);
  const msg2k = native.randomBytes(2048);
  const ct = native.aeadEncrypt(key, nonce, msg2k);
  const seed = native.randomBytes(32);
  const edSk = new Uint8Array([...seed, ...native.ed25519PublicKey(seed)]);
  const edPk = edSk.subarray(32);
  const text = native.randomBytes(300);
  const sig = native.ed25519Sign(edSk, text);
  const in96 = native.randomBytes(96);

  // Node's built-in crypto needs KeyObjects, built from DER (PKCS#8 / SPKI) around the raw keys.
  const der = (prefix: string, raw: Uint8Array) => Buffer.concat([Buffer.from(prefix, "hex"), raw]);
  const xPriv = () => nodeCrypto.createPrivateKey({ key: der("302e020100300506032b656e04220420", sk), format: "der", type: "pkcs8" });
  const xPub = () => nodeCrypto.createPublicKey({ key: der("302a300506032b656e032100", pk), format: "der", type: "spki" });
  const edPriv = () => nodeCrypto.createPrivateKey({ key: der("302e020100300506032b657004220420", seed), format: "der", type: "pkcs8" });
  const edPub = () => nodeCrypto.createPublicKey({ key: der("302a300506032b6570032100", edPk), format: "der", type: "spki" });

  const wallet = new Wallet("0x" + "11".repeat(32));
  const profileText = "dm3.chat wants you register your dm3 profile…" + "x".repeat(300);
  const digestHex = hashMessage(profileText);
  const ecdsa = wallet.signingKey.sign(digestHex);
  const digest = Buffer.from(digestHex.slice(2), "hex");
  const compact = Buffer.from(ecdsa.r.slice(2) + ecdsa.s.slice(2), "hex");
  const recid = ecdsa.v - 27;

  const primitives = {
    x25519ScalarMult: round({
      native: await us(2000, () => native.x25519(sk, pk)),
      noble: await us(200, () => noble.x25519(sk, pk)),
      libsodiumWrappers: await us(1000, () => sodium.crypto_scalarmult(sk, pk)),
      nodeCrypto: await us(500, () => nodeCrypto.diffieHellman({ privateKey: xPriv(), publicKey: xPub() })),
    }),
    blake2b512_96B: round({
      native: await us(20000, () => native.blake2b(in96, 64)),
      noble: await us(5000, () => noble.blake2b(in96, 64)),
      libsodiumWrappers: await us(5000, () => sodium.crypto_generichash(64, in96)),
      nodeCrypto: await us(20000, () => nodeCrypto.createHash("blake2b512").update(in96).digest()),
    }),
    chacha20poly1305Encrypt2KB: round({
      native: await us(10000, () => native.aeadEncrypt(key, nonce, msg2k)),
      noble: await us(1000, () => noble.aeadEncrypt(key, nonce, msg2k)),
      libsodiumWrappers: await us(5000, () => sodium.crypto_aead_chacha20poly1305_ietf_encrypt(msg2k, null, null, nonce, key)),
      nodeCrypto: await us(10000, () => {
        const c = nodeCrypto.createCipheriv("chacha20-poly1305", key, nonce, { authTagLength: 16 });
        return [c.update(msg2k), c.final(), c.getAuthTag()];
      }),
    }),
    chacha20poly1305Decrypt2KB: round({
      native: await us(10000, () => native.aeadDecrypt(key, nonce, ct)),
      noble: await us(1000, () => noble.aeadDecrypt(key, nonce, ct)),
      libsodiumWrappers: await us(5000, () => sodium.crypto_aead_chacha20poly1305_ietf_decrypt(null, ct, null, nonce, key)),
    }),
    ed25519Sign300B: round({
      native: await us(3000, () => native.ed25519Sign(edSk, text)),
      noble: await us(300, () => noble.ed25519Sign(edSk, text)),
      libsodiumWrappers: await us(2000, () => sodium.crypto_sign_detached(text, edSk)),
      nodeCrypto: await us(1000, () => nodeCrypto.sign(null, text, edPriv())),
    }),
    ed25519Verify300B: round({
      native: await us(3000, () => native.ed25519Verify(edPk, text, sig)),
      noble: await us(300, () => noble.ed25519Verify(edPk, text, sig)),
      libsodiumWrappers: await us(2000, () => sodium.crypto_sign_verify_detached(sig, text, edPk)),
      nodeCrypto: await us(1000, () => nodeCrypto.verify(null, text, edPub(), sig)),
    }),
    ed25519SeedKeyPair: round({
      native: await us(2000, () => native.ed25519PublicKey(seed)),
      noble: await us(300, () => noble.ed25519PublicKey(seed)),
      libsodiumWrappers: await us(1000, () => sodium.crypto_sign_seed_keypair(seed)),
    }),
    x25519BaseMult: round({
      native: await us(2000, () => native.x25519Base(sk)),
      noble: await us(200, () => noble.x25519Base(sk)),
      libsodiumWrappers: await us(1000, () => sodium.crypto_scalarmult_base(sk)),
    }),
    keccak256_3KB: round({
      native: await us(3000, () => native.keccak256(msg2k)),
      noble: await us(300, () => noble.keccak256(msg2k)),
    }),
    secp256k1Recover: round({
      native: await us(2000, () => native.secp256k1Recover(digest, compact, recid)),
      noble: await us(200, () => noble.secp256k1Recover(digest, compact, recid)),
      ethers6RecoverAddress: await us(200, () => recoverAddress(digestHex, ecdsa.serialized)),
      ethers5RecoverAddressReference: await us(200, () => ethers5.utils.recoverAddress(digestHex, ecdsa.serialized)),
    }),
  };
  return {
    chosen: native.name,
    nativeModules: native.nativeModules,
    why: "native (sodium-native + libsecp256k1 + keccak bindings) is fastest for every primitive dm3 uses; Node's crypto needs a KeyObject per key (DER parsing) and has no BLAKE2b-256, kx or secp256k1 recovery; @noble is the browser fallback",
    unit: "µs per operation",
    primitives,
  };
}
