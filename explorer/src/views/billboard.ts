import {
  buildBatch,
  billboardMessageId,
  checkMessageInclusion,
  checkMessageSignature,
  getMessageProof,
  readBatch,
  readBatchCount,
  readMediators,
  resolveProfile,
  type AnchoredBatchEvent,
  type BillboardBatch,
  type BillboardMessage,
  type Message,
} from "../../../src";
import { DEVNET_RECORD_OPTIONS, type ExplorerContext } from "../context";
import { address, badge, errorText, h, ms, replace, viewSection } from "../dom";
import { countRequests, meteredL1 } from "../meter";

/** A message on the wall and the batch that anchors it, if any. */
interface WallEntry {
  id: string;
  message: BillboardMessage;
  batch?: BillboardBatch;
  sequence?: number;
}

/** The Billboard view: the wall of the devnet's billboard, each message's anchor status, proofs checked on-chain. */
export function billboardView(ctx: ExplorerContext): HTMLElement {
  const billboard = ctx.config.extra.billboard;
  const section = viewSection("billboard", "Billboard");
  if (!billboard) {
    section.append(h("p", {}, "The manifest names no billboard."));
    return section;
  }
  const info = h("div", { class: "panel", "aria-live": "polite" }, h("p", { class: "muted" }, "Reading the anchor contract…"));
  const wall = h("ol", { class: "cards", "aria-label": `Messages on ${billboard.name}` });
  section.append(
    h("p", { class: "lead" }, `The wall of ${billboard.name}. Messages are anchored in batches: the anchor contract stores each batch's Merkle root, and any message proves its inclusion against it. The proof is built here and checked on-chain from this browser.`),
    info,
    h("h3", {}, "Messages"),
    wall,
  );
  void load();
  return section;

  async function load(): Promise<void> {
    const { anchor, name } = billboard!;
    try {
      const [mediators, count] = await Promise.all([readMediators(ctx.l1, anchor, name), readBatchCount(ctx.l1, anchor, name)]);
      const batches = (await Promise.all(Array.from({ length: count }, (_, i) => readBatch(ctx.l1, anchor, name, i)))).filter((b): b is AnchoredBatchEvent => b !== null);
      replace(
        info,
        h("p", {}, "Anchor contract ", address(anchor), ` · mediators: `, ...mediators.flatMap((m, i) => [i ? ", " : "", address(m)]), ` · ${count} batch${count === 1 ? "" : "es"} anchored`),
        batches.length
          ? h(
              "ul",
              { class: "lines" },
              ...batches.map((b) =>
                h("li", { "data-batch": String(b.sequence) }, `batch #${b.sequence}: ${b.messageCount} messages, root `, h("code", {}, `${b.root.slice(0, 18)}…`), `, anchored by `, address(b.anchorer), ` at ${new Date(b.anchoredAt * 1000).toLocaleString()}`),
              ),
            )
          : null,
      );
      replace(wall, ...(await Promise.all(wallEntries(ctx).map((e) => renderEntry(ctx, e)))));
      ctx.announce(`${billboard!.name}: ${count} anchored batches`);
    } catch (e) {
      replace(info, h("p", { class: "error", role: "alert" }, errorText(e)));
    }
  }
}

/** The wall's messages, oldest first, each with the batch (rebuilt from its messages) that holds it. */
function wallEntries(ctx: ExplorerContext): WallEntry[] {
  const wall = ctx.config.extra.billboard?.wall;
  if (!wall) return [];
  const entries: WallEntry[] = [];
  for (const b of wall.batches) {
    const batch = buildBatch(ctx.config.extra.billboard!.name, b.messages);
    for (const message of batch.messages) entries.push({ id: billboardMessageId(message), message, batch, sequence: b.sequence });
  }
  for (const message of wall.pending) entries.push({ id: billboardMessageId(message), message });
  return entries.sort((a, b) => a.message.metadata.timestamp - b.message.metadata.timestamp);
}

async function renderEntry(ctx: ExplorerContext, entry: WallEntry): Promise<HTMLLIElement> {
  const { message } = entry;
  const from = message.metadata.from;
  const signature = await resolveProfile(ctx.l1, from, DEVNET_RECORD_OPTIONS).then(
    (p) => (p.valid && checkMessageSignature(message as unknown as Message, p.profile.publicSigningKey, from) ? badge("ok", `signed by ${from}`) : badge("bad", `not signed by ${from}'s profile key`)),
    (e) => badge("bad", `sender unresolved: ${errorText(e)}`),
  );
  const result = h("p", { class: "proof-result", "aria-live": "polite" });
  const status = entry.batch ? badge("info", `anchored in batch #${entry.sequence}`) : badge("warn", "not anchored yet");
  const verify = entry.batch
    ? h("button", { type: "button", class: "secondary", "aria-describedby": `body-${entry.id.slice(2, 14)}`, onclick: () => void check() }, "Verify inclusion proof on-chain")
    : null;
  async function check(): Promise<void> {
    verify!.disabled = true;
    replace(result, "Checking…");
    const provider = meteredL1(ctx.config.rpcUrl, ctx.config.chainId, ctx.config.contracts.ensRegistry.address);
    const t0 = performance.now();
    try {
      const proof = getMessageProof(entry.batch!, entry.id);
      const verdict = await checkMessageInclusion(provider, ctx.config.extra.billboard!.anchor, proof, message);
      const counts = countRequests(provider.records);
      const took = `${counts.rpc} RPC · ${ms(performance.now() - t0)}`;
      replace(
        result,
        verdict.included ? badge("ok", "included") : badge("bad", "not included"),
        ` proof of ${proof.proof.length} hash${proof.proof.length === 1 ? "" : "es"} to root ${proof.root.slice(0, 10)}…: off-chain ${verdict.proofValid ? "valid" : "INVALID"}, root ${verdict.anchored ? `anchored (batch #${verdict.batch?.sequence})` : "NOT anchored"}, Dm3BillboardAnchor.verifyMessage ${verdict.onChain ? "true" : "false"} (${took})`,
      );
      result.dataset.included = String(verdict.included);
      ctx.announce(`message ${entry.id.slice(0, 10)}: ${verdict.included ? "included" : "not included"}`);
    } catch (e) {
      replace(result, badge("bad", errorText(e)));
    } finally {
      provider.destroy();
      verify!.disabled = false;
    }
  }
  return h(
    "li",
    { class: "card", "data-message": entry.id, "data-anchored": String(Boolean(entry.batch)) },
    h("p", { class: "meta" }, h("strong", {}, from), ` · ${new Date(message.metadata.timestamp).toLocaleString()} · `, status, " ", signature),
    h("p", { class: "body", id: `body-${entry.id.slice(2, 14)}` }, message.message ?? ""),
    h("p", { class: "meta" }, "id ", h("code", {}, `${entry.id.slice(0, 18)}…`)),
    verify,
    result,
  );
}
