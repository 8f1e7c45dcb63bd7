import hre from "hardhat";
import type { HardhatNetworkConfig } from "hardhat/types";
import { expect } from "chai";
import fc from "fast-check";
import {
  AbiCoder,
  BrowserProvider,
  type Eip1193Provider,
  Interface,
  ZeroAddress,
  concat,
  dnsEncode,
  getAddress,
  getCreateAddress,
  id,
  namehash,
  toBeHex,
  toUtf8Bytes,
  zeroPadValue,
} from "ethers";
import { Dm3L2Registry__factory, Dm3RegistryTestWallet__factory } from "../../typechain-types";
import { encodeRecords, evmCoinType, setRecordsDigest, signRecordsUpdate } from "../../src/registry/records";
import { assertRegistrableLabel } from "../../src/registry/labels";
import { registrationDigest, signRegistration } from "../../src/registry/consent";
import { InvalidL2LabelError } from "../../src/registry/errors";
import { PROFILE_RECORD_KEY } from "../../src/ens/constants";
import { measureTx } from "../helpers/gas";
import { L2_CHAIN_ID } from "./l2";
import { PARENT, nodeOf, profileRecord, registryFixture, type RegistryFixture } from "./fixtures";

const reads = new Interface([
  "function text(bytes32,string) view returns (string)",
  "function addr(bytes32) view returns (address)",
  "function addr(bytes32,uint256) view returns (bytes)",
  "function contenthash(bytes32) view returns (bytes)",
  "function multicall(bytes[]) returns (bytes[])",
  "function name(bytes32) view returns (string)",
]);
const abi = AbiCoder.defaultAbiCoder();
const CONTENTHASH = "0xe30101701220" + "ab".repeat(32);

/** Longest text value the registry keeps in storage; longer ones go to a data contract (Dm3L2Registry._TEXT_INLINE_MAX). */
const INLINE_MAX = 64;
/** Longest value a data contract holds (EIP-170 limit minus the STOP byte); longer ones stay in storage. */
const DATA_MAX = 24_575;

/** A string of exactly `bytes` UTF-8 bytes, made of 2-, 3- and 4-byte characters where they fit, ASCII for the rest. */
function utf8OfLength(bytes: number, seed = 0): string {
  const pieces = ["é", "€", "🦊", "ß", "日", "👩‍💻"];
  let out = "";
  let used = 0;
  for (let i = seed; ; ++i) {
    const piece = pieces[i % pieces.length];
    const size = toUtf8Bytes(piece).length;
    if (used + size > bytes) break;
    out += piece;
    used += size;
  }
  out += String.fromCharCode(97 + (seed % 26)).repeat(bytes - used);
  expect(toUtf8Bytes(out).length).to.equal(bytes);
  return out;
}

async function registered(f: RegistryFixture, label: string, ownerIndex = 2) {
  const owner = f.accounts[ownerIndex];
  const address = await owner.getAddress();
  const node = nodeOf(label);
  await (await f.registrar.connect(owner).register(label, address, encodeRecords(node, { addr: address }))).wait();
  return { owner, address, node, registry: f.registry.connect(owner) };
}

async function deadline(f: RegistryFixture, offset: number): Promise<bigint> {
  const block = await f.provider.getBlock("latest");
  return BigInt(block!.timestamp + offset);
}

