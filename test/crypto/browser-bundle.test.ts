import { expect } from "chai";
import vm from "node:vm";
import { build } from "esbuild";
import { createSenderSessionKeys, decryptAsymmetric, encryptAsymmetric, kxRandomKeyPair, signEd25519, toBase64 } from "../../src/crypto";
import { VECTOR } from "../fixtures/dm3-vectors";

// The SDK core is bundled for browsers (esbuild): package.json's "browser" field swaps the native
// back-end for @noble, and the bundle runs with Web APIs only.
describe("crypto back-end in a browser bundle", () => {
  const bundle = (entry: string, platform: "browser" | "node", format: "esm" | "iife" = "esm") =>
    build({ entryPoints: [entry], bundle: true, platform, format, globalName: "dm3", write: false, metafile: true, logLevel: "silent", external: platform === "node" ? ["sodium-native", "secp256k1", "keccak"] : [] });
  const nativeInputs = (inputs: string[]) => inputs.filter((f) => /sodium-native|secp256k1\/|keccak\/|^node:/.test(f));

  it("src/crypto and src/messaging bundle for browsers without native modules; Node bundles keep the native back-end", async () => {
    for (const entry of ["src/crypto/index.ts", "src/messaging/index.ts"]) {
      const inputs = Object.keys((await bundle(entry, "browser")).metafile.inputs);
      expect(inputs).to.include("src/crypto/backend/noble.ts").and.not.include("src/crypto/backend/native.ts");
      expect(nativeInputs(inputs), entry).to.deep.equal([]);
    }
    const node = Object.keys((await bundle("src/crypto/index.ts", "node")).metafile.inputs);
    expect(node).to.include("src/crypto/backend/native.ts");
  });

  it("the browser bundle runs on Web APIs alone, picks noble and interoperates with the native back-end", async () => {
    const code = (await bundle("src/crypto/index.ts", "browser", "iife")).outputFiles[0].text;
    const web = { crypto: globalThis.crypto, TextEncoder, TextDecoder, btoa, atob, Uint8Array };
    const context = vm.createContext({ ...web });
    vm.runInContext(code, context);
    const dm3 = (context as unknown as { dm3: typeof import("../../src/crypto") }).dm3;
    expect(dm3.cryptoBackend().name).to.equal("noble");
    const receiver = kxRandomKeyPair();
    const own = { publicKey: toBase64(receiver.publicKey), privateKey: toBase64(receiver.secretKey) };
    expect(decryptAsymmetric(own, dm3.encryptAsymmetric(own.publicKey, "from the browser"))).to.equal("from the browser");
    expect(dm3.decryptAsymmetric(own, encryptAsymmetric(own.publicKey, "to the browser"))).to.equal("to the browser");
    expect(dm3.signEd25519(VECTOR.signingKeyPair.privateKey, "ü")).to.equal(signEd25519(VECTOR.signingKeyPair.privateKey, "ü"));
    expect(dm3.createSenderSessionKeys(own, VECTOR.encryptionKeyPair.publicKey)).to.deep.equal(createSenderSessionKeys(own, VECTOR.encryptionKeyPair.publicKey));
  });
});
