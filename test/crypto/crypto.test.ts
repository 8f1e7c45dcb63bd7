/* eslint-disable @typescript-eslint/no-require-imports */
import { expect } from "chai";
import fc from "fast-check";
import { Wallet, hashMessage } from "ethers";
import {
  CryptoInputError,
  DecryptionFailedError,
  InvalidKeyError,
  InvalidPaddingError,
  createReceiverSessionKeys,
  createSenderSessionKeys,
  cryptoBackend,
  decryptAsymmetric,
  decryptSymmetric,
  encryptAsymmetric,
  encryptSymmetric,
  fromBase64,
  fromHex,
  hashMessageBytes,
  kxRandomKeyPair,
  kxSeedKeyPair,
  nobleBackend,
  pad,
  recoverAddressFromDigest,
  sha256Hex,
  signEd25519,
  signSeedKeyPair,
  toBase64,
  toHex,
  unpad,
  useCryptoBackend,
  utf8,
  verifyEd25519,
} from "../../src/crypto";
import { createKeyPair, createSigningKeyPair } from "../../src/keys";
import { VECTOR } from "../fixtures/dm3-vectors";
import { refCrypto, refShared } from "../fixtures/reference";

const sodium = require("libsodium-wrappers") as {
  ready: Promise<void>;
  pad(buf: Uint8Array, block: number): Uint8Array;
  unpad(buf: Uint8Array, block: number): Uint8Array;
};

const b64 = (n: number, fill: number) => Buffer.alloc(n, fill).toString("base64");

