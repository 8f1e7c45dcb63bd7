// Billboard anchoring tasks: parse arguments, call src/billboard (imported lazily: the config
// must load before TypeChain types exist), print text or JSON (--json). Errors: one line with the
// error code, exit code 1.
import fs from "node:fs";
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { accountSigner, guarded, loadDeploymentManifest, manifestContract, output } from "./util";

interface BatchArgs {
  messages: string;
  billboard?: string;
  anchor?: string;
  manifest?: string;
  json: boolean;
}

/** The batch in the `--messages` file (billboard from `--billboard`, typed input normalized) and the anchor contract's address. */
async function loadBatch(hre: HardhatRuntimeEnvironment, args: BatchArgs) {
  const { BILLBOARD_ANCHOR_KEY } = await import("../deploy/billboard");
  const { batchFromFile } = await import("../src/billboard");
  const { normalizeName } = await import("../src/names");
  const anchor = args.anchor ?? manifestContract(await loadDeploymentManifest(hre, args.manifest), BILLBOARD_ANCHOR_KEY, "billboard");
  const batch = batchFromFile(fs.readFileSync(args.messages, "utf8"), args.billboard === undefined ? undefined : normalizeName(args.billboard));
  return { anchor, batch };
}

function batchTask(name: string, description: string) {
  return task(name, description)
    .addParam("messages", "JSON file: an array of dm3 messages, or {billboard, messages}", undefined, types.inputFile)
    .addOptionalParam("billboard", "Billboard name (default: the file's, else the name the messages are addressed to)", undefined, types.string)
    .addOptionalParam("anchor", "Anchor contract address (default: the manifest's dm3BillboardAnchor)", undefined, types.string)
    .addOptionalParam("manifest", "Deployment manifest (default deployments/<network>.json)", undefined, types.string)
    .addFlag("json", "Print JSON");
}

batchTask("dm3:billboard:anchor", "Anchors a batch of billboard messages on chain (one transaction, whatever the size); the account must own the billboard name or mediate for its owner")
  .addOptionalParam("uri", "Where the batch's messages can be fetched (emitted with the anchor)", "", types.string)
  .addOptionalParam("account", "Index of the sending account", 0, types.int)
  .setAction(async (args: BatchArgs & { uri: string; account: number }, hre) =>
    guarded(async () => {
      const { anchorBatch } = await import("../src/billboard");
      const { anchor, batch } = await loadBatch(hre, args);
      const r = await anchorBatch(await accountSigner(hre, args.account), anchor, batch, { uri: args.uri });
      output(args.json, { billboard: batch.billboard, ...r }, () => [
        `${batch.billboard}: batch #${r.sequence} anchored, root ${r.root}`,
        `  ${r.messageCount} messages, ${new Date(r.firstTimestamp).toISOString()} to ${new Date(r.lastTimestamp).toISOString()}`,
        `  tx ${r.txHash}, gas ${r.gasUsed}, block time ${new Date(r.anchoredAt * 1000).toISOString()}`,
      ]);
    }),
  );

batchTask("dm3:billboard:verify", "Proves that a message of a batch file is on its billboard: builds the batch tree, checks the proof off-chain and against the anchor contract (exit code 1 when not included)")
  .addParam("message", "Message id (its dm3 message hash, 0x…)", undefined, types.string)
  .setAction(async (args: BatchArgs & { message: string }, hre) =>
    guarded(async () => {
      const { checkMessageInclusion, getMessageProof } = await import("../src/billboard");
      const { BrowserProvider } = await import("ethers");
      const { anchor, batch } = await loadBatch(hre, args);
      const proof = getMessageProof(batch, args.message);
      const message = batch.messages[batch.positions.get(proof.leaf.messageHash)!];
      const { batch: anchored, ...verdict } = await checkMessageInclusion(new BrowserProvider(hre.network.provider as never), anchor, proof, message);
      output(args.json, { message: proof.leaf.messageHash, billboard: batch.billboard, root: batch.root, batch: anchored, verdict, proof }, () => [
        `message   ${proof.leaf.messageHash} from ${message.metadata.from} at ${new Date(message.metadata.timestamp).toISOString()}`,
        `billboard ${batch.billboard}`,
        `root      ${batch.root} (${batch.messageCount} messages, proof of ${proof.proof.length} hashes)`,
        `batch     ${anchored ? `#${anchored.sequence}, anchored ${new Date(anchored.anchoredAt * 1000).toISOString()}` : "not anchored"}`,
        `verdict   ${verdict.included ? "included" : `NOT included (proof ${verdict.proofValid ? "valid" : "invalid"}, ${verdict.anchored ? "anchored" : "root not anchored for this billboard"}, contract says ${verdict.onChain})`}`,
      ]);
      if (!verdict.included) process.exitCode = 1;
    }),
  );
