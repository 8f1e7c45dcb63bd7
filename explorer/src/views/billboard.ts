import { io } from "socket.io-client";
import {
  BillboardServiceClient,
  billboardMessageId,
  checkMessageInclusion,
  checkMessageSignature,
  parseBillboardMessage,
  postToBillboard,
  readBatch,
  readBatchCount,
  readMediators,
  resolveBillboardServiceUrl,
  resolveProfile,
  type AnchoredBatchEvent,
  type BillboardMessage,
  type BillboardProofAnswer,
  type Message,
  type ProfileKeys,
  type ResolvedProfile,
} from "../../../src";
import { DEVNET_RECORD_OPTIONS, demoAccountKeys, profileAccounts, type ExplorerContext } from "../context";
import { address, badge, errorText, h, ms, replace, viewSection } from "../dom";
import { limiter } from "../limit";
import { countRequests, meteredL1 } from "../meter";

/** Messages shown: the service's newest, one `dm3_billboard_getMessages` page. */
const WALL_PAGE = 100;
/**
 * `dm3_billboard_getProof` requests in flight at once: the service answers one message per call
 * (no batched status method), so a wall's statuses come in parallel, a few at a time.
 */
const PROOF_REQUESTS = 4;
/** Anchored batches listed from the anchor contract (the newest). */
const BATCHES_SHOWN = 10;

/** A message on the wall. */
interface WallEntry {
  id: string;
  message: BillboardMessage;
  card: HTMLLIElement;
  /** Settles once its signature and anchor status are shown. */
  ready: Promise<void>;
}

/**
 * The Billboard view: the wall of the devnet's billboard read live from its billboard service
 * (messages, each one's batch and proof, new messages pushed over socket.io), the batches the
 * anchor contract holds, the service's proofs checked on-chain from this browser, and posting as
 * a demo account.
 */