describe("crypto (dm3-protocol.md §6.1, one module over a swappable back-end)", () => {
  before(async () => {
    await sodium.ready;
  });
  after(() => useCryptoBackend("default"));

  it("uses the native back-end under Node (sodium-native, libsecp256k1, keccak prebuilds from their npm packages)", () => {
    expect(cryptoBackend().name).to.equal("native");
    expect(cryptoBackend().nativeModules).to.deep.equal(["sodium-native", "secp256k1", "keccak"]);
  });

  for (const which of ["default", "noble"] as const) {
    describe(`with the ${which} back-end`, () => {
      before(() => useCryptoBackend(which));
      after(() => useCryptoBackend("default"));

      it("derives the §5.4 key pairs", () => {
        expect(createKeyPair(VECTOR.storageKey)).to.deep.equal(VECTOR.encryptionKeyPair);
        expect(createSigningKeyPair(VECTOR.storageKey)).to.deep.equal(VECTOR.signingKeyPair);
      });

      it("computes the same crypto_kx session keys as the reference, both sides", async () => {
        const client = await refCrypto.createKeyPair();
        const server = await refCrypto.createKeyPair();
        expect(createSenderSessionKeys(client, server.publicKey)).to.deep.equal(await refCrypto.createSenderSessionKey(client, server.publicKey));
        expect(createReceiverSessionKeys(server, client.publicKey)).to.deep.equal(await refCrypto.createReceiverSessionKey(server, client.publicKey));
        const tx = createSenderSessionKeys(client, server.publicKey).sharedTx;
        expect(createReceiverSessionKeys(server, client.publicKey).sharedRx).to.equal(tx);
      });

      it("asymmetric encryption interoperates with the reference in both directions", async () => {
        const receiver = await refCrypto.createKeyPair();
        for (const text of ["", "hello", "ünïcödé 🙂", "x".repeat(2047), "y".repeat(2048), "z".repeat(5000)]) {
          const ours = encryptAsymmetric(receiver.publicKey, text);
          expect(await refCrypto.decryptAsymmetric(receiver, ours)).to.equal(text);
          const theirs = await refCrypto.encryptAsymmetric(receiver.publicKey, text);
          expect(decryptAsymmetric(receiver, theirs)).to.equal(text);
          expect(fromBase64(ours.ciphertext, "ct").length).to.equal(fromBase64(theirs.ciphertext, "ct").length);
        }
        // Under 2,048 UTF-8 bytes, every ciphertext is 2,064 bytes.
        expect(fromBase64(encryptAsymmetric(receiver.publicKey, "hello").ciphertext, "ct").length).to.equal(2064);
      });

      it("symmetric encryption with the caller's nonce is byte-identical to the reference's", async () => {
        const key = b64(32, 7);
        const nonce = "0x" + "ab".repeat(12);
        for (const text of ["", "hello", "ünïcödé"]) {
          const ours = encryptSymmetric(key, text, nonce);
          expect(ours).to.deep.equal(await refCrypto.encrypt(key, text, nonce));
          expect(decryptSymmetric(key, ours)).to.equal(text);
          const random = await refCrypto.encrypt(key, text);
          expect(decryptSymmetric(key, random)).to.equal(text);
          expect(await refCrypto.decrypt(key, encryptSymmetric(key, text))).to.equal(text);
        }
      });

      it("Ed25519 signatures equal the reference's and verify across", async () => {
        for (const text of ["", "hello", VECTOR.storageKey, "🙂".repeat(100)]) {
          const ours = signEd25519(VECTOR.signingKeyPair.privateKey, text);
          expect(ours).to.equal(await refCrypto.sign(VECTOR.signingKeyPair.privateKey, text));
          expect(await refCrypto.checkSignature(VECTOR.signingKeyPair.publicKey, text, ours)).to.equal(true);
          expect(verifyEd25519(VECTOR.signingKeyPair.publicKey, text, ours)).to.equal(true);
          expect(verifyEd25519(VECTOR.signingKeyPair.publicKey, text + ".", ours)).to.equal(false);
        }
        expect(verifyEd25519(VECTOR.signingKeyPair.publicKey, "x", "not base64!")).to.equal(false);
        expect(verifyEd25519(VECTOR.signingKeyPair.publicKey, "x", b64(63, 1))).to.equal(false);
      });

      it("recovers the signer of an EIP-191 message like ethers", async () => {
        const wallet = new Wallet(VECTOR.privateKey);
        const text = "dm3 ✓ " + "x".repeat(200);
        const sig = await wallet.signMessage(text);
        expect(toHex(hashMessageBytes(text))).to.equal(hashMessage(text));
        expect(recoverAddressFromDigest(hashMessageBytes(text), sig)).to.equal(wallet.address);
        expect(recoverAddressFromDigest(hashMessageBytes(text + "!"), sig)).to.not.equal(wallet.address);
        expect(() => recoverAddressFromDigest(hashMessageBytes(text), sig.slice(0, 100))).to.throw(CryptoInputError);
      });
    });
  }

  it("both back-ends produce identical bytes (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 300 }), (seed, data) => {
        const native = cryptoBackend();
        const noble = nobleBackend;
        expect(native.blake2b(data, 64)).to.deep.equal(noble.blake2b(data, 64));
        expect(Buffer.from(native.sha256(data))).to.deep.equal(Buffer.from(noble.sha256(data)));
        expect(Buffer.from(native.keccak256(data))).to.deep.equal(Buffer.from(noble.keccak256(data)));
        const kx = kxSeedKeyPair(seed);
        expect(noble.x25519Base(kx.secretKey)).to.deep.equal(kx.publicKey);
        const other = kxRandomKeyPair();
        expect(native.x25519(kx.secretKey, other.publicKey)).to.deep.equal(noble.x25519(kx.secretKey, other.publicKey));
        const ed = signSeedKeyPair(seed);
        expect(noble.ed25519PublicKey(seed)).to.deep.equal(ed.publicKey);
        const sig = native.ed25519Sign(ed.secretKey, data);
        expect(noble.ed25519Sign(ed.secretKey, data)).to.deep.equal(sig);
        expect(noble.ed25519Verify(ed.publicKey, data, sig)).to.equal(true);
        const nonce = seed.subarray(0, 12);
        const ct = native.aeadEncrypt(seed, nonce, data);
        expect(noble.aeadEncrypt(seed, nonce, data)).to.deep.equal(ct);
        expect(noble.aeadDecrypt(seed, nonce, ct)).to.deep.equal(data);
      }),
      { numRuns: 25 },
    );
  });

  describe("padding (libsodium sodium_pad / sodium_unpad)", () => {
    it("pads and unpads exactly as libsodium, for lengths around block edges", () => {
      for (const block of [16, 2048]) {
        for (const n of [0, 1, block - 2, block - 1, block, block + 1, 2 * block, 3 * block - 1]) {
          const data = new Uint8Array(n).fill(0x41);
          const padded = pad(data, block);
          expect(Buffer.from(padded)).to.deep.equal(Buffer.from(sodium.pad(data, block)));
          expect(Buffer.from(unpad(padded, block))).to.deep.equal(Buffer.from(data));
        }
      }
    });

    it("refuses what libsodium refuses", () => {
      const noMarker = new Uint8Array(2048);
      expect(() => unpad(noMarker)).to.throw(InvalidPaddingError);
      expect(() => sodium.unpad(noMarker, 2048)).to.throw();
      const garbageTail = pad(utf8("x"));
      garbageTail[2047] = 1;
      expect(() => unpad(garbageTail)).to.throw(InvalidPaddingError);
      expect(() => unpad(new Uint8Array(10))).to.throw(InvalidPaddingError, /shorter than one/);
      expect(() => pad(new Uint8Array(1), 0)).to.throw(InvalidPaddingError);
    });
  });

  describe("failures are typed and return no plaintext", () => {
    const receiver = kxRandomKeyPair();
    const own = { publicKey: toBase64(receiver.publicKey), privateKey: toBase64(receiver.secretKey) };

    it("wrong key, tampered ciphertext, nonce or ephemeral key: DecryptionFailedError", () => {
      const payload = encryptAsymmetric(own.publicKey, "secret");
      const other = kxRandomKeyPair();
      expect(() => decryptAsymmetric({ publicKey: toBase64(other.publicKey), privateKey: toBase64(other.secretKey) }, payload)).to.throw(DecryptionFailedError);
      const ct = fromBase64(payload.ciphertext, "ct");
      ct[5] ^= 1;
      expect(() => decryptAsymmetric(own, { ...payload, ciphertext: toBase64(ct) })).to.throw(DecryptionFailedError);
      expect(() => decryptAsymmetric(own, { ...payload, nonce: "0x" + "00".repeat(12) })).to.throw(DecryptionFailedError);
      expect(() => decryptAsymmetric(own, { ...payload, ephemPublicKey: toBase64(kxRandomKeyPair().publicKey) })).to.throw(DecryptionFailedError);
      expect(() => decryptSymmetric(b64(32, 1), encryptSymmetric(b64(32, 2), "x"))).to.throw(DecryptionFailedError);
    });

    it("malformed payloads and keys: CryptoInputError / InvalidKeyError", () => {
      const payload = encryptAsymmetric(own.publicKey, "secret");
      expect(() => decryptAsymmetric(own, { ciphertext: payload.ciphertext, nonce: payload.nonce })).to.throw(CryptoInputError, /ephemPublicKey is missing/);
      expect(() => decryptAsymmetric(own, { ...payload, nonce: "0x1234" })).to.throw(CryptoInputError, /nonce/);
      expect(() => decryptAsymmetric(own, { ...payload, ciphertext: "***" })).to.throw(CryptoInputError, /ciphertext/);
      expect(() => encryptAsymmetric("short", "x")).to.throw(InvalidKeyError);
      expect(() => encryptAsymmetric(b64(31, 1), "x")).to.throw(InvalidKeyError, /31 bytes/);
      expect(() => signEd25519(b64(32, 1), "x")).to.throw(InvalidKeyError);
      expect(() => verifyEd25519(b64(31, 1), "x", b64(64, 0))).to.throw(InvalidKeyError);
      expect(() => encryptSymmetric(b64(32, 1), "x", "0x00")).to.throw(CryptoInputError);
    });

    it("a low-order receiver key is refused (InvalidKeyError), as libsodium does", () => {
      expect(() => encryptAsymmetric(b64(32, 0), "x")).to.throw(InvalidKeyError, /low-order/);
      useCryptoBackend("noble");
      try {
        expect(() => encryptAsymmetric(b64(32, 0), "x")).to.throw(InvalidKeyError, /low-order/);
      } finally {
        useCryptoBackend("default");
      }
    });
  });

  describe("strict base64 and hex decoding", () => {
    // The grammar dm3kit has always accepted, as grouped patterns: the decoders must accept
    // exactly these texts, however they check them.
    const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
    const STRICT_HEX = /^0x(?:[0-9a-fA-F]{2})*$/;
    const accepts = (decode: () => Uint8Array) => {
      try {
        decode();
        return true;
      } catch (e) {
        expect(e).to.be.instanceOf(CryptoInputError);
        return false;
      }
    };
    const textOf = (alphabet: string[], maxLength: number) => fc.array(fc.constantFrom(...alphabet), { maxLength }).map((cs) => cs.join(""));

    it("accepts exactly strict padded base64 (nonzero unused bits included) and decodes it as before", () => {
      const alphabet = [..."AQgwz09+/=", "-", "_", " ", "\n", "é", "."];
      const canonical = fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString("base64"));
      fc.assert(
        fc.property(fc.oneof(textOf(alphabet, 12), canonical, canonical.map((t) => t.replace(/.(=+)$/, "R$1"))), (text) => {
          expect(accepts(() => fromBase64(text, "x")), JSON.stringify(text)).to.equal(STRICT_BASE64.test(text));
          if (STRICT_BASE64.test(text)) expect(Buffer.from(fromBase64(text, "x"))).to.deep.equal(Buffer.from(text, "base64"));
        }),
        { numRuns: 1000 },
      );
      for (const bad of ["QQ", "QQ=", "QQ===", "Q===", "QQ==QQ==", "QQ-_", " QQ==", "QQ==\n"]) expect(accepts(() => fromBase64(bad, "x")), bad).to.equal(false);
      expect(fromBase64("QR==", "x")).to.deep.equal(fromBase64("QQ==", "x"));
    });

    it("accepts exactly 0x + an even number of hex digits", () => {
      fc.assert(
        fc.property(textOf([..."0x0aF9g", "X", " "], 10), (text) => {
          expect(accepts(() => fromHex(text, "x")), JSON.stringify(text)).to.equal(STRICT_HEX.test(text));
        }),
        { numRuns: 1000 },
      );
    });
  });

  it("sha256Hex is dm3's sha256", () => {
    for (const text of ["", "dm3_default_nonce", "ünïcödé"]) expect(sha256Hex(text)).to.equal(refShared.sha256(text));
  });
});