describe("Dm3L2Registry + Dm3FirstComeRegistrar (on a second chain)", function () {
  let f: RegistryFixture;
  beforeEach(async function () {
    f = await registryFixture(this.currentTest!.fullTitle());
  });

  describe("register", () => {
    it("mints the name and sets a ~415-byte dm3 profile and both addr records in one transaction", async () => {
      const carol = f.accounts[2];
      const carolAddress = await carol.getAddress();
      const node = nodeOf("carol");
      const { record } = await profileRecord(carol);
      expect(record.length).to.be.within(405, 430);
      const records = encodeRecords(node, {
        addr: carolAddress,
        texts: { [PROFILE_RECORD_KEY]: record },
      });
      const receipt = await measureTx("L2Registry.register(profile ~415 B + addr)", f.registrar.connect(carol).register("carol", carolAddress, records));
      const events = receipt.logs.map((l) => f.registry.interface.parseLog(l)?.name).filter(Boolean);
      expect(events).to.include.members(["Transfer", "NewOwner", "NameRegistered", "AddrChanged", "AddressChanged", "TextChanged"]);
      expect(await f.registry.ownerOf(node)).to.equal(carolAddress);
      expect(await f.registry["owner(bytes32)"](node)).to.equal(carolAddress);
      expect(await f.registry.text(node, PROFILE_RECORD_KEY)).to.equal(record);
      expect(await f.registry["addr(bytes32)"](node)).to.equal(carolAddress);
      expect(await f.registry.dnsName(node)).to.equal(dnsEncode(`carol.${PARENT}`));
      expect(await f.registry.parentNode()).to.equal(namehash(PARENT));
      expect(await f.registry.chainCoinType()).to.equal(evmCoinType(L2_CHAIN_ID));
    });

    it("records the gas of a bare registration (addr for coin 60 and the chain's ENSIP-11 coin type)", async () => {
      const bob = await f.accounts[3].getAddress();
      const node = nodeOf("bob");
      await measureTx(
        "L2Registry.register(addr 60 + ENSIP-11)",
        f.registrar.connect(f.accounts[3]).register("bob", bob, encodeRecords(node, { addr: bob, coinAddrs: { [evmCoinType(L2_CHAIN_ID).toString()]: bob } })),
      );
      expect(await f.registry["addr(bytes32,uint256)"](node, evmCoinType(L2_CHAIN_ID))).to.equal(bob.toLowerCase());
    });

    it("reverts when the caller is not an approved registrar", async () => {
      const other = f.registry.connect(f.accounts[4]);
      await expect(other.register("eve", await f.accounts[4].getAddress(), []))
        .to.be.revertedWithCustomError(f.registry, "Dm3RegistryNotRegistrar")
        .withArgs(await f.accounts[4].getAddress());
    });

    it("reverts when the label is taken (registrar and registry)", async () => {
      await registered(f, "carol");
      await expect(f.registrar.register("carol", await f.owner.getAddress(), [])).to.be.revertedWithCustomError(f.registrar, "Dm3RegistrarNotAvailable");
      await (await f.registry.approveRegistrar(await f.owner.getAddress())).wait();
      await expect(f.registry.register("carol", await f.owner.getAddress(), []))
        .to.be.revertedWithCustomError(f.registry, "Dm3RegistryNameTaken")
        .withArgs(nodeOf("carol"));
      expect(await f.registrar.available("carol")).to.equal(false);
      expect(await f.registrar.available("dave")).to.equal(true);
    });

    it("refuses labels that break the rules (length, characters, ENSIP-15 hyphens) on-chain and off-chain alike", async () => {
      const to = await f.accounts[2].getAddress();
      for (const [label, index] of [["ab", 2], ["Carol", 0], ["car.ol", 3], ["ab--c", 2], ["caról", 3], ["x".repeat(64), 64]] as const) {
        await expect(f.registrar.connect(f.accounts[2]).register(label, to, []))
          .to.be.revertedWithCustomError(f.registrar, "Dm3RegistrarInvalidLabel")
          .withArgs(label, index);
        expect(() => assertRegistrableLabel(label)).to.throw(InvalidL2LabelError);
        expect(await f.registrar.validLabel(label)).to.equal(false);
      }
      expect(assertRegistrableLabel("a-b-1")).to.equal("a-b-1");
      expect(await f.registrar.validLabel("a-b-1")).to.equal(true);
    });

    it("refuses records for another node, and unsupported record calls", async () => {
      const to = await f.accounts[2].getAddress();
      await expect(f.registrar.connect(f.accounts[2]).register("carol", to, encodeRecords(nodeOf("dave"), { addr: to })))
        .to.be.revertedWithCustomError(f.registry, "Dm3RegistryNodeMismatch")
        .withArgs(nodeOf("carol"), nodeOf("dave"));
      const approve = f.registry.interface.encodeFunctionData("approveRegistrar", [to]);
      await expect(f.registrar.connect(f.accounts[2]).register("carol", to, [approve.slice(0, 10) + nodeOf("carol").slice(2)])).to.be.revertedWithCustomError(
        f.registry,
        "Dm3RegistryUnsupportedCall",
      );
    });

    it("lets only the registry owner approve and revoke registrars", async () => {
      const stranger = f.registry.connect(f.accounts[5]);
      const who = await f.accounts[5].getAddress();
      await expect(stranger.approveRegistrar(who)).to.be.revertedWithCustomError(f.registry, "OwnableUnauthorizedAccount").withArgs(who);
      await expect(stranger.revokeRegistrar(await f.registrar.getAddress())).to.be.revertedWithCustomError(f.registry, "OwnableUnauthorizedAccount");
      await expect(f.registry.approveRegistrar(ZeroAddress)).to.be.revertedWithCustomError(f.registry, "Dm3RegistryZeroAddress");
      await expect(f.registry.revokeRegistrar(await f.registrar.getAddress())).to.emit(f.registry, "RegistrarRevoked");
      await expect(f.registrar.connect(f.accounts[5]).register("carol", who, [])).to.be.revertedWithCustomError(f.registry, "Dm3RegistryNotRegistrar");
    });

    it("lets only the registrar owner close registration", async () => {
      const who = await f.accounts[5].getAddress();
      await expect(f.registrar.connect(f.accounts[5]).setOpen(false)).to.be.revertedWithCustomError(f.registrar, "OwnableUnauthorizedAccount").withArgs(who);
      expect(await f.registrar.isOpen()).to.equal(true);
      await expect(f.registrar.setOpen(false)).to.emit(f.registrar, "RegistrationOpenChanged").withArgs(false);
      expect(await f.registrar.isOpen()).to.equal(false);
      await expect(f.registrar.connect(f.accounts[5]).register("carol", who, [])).to.be.revertedWithCustomError(f.registrar, "Dm3RegistrarClosed");
      expect(await f.registrar.available("carol")).to.equal(false);
    });
  });

  describe("records", () => {
    it("lets the owner set text, both addr forms and contenthash, and records setText gas", async () => {
      const { registry, node, address } = await registered(f, "carol");
      const { record } = await profileRecord(f.accounts[2]);
      await measureTx("L2Registry.setText(profile ~415 B)", registry.setText(node, PROFILE_RECORD_KEY, record));
      await expect(registry["setAddr(bytes32,uint256,bytes)"](node, evmCoinType(L2_CHAIN_ID), address)).to.emit(registry, "AddressChanged");
      await expect(registry.setContenthash(node, CONTENTHASH)).to.emit(registry, "ContenthashChanged").withArgs(node, CONTENTHASH);
      await expect(registry["setAddr(bytes32,address)"](node, ZeroAddress)).to.emit(registry, "AddrChanged").withArgs(node, ZeroAddress);
      expect(await registry.text(node, PROFILE_RECORD_KEY)).to.equal(record);
      expect(await registry.contenthash(node)).to.equal(CONTENTHASH);
      expect(await registry["addr(bytes32)"](node)).to.equal(ZeroAddress);
      await (await registry["setAddr(bytes32,uint256,bytes)"](node, 0, "0x00142222")).wait(); // BTC-style bytes: any length
      expect(await registry["addr(bytes32,uint256)"](node, 0)).to.equal("0x00142222");
    });

    it("refuses EVM addresses that are not 20 bytes", async () => {
      const { registry, node } = await registered(f, "carol");
      for (const coinType of [60n, evmCoinType(L2_CHAIN_ID)]) {
        await expect(registry["setAddr(bytes32,uint256,bytes)"](node, coinType, "0x1234"))
          .to.be.revertedWithCustomError(registry, "Dm3RegistryInvalidAddressLength")
          .withArgs(coinType, 2);
      }
    });

    it("reverts for callers that neither own the name nor are approved, on every setter", async () => {
      const { node } = await registered(f, "carol");
      const eve = f.registry.connect(f.accounts[5]);
      const who = await f.accounts[5].getAddress();
      for (const tx of [
        () => eve.setText(node, "k", "v"),
        () => eve["setAddr(bytes32,address)"](node, who),
        () => eve["setAddr(bytes32,uint256,bytes)"](node, 60, who),
        () => eve.setContenthash(node, CONTENTHASH),
        () => eve.multicall(encodeRecords(node, { texts: { k: "v" } })),
      ]) {
        await expect(tx()).to.be.revertedWithCustomError(f.registry, "Dm3RegistryUnauthorized").withArgs(node, who);
      }
      await expect(eve.setText(nodeOf("nobody"), "k", "v")).to.be.revertedWithCustomError(f.registry, "Dm3RegistryUnauthorized");
    });

    it("lets ERC-721 approved operators and per-token approvals set records; a transfer moves the right", async () => {
      const { registry, node, address } = await registered(f, "carol");
      const operator = f.accounts[4];
      await (await registry.setApprovalForAll(await operator.getAddress(), true)).wait();
      await (await f.registry.connect(operator).setText(node, "k", "by operator")).wait();
      await (await registry.setApprovalForAll(await operator.getAddress(), false)).wait();
      await (await registry.approve(await f.accounts[5].getAddress(), node)).wait();
      await (await f.registry.connect(f.accounts[5]).setText(node, "k", "by approved")).wait();
      expect(await f.registry.text(node, "k")).to.equal("by approved");
      await (await registry.transferFrom(address, await f.accounts[6].getAddress(), node)).wait();
      await expect(registry.setText(node, "k", "old owner")).to.be.revertedWithCustomError(f.registry, "Dm3RegistryUnauthorized");
      await (await f.registry.connect(f.accounts[6]).setText(node, "k", "new owner")).wait();
    });

    it("multicall applies several records, each checked against its own node", async () => {
      const { registry, node, address } = await registered(f, "carol");
      await registered(f, "dave", 3);
      await (await registry.multicall(encodeRecords(node, { texts: { a: "1", b: "2" }, contenthash: CONTENTHASH }))).wait();
      expect(await registry.text(node, "b")).to.equal("2");
      await expect(registry.multicall(encodeRecords(nodeOf("dave"), { texts: { a: "x" } })))
        .to.be.revertedWithCustomError(registry, "Dm3RegistryUnauthorized")
        .withArgs(nodeOf("dave"), address);
      await expect(registry.multicall(["0x10f13a8c"])).to.be.revertedWithCustomError(registry, "Dm3RegistryMalformedCall");
      await expect(registry.multicall([reads.encodeFunctionData("name", [node])]))
        .to.be.revertedWithCustomError(registry, "Dm3RegistryUnsupportedCall")
        .withArgs(id("name(bytes32)").slice(0, 10));
    });
  });

  describe("long text records (data contracts above 64 bytes)", () => {
    /** Everything a reader sees for `key`: the view, resolve(text) and resolve(multicall(text)). */
    async function expectText(f: RegistryFixture, node: string, key: string, value: string) {
      expect(await f.registry.text(node, key)).to.equal(value);
      const name = dnsEncode(`carol.${PARENT}`);
      const call = reads.encodeFunctionData("text", [node, key]);
      const answer = abi.encode(["string"], [value]);
      expect(await f.registry.resolve(name, call)).to.equal(answer);
      expect(await f.registry.resolve(name, reads.encodeFunctionData("multicall", [[call]]))).to.equal(abi.encode(["bytes[]"], [[answer]]));
    }

    /** Contracts the registry has created so far (its account nonce counts CREATEs, from 1). */
    async function registryNonce(f: RegistryFixture): Promise<number> {
      return f.provider.getTransactionCount(await f.registry.getAddress());
    }

    it("reads back values of 0, 1, 63, 64, 65, 415 and 2000 bytes of multi-byte UTF-8, storing only those over 64 bytes as code", async () => {
      const { registry, node } = await registered(f, "carol");
      const registryAddress = await f.registry.getAddress();
      for (const [i, bytes] of [0, 1, INLINE_MAX - 1, INLINE_MAX, INLINE_MAX + 1, 415, 2000].entries()) {
        const value = utf8OfLength(bytes, i);
        const key = `k${bytes}`;
        const nonce = await registryNonce(f);
        await expect(registry.setText(node, key, value)).to.emit(registry, "TextChanged").withArgs(node, key, key, value);
        await expectText(f, node, key, value);
        if (bytes <= INLINE_MAX) {
          expect(await registryNonce(f), `${bytes} B stays in storage`).to.equal(nonce);
        } else {
          expect(await registryNonce(f), `${bytes} B gets a data contract`).to.equal(nonce + 1);
          const data = getCreateAddress({ from: registryAddress, nonce });
          expect(await f.provider.getCode(data)).to.equal(concat(["0x00", toUtf8Bytes(value)]));
        }
      }
      // Unset keys still read "".
      await expectText(f, node, "never-set", "");
    });

    it("records the gas of first writes on both sides of the threshold and of a profile overwrite", async () => {
      const { registry, node } = await registered(f, "carol");
      await measureTx(`L2Registry.setText(new key, ${INLINE_MAX} B, storage)`, registry.setText(node, "at", "a".repeat(INLINE_MAX)));
      await measureTx(`L2Registry.setText(new key, ${INLINE_MAX + 1} B, data contract)`, registry.setText(node, "over", "a".repeat(INLINE_MAX + 1)));
      const first = await profileRecord(f.accounts[2]);
      const second = await profileRecord(f.accounts[2]);
      await (await registry.setText(node, PROFILE_RECORD_KEY, first.record)).wait();
      await measureTx("L2Registry.setText(profile ~415 B, overwrite)", registry.setText(node, PROFILE_RECORD_KEY, second.record));
      await expectText(f, node, PROFILE_RECORD_KEY, second.record);
    });

    it("replaces long with short, short with long, long with long (a new data contract), and clears either to \"\"", async () => {
      const { registry, node } = await registered(f, "carol");
      const long1 = utf8OfLength(415, 1);
      const long2 = utf8OfLength(2000, 2);
      const short = utf8OfLength(INLINE_MAX, 3);
      const registryAddress = await f.registry.getAddress();
      const steps: [string, string][] = [
        ["long", long1],
        ["short over long", short],
        ["long over short", long2],
        ["long over long", long1],
        ["cleared long", ""],
        ["long after clearing", long2],
        ["one byte over long", "x"],
        ["cleared short", ""],
        ["cleared again", ""],
      ];
      let previousData: string | undefined;
      const written = new Map<string, string>();
      for (const [what, value] of steps) {
        const nonce = await registryNonce(f);
        await (await registry.setText(node, PROFILE_RECORD_KEY, value)).wait();
        await expectText(f, node, PROFILE_RECORD_KEY, value);
        if (toUtf8Bytes(value).length > INLINE_MAX) {
          const data = getCreateAddress({ from: registryAddress, nonce });
          expect(data, what).to.not.equal(previousData);
          expect(await f.provider.getCode(data), what).to.equal(concat(["0x00", toUtf8Bytes(value)]));
          previousData = data;
          written.set(data, value);
        } else {
          expect(await registryNonce(f), what).to.equal(nonce);
        }
      }
      // The replaced data contracts stay on chain, unchanged and unreferenced; only the current value is read.
      for (const [data, value] of written) expect(await f.provider.getCode(data)).to.equal(concat(["0x00", toUtf8Bytes(value)]));
      expect(await f.registry.text(node, PROFILE_RECORD_KEY)).to.equal("");
    });

    it("writes long values through register, multicall and signed updates alike", async () => {
      const carol = f.accounts[2];
      const carolAddress = await carol.getAddress();
      const node = nodeOf("carol");
      const a = utf8OfLength(300, 4);
      const b = utf8OfLength(INLINE_MAX + 1, 5);
      const c = utf8OfLength(1000, 6);
      await (await f.registrar.connect(carol).register("carol", carolAddress, encodeRecords(node, { texts: { a, short: "s" } }))).wait();
      await expectText(f, node, "a", a);
      await expectText(f, node, "short", "s");
      await (await f.registry.connect(carol).multicall(encodeRecords(node, { texts: { a: "s", b } }))).wait();
      await expectText(f, node, "a", "s");
      await expectText(f, node, "b", b);
      const u = await signRecordsUpdate(carol, await f.registry.getAddress(), L2_CHAIN_ID, {
        node,
        records: encodeRecords(node, { texts: { b: "", c } }),
        nonce: await f.registry.nonces(node), // 2: each record the owner changed directly advanced it
        deadline: await deadline(f, 3600),
      });
      await (await f.registry.connect(f.accounts[7]).setRecordsWithSignature(u.node, u.records, u.nonce, u.deadline, u.signer, u.signature)).wait();
      await expectText(f, node, "b", "");
      await expectText(f, node, "c", c);
    });

    it("keeps a value of exactly 24,575 bytes (the most a data contract holds) as code", async () => {
      const { registry, node } = await registered(f, "carol");
      const max = utf8OfLength(DATA_MAX, 7);
      const nonce = await registryNonce(f);
      await (await registry.setText(node, "max", max)).wait();
      expect(await registryNonce(f)).to.equal(nonce + 1);
      await expectText(f, node, "max", max);
    });

    it("keeps a value over 24,575 bytes in storage, as before (needs a chain without the 2^24 transaction gas cap)", async () => {
      // Writing 24,576 bytes to storage costs ~17.7M gas, over the EIP-7825 cap of the test chains,
      // so this runs on a Prague chain of its own (Hardhat's provider, in process).
      const { createProvider } = await import("hardhat/internal/core/providers/construction");
      const base = hre.config.networks.hardhat as HardhatNetworkConfig;
      const network: HardhatNetworkConfig = { ...base, chainId: 31339, hardfork: "prague", blockGasLimit: 60_000_000, forking: undefined, loggingEnabled: false };
      const eip1193 = await createProvider({ ...hre.config, networks: { ...hre.config.networks, hardhat: network } }, "hardhat", hre.artifacts);
      const signer = await new BrowserProvider(eip1193 as unknown as Eip1193Provider).getSigner(0);
      const me = await signer.getAddress();
      const registry = await new Dm3L2Registry__factory(signer).deploy(dnsEncode(PARENT), me, "dm3 names", "DM3");
      await registry.waitForDeployment();
      await (await registry.approveRegistrar(me)).wait();
      const node = nodeOf("carol");
      await (await registry.register("carol", me, [])).wait();
      const over = utf8OfLength(DATA_MAX + 1, 8);
      const nonce = await signer.provider.getTransactionCount(await registry.getAddress());
      await (await registry.setText(node, "over", over, { gasLimit: 25_000_000 })).wait();
      expect(await signer.provider.getTransactionCount(await registry.getAddress())).to.equal(nonce);
      expect(await registry.text(node, "over")).to.equal(over);
      await (await registry.setText(node, "over", "short again")).wait();
      expect(await registry.text(node, "over")).to.equal("short again");
    });

    it("reads back the last of any sequence of writes to one key, whatever their lengths (fast-check)", async () => {
      const { registry, node } = await registered(f, "carol");
      // Byte lengths around the threshold and beyond, as multi-byte UTF-8 of exactly that many bytes.
      const value = fc.tuple(fc.oneof(fc.integer({ min: 0, max: 130 }), fc.constantFrom(0, 64, 65, 415)), fc.nat(50)).map(([n, seed]) => utf8OfLength(n, seed));
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(value, { minLength: 1, maxLength: 4 }), async (writes) => {
          const key = `p${run++}`;
          for (const v of writes) await (await registry.setText(node, key, v)).wait();
          expect(await f.registry.text(node, key)).to.equal(writes[writes.length - 1]);
        }),
        { numRuns: 15 },
      );
    });
  });

  describe("EIP-712 signed updates", () => {
    it("applies a valid signed setText relayed by anyone, and records its gas", async () => {
      const { owner, node } = await registered(f, "carol");
      const { record } = await profileRecord(owner);
      const registryAddress = await f.registry.getAddress();
      const u = await signRecordsUpdate(owner, registryAddress, L2_CHAIN_ID, {
        node,
        records: encodeRecords(node, { texts: { [PROFILE_RECORD_KEY]: record } }),
        nonce: 0n,
        deadline: 4_102_444_800n, // fixed (2100-01-01), so the signature and the measured gas are the same on every run
      });
      const relayer = f.registry.connect(f.accounts[7]);
      await measureTx(
        "L2Registry.setRecordsWithSignature(setText profile ~415 B)",
        relayer.setRecordsWithSignature(u.node, u.records, u.nonce, u.deadline, u.signer, u.signature),
      );
      expect(await f.registry.text(node, PROFILE_RECORD_KEY)).to.equal(record);
      expect(await f.registry.nonces(node)).to.equal(1n);
    });

    it("reverts when expired, replayed, or signed by someone else", async () => {
      const { owner, node, address } = await registered(f, "carol");
      const registryAddress = await f.registry.getAddress();
      const records = encodeRecords(node, { texts: { k: "v" } });
      const relayer = f.registry.connect(f.accounts[7]);

      const expired = await signRecordsUpdate(owner, registryAddress, L2_CHAIN_ID, { node, records, nonce: 0n, deadline: await deadline(f, -10) });
      await expect(relayer.setRecordsWithSignature(node, records, 0n, expired.deadline, address, expired.signature))
        .to.be.revertedWithCustomError(f.registry, "Dm3RegistrySignatureExpired")
        .withArgs(expired.deadline);

      const ok = await signRecordsUpdate(owner, registryAddress, L2_CHAIN_ID, { node, records, nonce: 0n, deadline: await deadline(f, 3600) });
      await (await relayer.setRecordsWithSignature(node, records, 0n, ok.deadline, address, ok.signature)).wait();
      await expect(relayer.setRecordsWithSignature(node, records, 0n, ok.deadline, address, ok.signature))
        .to.be.revertedWithCustomError(f.registry, "Dm3RegistryInvalidNonce")
        .withArgs(node, 1n, 0n);

      // Signed by a stranger but claiming to be the owner: the signature does not verify.
      const forged = await signRecordsUpdate(f.accounts[5], registryAddress, L2_CHAIN_ID, { node, records, nonce: 1n, deadline: ok.deadline });
      await expect(relayer.setRecordsWithSignature(node, records, 1n, ok.deadline, address, forged.signature))
        .to.be.revertedWithCustomError(f.registry, "Dm3RegistryInvalidSignature")
        .withArgs(address);
      // Signed by a stranger as themself: not authorized for the node.
      await expect(relayer.setRecordsWithSignature(node, records, 1n, ok.deadline, forged.signer, forged.signature))
        .to.be.revertedWithCustomError(f.registry, "Dm3RegistryUnauthorized")
        .withArgs(node, forged.signer);
      // Records tampered after signing.
      const other = encodeRecords(node, { texts: { k: "tampered" } });
      await expect(relayer.setRecordsWithSignature(node, other, 1n, ok.deadline, address, (await signRecordsUpdate(owner, registryAddress, L2_CHAIN_ID, { node, records, nonce: 1n, deadline: ok.deadline })).signature))
        .to.be.revertedWithCustomError(f.registry, "Dm3RegistryInvalidSignature");
      expect(await f.registry.text(node, "k")).to.equal("v");
    });

    it("accepts an ERC-1271 smart-account owner's signature", async () => {
      const signerEoa = f.accounts[4];
      const wallet = await new Dm3RegistryTestWallet__factory(f.owner).deploy(await signerEoa.getAddress());
      await wallet.waitForDeployment();
      const walletAddress = await wallet.getAddress();
      const node = nodeOf("smart");
      const dl = await deadline(f, 3600);
      // The account consents to its registration with the same ERC-1271 signature kind, relayed by anyone.
      const consent = registrationDigest(await f.registrar.getAddress(), L2_CHAIN_ID, { label: "smart", owner: walletAddress, records: [], deadline: dl });
      const consentSignature = (signerEoa as unknown as { signingKey: { sign(d: string): { serialized: string } } }).signingKey.sign(consent).serialized;
      await (await f.registrar.connect(f.accounts[7]).registerWithSignature("smart", walletAddress, [], dl, consentSignature)).wait();
      expect(await f.registry.ownerOf(node)).to.equal(walletAddress);
      const records = encodeRecords(node, { texts: { k: "from a contract account" } });
      const digest = setRecordsDigest(await f.registry.getAddress(), L2_CHAIN_ID, { node, records, nonce: 0n, deadline: dl });
      const signature = (signerEoa as unknown as { signingKey: { sign(d: string): { serialized: string } } }).signingKey.sign(digest).serialized;
      await (await f.registry.connect(f.accounts[7]).setRecordsWithSignature(node, records, 0n, dl, walletAddress, signature)).wait();
      expect(await f.registry.text(node, "k")).to.equal("from a contract account");
      const bad = (f.accounts[5] as unknown as { signingKey: { sign(d: string): { serialized: string } } }).signingKey.sign(digest).serialized;
      await expect(f.registry.setRecordsWithSignature(node, records, 1n, dl, walletAddress, bad)).to.be.revertedWithCustomError(f.registry, "Dm3RegistryInvalidSignature");
    });
  });

  describe("resolve (what the gateway reads)", () => {
    it("answers text, both addr forms, contenthash and multicall for the DNS-encoded name", async () => {
      const { registry, node, address } = await registered(f, "carol");
      await (await registry.multicall(encodeRecords(node, { texts: { k: "v" }, contenthash: CONTENTHASH, coinAddrs: { "2147483658": address } }))).wait();
      const name = dnsEncode(`carol.${PARENT}`);
      const text = reads.encodeFunctionData("text", [node, "k"]);
      expect(await f.registry.resolve(name, text)).to.equal(abi.encode(["string"], ["v"]));
      expect(await f.registry.resolve(name, reads.encodeFunctionData("addr(bytes32)", [node]))).to.equal(abi.encode(["address"], [address]));
      expect(await f.registry.resolve(name, reads.encodeFunctionData("addr(bytes32,uint256)", [node, 2147483658n]))).to.equal(
        abi.encode(["bytes"], [address]),
      );
      expect(await f.registry.resolve(name, reads.encodeFunctionData("contenthash", [node]))).to.equal(abi.encode(["bytes"], [CONTENTHASH]));
      const multi = reads.encodeFunctionData("multicall", [[text, reads.encodeFunctionData("addr(bytes32)", [node])]]);
      expect(await f.registry.resolve(name, multi)).to.equal(
        abi.encode(["bytes[]"], [[abi.encode(["string"], ["v"]), abi.encode(["address"], [address])]]),
      );
      // Unknown names answer empty values, as an ENS resolver does.
      const nobody = nodeOf("nobody");
      expect(await f.registry.resolve(dnsEncode(`nobody.${PARENT}`), reads.encodeFunctionData("addr(bytes32)", [nobody]))).to.equal(
        abi.encode(["address"], [ZeroAddress]),
      );
      expect(await f.registry.supportsInterface("0x9061b923")).to.equal(true);
      expect(await f.registry.supportsInterface("0x80ac58cd")).to.equal(true); // ERC-721
    });

    it("reverts when the call's node is not the name's namehash, the call is unsupported or the name malformed", async () => {
      const { node } = await registered(f, "carol");
      const other = dnsEncode(`dave.${PARENT}`);
      await expect(f.registry.resolve(other, reads.encodeFunctionData("text", [node, "k"])))
        .to.be.revertedWithCustomError(f.registry, "Dm3RegistryNodeMismatch")
        .withArgs(nodeOf("dave"), node);
      await expect(f.registry.resolve(dnsEncode(`carol.${PARENT}`), reads.encodeFunctionData("name", [node])))
        .to.be.revertedWithCustomError(f.registry, "Dm3RegistryUnsupportedCall")
        .withArgs(id("name(bytes32)").slice(0, 10));
      await expect(f.registry.resolve("0x05636172", reads.encodeFunctionData("text", [node, "k"]))).to.be.revertedWithCustomError(
        f.registry,
        "Dm3MalformedDnsName",
      );
      await expect(f.registry.resolve(dnsEncode(`carol.${PARENT}`) + "00", reads.encodeFunctionData("text", [node, "k"]))).to.be.revertedWithCustomError(
        f.registry,
        "Dm3MalformedDnsName",
      );
    });
  });

  it("is consistent with the off-chain namehash and DNS encoding for the parent, makeNode, dnsName", async () => {
    expect(await f.registry.makeNode("carol")).to.equal(nodeOf("carol"));
    expect(await f.registry.dnsName(namehash(PARENT))).to.equal(dnsEncode(PARENT));
    expect(await f.registry.dnsName(nodeOf("nobody"))).to.equal("0x");
    const long = "l".repeat(63); // the registrar's longest label: the DNS name is 76 bytes
    await (await f.registrar.connect(f.accounts[2]).register(long, await f.accounts[2].getAddress(), [])).wait();
    expect(await f.registry.dnsName(nodeOf(long))).to.equal(dnsEncode(`${long}.${PARENT}`));
    expect(getAddress(await f.registrar.registry())).to.equal(await f.registry.getAddress());
    expect(await f.registrar.lengthLimits()).to.deep.equal([3n, 63n]);
    expect(toBeHex(await f.registry.chainCoinType())).to.equal(toBeHex(0x80000000n | 31338n));
    void zeroPadValue;
  });
});