export function billboardView(ctx: ExplorerContext): HTMLElement {
  const billboard = ctx.config.extra.billboard;
  const section = viewSection("billboard", "Billboard");
  if (!billboard) {
    section.append(h("p", {}, "The manifest names no billboard."));
    return section;
  }
  const { name, anchor } = billboard;
  const anchors = h("div", { class: "panel", id: "billboard-anchors", "aria-live": "polite" }, h("p", { class: "muted" }, "Reading the anchor contract…"));
  const service = h("p", { id: "billboard-service" }, "Connecting to the billboard service…");
  const live = h("span", { id: "billboard-live" }, badge("muted", "not live yet"));
  const refreshButton = h("button", { type: "button", class: "secondary", id: "billboard-refresh", disabled: true, onclick: () => void refresh() }, "Refresh");
  const wall = h("ol", { class: "cards", id: "billboard-wall", "aria-label": `Messages on ${name}`, "data-loaded": "false" });
  const postForm = postingForm();
  section.append(
    h(
      "p",
      { class: "lead" },
      `The wall of ${name}, read from its billboard service: the messages (dm3_billboard_getMessages), each one's batch and Merkle proof (dm3_billboard_getProof), and new messages as the service pushes them over socket.io. The anchor contract stores each batch's root; the verify button checks the service's proof against the message shown here and against the contract, from this browser.`,
    ),
    anchors,
    h("div", { class: "panel" }, service, h("div", { class: "row" }, live, refreshButton)),
    h("h3", {}, "Messages"),
    wall,
    postForm,
  );

  let client: BillboardServiceClient | undefined;
  let entries = new Map<string, WallEntry>();
  /** Messages pushed while a refresh is reading the wall: added once it is replaced. */
  let buffered: unknown[] | null = null;
  let generation = 0;
  const proofSlot = limiter(PROOF_REQUESTS);
  /** Senders' profiles, resolved once per refresh. */
  const senders = new Map<string, Promise<ResolvedProfile>>();
  void start();
  return section;

  async function start(): Promise<void> {
    try {
      const url = billboard!.service?.url ?? (await resolveBillboardServiceUrl(ctx.l1, name));
      client = new BillboardServiceClient(url);
      listen(url);
      const properties = await client.properties(name);
      replace(
        service,
        "Billboard service ",
        h("code", {}, url),
        ` · “${properties.name}” · mediators ${properties.mediators.join(", ") || "none"}${properties.time ? ` · at most one post per ${properties.time} s` : ""}`,
      );
      await refresh();
    } catch (e) {
      replace(service, h("span", { class: "error", role: "alert" }, `The billboard service cannot be read: ${errorText(e)}`));
    }
  }

  /** New messages pushed by the service to its viewers (`message-<billboard>`). */
  function listen(url: string): void {
    const socket = io(url, { path: "/socket.io", transports: ["websocket"], reconnectionAttempts: 30 });
    socket.on("connect", () => {
      replace(live, badge("ok", "live: new messages arrive over socket.io"));
      wall.dataset.live = "true";
    });
    socket.on("disconnect", (reason: string) => {
      replace(live, badge("warn", `not live (${reason})`));
      wall.dataset.live = "false";
    });
    socket.on(`message-${name}`, (raw: unknown) => {
      if (buffered) buffered.push(raw);
      else if (add(raw, "pushed")) ctx.announce(`new message on ${name}`);
    });
  }

  /** Reads the wall and the anchor contract again. */
  async function refresh(): Promise<void> {
    const run = ++generation;
    refreshButton.disabled = true;
    wall.dataset.loaded = "false";
    buffered = [];
    senders.clear();
    try {
      const [messages] = await Promise.all([client!.getMessages(name, { limit: WALL_PAGE }), showAnchors()]);
      if (run !== generation) return;
      entries = new Map();
      replace(wall);
      for (const raw of messages) add(raw, "fetched");
      for (const raw of buffered.splice(0)) add(raw, "pushed");
      buffered = null;
      await Promise.all([...entries.values()].map((e) => e.ready));
      const anchored = wall.querySelectorAll('li[data-status="anchored"]').length;
      ctx.announce(`${name}: ${entries.size} message${entries.size === 1 ? "" : "s"}, ${anchored} anchored`);
    } catch (e) {
      replace(wall, h("li", { class: "error", role: "alert" }, errorText(e)));
    } finally {
      if (run === generation) {
        buffered = null;
        wall.dataset.loaded = "true";
        refreshButton.disabled = false;
      }
    }
  }

  /** The anchor contract: mediators and the newest batches of this billboard. */
  async function showAnchors(): Promise<void> {
    try {
      const [mediators, count] = await Promise.all([readMediators(ctx.l1, anchor, name), readBatchCount(ctx.l1, anchor, name)]);
      const first = Math.max(0, count - BATCHES_SHOWN);
      const batches = (await Promise.all(Array.from({ length: count - first }, (_, i) => readBatch(ctx.l1, anchor, name, first + i)))).filter((b): b is AnchoredBatchEvent => b !== null);
      replace(
        anchors,
        h("p", {}, "Anchor contract ", address(anchor), " · mediators: ", ...mediators.flatMap((m, i) => [i ? ", " : "", address(m)]), ` · ${count} batch${count === 1 ? "" : "es"} anchored${first ? ` (the newest ${BATCHES_SHOWN} below)` : ""}`),
        batches.length
          ? h(
              "ul",
              { class: "lines" },
              ...batches.map((b) =>
                h("li", { "data-batch": String(b.sequence) }, `batch #${b.sequence}: ${b.messageCount} message${b.messageCount === 1 ? "" : "s"}, root `, h("code", {}, `${b.root.slice(0, 18)}…`), ", anchored by ", address(b.anchorer), ` at ${new Date(b.anchoredAt * 1000).toLocaleString()}`),
              ),
            )
          : null,
      );
    } catch (e) {
      replace(anchors, h("p", { class: "error", role: "alert" }, `The anchor contract cannot be read: ${errorText(e)}`));
    }
  }

  /** Adds a message the service sent (checked for shape first) unless it is on the wall already; returns whether it was added. */
  function add(raw: unknown, how: "fetched" | "pushed"): boolean {
    let message: BillboardMessage;
    let id: string;
    try {
      message = parseBillboardMessage(raw);
      id = billboardMessageId(message);
    } catch (e) {
      wall.append(h("li", { class: "card", "data-invalid": "true" }, badge("bad", `the service sent a malformed message: ${errorText(e)}`)));
      return false;
    }
    if (entries.has(id)) return false;
    const entry = renderEntry(message, id, how);
    entries.set(id, entry);
    wall.append(entry.card);
    return true;
  }

  function renderEntry(message: BillboardMessage, id: string, how: "fetched" | "pushed"): WallEntry {
    const from = message.metadata.from;
    const signature = h("span", {}, badge("muted", "checking the signature…"));
    const status = h("span", { class: "anchor-status" }, badge("muted", "reading the anchor status…"));
    const actions = h("p", { class: "actions" });
    const result = h("p", { class: "proof-result", "aria-live": "polite" });
    const card = h(
      "li",
      { class: "card", "data-message": id, "data-how": how },
      h("p", { class: "meta" }, h("strong", {}, from), ` · ${new Date(message.metadata.timestamp).toLocaleString()} · `, status, " ", signature, how === "pushed" ? " · arrived over the socket" : null),
      h("p", { class: "body", id: `body-${id.slice(2, 14)}` }, message.message ?? ""),
      h("p", { class: "meta" }, "id ", h("code", {}, `${id.slice(0, 18)}…`)),
      actions,
      result,
    );

    const checkSignature = async () => {
      let verdict: HTMLElement;
      try {
        const profile = await senderProfile(from);
        const ok = profile.valid && checkMessageSignature(message as unknown as Message, profile.profile.publicSigningKey, from);
        verdict = ok ? badge("ok", `signed by ${from}`) : badge("bad", `not signed by ${from}'s profile key`);
      } catch (e) {
        verdict = badge("bad", `sender unresolved: ${errorText(e)}`);
      }
      replace(signature, verdict);
    };
    const loadStatus = async () => {
      try {
        showStatus(await proofSlot(() => proofOf(id)));
      } catch (e) {
        card.dataset.status = "unknown";
        replace(status, badge("bad", `anchor status unknown: ${errorText(e)}`));
      }
    };
    /** Shows the service's answer: status, batch, and the verify button once there is a proof. */
    const showStatus = (answer: BillboardProofAnswer) => {
      card.dataset.status = answer.status;
      card.dataset.anchored = String(answer.status === "anchored");
      replace(status, statusBadge(answer));
      if (answer.proof && !actions.firstChild) {
        actions.append(h("button", { type: "button", class: "secondary", "aria-describedby": `body-${id.slice(2, 14)}`, onclick: (ev: Event) => void verify(ev.currentTarget as HTMLButtonElement) }, "Verify inclusion proof on-chain"));
      }
    };
    /** Fetches the service's proof again (the status may have moved on) and checks it off-chain and on-chain. */
    const verify = async (button: HTMLButtonElement) => {
      button.disabled = true;
      replace(result, "Checking…");
      const provider = meteredL1(ctx.config.rpcUrl, ctx.config.chainId, ctx.config.contracts.ensRegistry.address);
      try {
        const t0 = performance.now();
        const answer = await proofOf(id);
        showStatus(answer);
        const fetched = performance.now() - t0;
        if (!answer.proof) throw new Error("the service has no proof for it yet");
        const t1 = performance.now();
        const verdict = await checkMessageInclusion(provider, anchor, answer.proof, message);
        const { rpc } = countRequests(provider.records);
        const hashes = answer.proof.proof.length;
        const otherAnchor = answer.anchor && answer.anchor.address.toLowerCase() !== anchor.toLowerCase();
        replace(
          result,
          verdict.included ? badge("ok", "included") : badge("bad", "not included"),
          ` the service's proof (${ms(fetched)}) of ${hashes} hash${hashes === 1 ? "" : "es"} to root ${answer.proof.root.slice(0, 10)}…: off-chain ${verdict.proofValid ? "valid" : "INVALID"}, root ${verdict.anchored ? `anchored (batch #${verdict.batch?.sequence})` : "NOT anchored"}, Dm3BillboardAnchor.verifyMessage ${verdict.onChain ? "true" : "false"} (${rpc} RPC · ${ms(performance.now() - t1)})`,
          otherAnchor ? h("span", {}, " ", badge("warn", `the service names another anchor contract (${answer.anchor!.address}); checked against the manifest's`)) : null,
        );
        result.dataset.included = String(verdict.included);
        ctx.announce(`message ${id.slice(0, 10)}: ${verdict.included ? "included" : "not included"}`);
      } catch (e) {
        replace(result, badge("bad", errorText(e)));
      } finally {
        provider.destroy();
        button.disabled = false;
      }
    };
    return { id, message, card, ready: Promise.all([checkSignature(), loadStatus()]).then(() => {}) };
  }

  /** `dm3_billboard_getProof`, checked to be about the message asked for. */
  async function proofOf(id: string): Promise<BillboardProofAnswer> {
    const answer = await client!.getProof(name, id);
    if (answer.messageId?.toLowerCase() !== id.toLowerCase()) throw new Error(`the service answered for another message (${String(answer.messageId).slice(0, 18)})`);
    return answer;
  }

  function senderProfile(from: string): Promise<ResolvedProfile> {
    let profile = senders.get(from);
    if (!profile) senders.set(from, (profile = resolveProfile(ctx.l1, from, DEVNET_RECORD_OPTIONS)));
    return profile;
  }

  /** Posting as a demo account (any name with a dm3 profile except the billboard's own). */
  function postingForm(): HTMLFormElement {
    const accounts = profileAccounts(ctx.config, [name]);
    const select = h("select", { id: "post-account", name: "account" }, ...accounts.map((a, i) => h("option", { value: String(i) }, `${a.name} (account #${a.account.index})`)));
    const text = h("textarea", { id: "post-text", name: "text", required: true, rows: 2, maxlength: 1000 });
    const submit = h("button", { type: "submit" }, "Post");
    const outcome = h("p", { id: "post-result", "aria-live": "polite" });
    const keys = new Map<number, Promise<ProfileKeys>>();
    const post = async () => {
      const choice = accounts[Number(select.value)];
      if (!choice || !text.value.trim()) return;
      submit.disabled = true;
      replace(outcome, "Posting…");
      delete outcome.dataset.messageId;
      try {
        const t0 = performance.now();
        if (!keys.has(choice.account.index)) keys.set(choice.account.index, demoAccountKeys(choice.account));
        const report = await postToBillboard(ctx.l1, await keys.get(choice.account.index)!, choice.name, name, text.value, DEVNET_RECORD_OPTIONS);
        replace(outcome, badge("ok", "posted"), ` message ${report.messageId.slice(0, 10)}… signed by ${choice.name} and delivered to ${report.delivered.map((d) => d.deliveryService).join(", ")} (${ms(performance.now() - t0)}); it waits for the service's next batch`);
        outcome.dataset.messageId = report.messageId;
        text.value = "";
      } catch (e) {
        keys.delete(choice.account.index);
        replace(outcome, badge("bad", errorText(e)));
      } finally {
        submit.disabled = false;
      }
    };
    return h(
      "form",
      { class: "post-form", onsubmit: (ev: Event) => (ev.preventDefault(), void post()) },
      h("h3", {}, "Post to the wall"),
      h("p", { class: "hint" }, "As a demo account: the browser derives its dm3 keys, signs the message and sends it as a dm3 envelope to the delivery service the billboard's profile lists (postToBillboard). It appears above when the service pushes it."),
      h("label", { for: "post-account" }, "Account"),
      h("div", { class: "row" }, select),
      h("label", { for: "post-text" }, "Message"),
      h("div", { class: "row" }, text),
      h("p", {}, submit),
      outcome,
    );
  }
}

/** The anchor status of a message as the service reports it. */
function statusBadge(answer: BillboardProofAnswer): HTMLElement {
  const batch = answer.batch;
  switch (answer.status) {
    case "anchored":
      return badge("info", `anchored in batch #${batch?.sequence}`);
    case "sending":
      return badge("warn", `being anchored (tx ${batch?.txHash ? `${batch.txHash.slice(0, 10)}…` : "not sent yet"})`);
    case "built":
      return badge("warn", "in a batch, not anchored yet");
    default:
      return badge("warn", "not anchored yet");
  }
}
