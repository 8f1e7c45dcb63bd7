import { io, type Socket } from "socket.io-client";
import {
  openEnvelope,
  resolveDeliveryServiceProfile,
  resolveProfile,
  type OpenedEnvelope,
  type ProfileKeys,
  type ResolvedDeliveryService,
} from "../../../src";
// The delivery service's client side (plain fetch; the server code of dm3kit/delivery stays out).
import { DeliveryRequestError, DeliveryServiceClient } from "../../../src/delivery/client";
import { sendMessage } from "../../../src/delivery/messages";
import type { AnyEncryptionEnvelope } from "../../../src/delivery/types";
// Registers the delivery error codes (DS_REQUEST_FAILED, ...) with Dm3ErrorCode for the type checker.
import type {} from "../../../src/delivery/errors";
import { DEVNET_RECORD_OPTIONS, demoAccountKeys, profileAccounts, type ExplorerContext } from "../context";
import { badge, errorText, h, ms, replace, viewSection } from "../dom";

/** An open inbox: the account, its keys, its delivery service and the session token. */
interface Session {
  name: string;
  keys: ProfileKeys;
  ds: ResolvedDeliveryService;
  client: DeliveryServiceClient;
  token: string;
  socket?: Socket;
}

/** The Inbox view: a demo account's keys derived here, its delivery-service session, its verified messages, live. */
export function inboxView(ctx: ExplorerContext): HTMLElement {
  const accounts = profileAccounts(ctx.config);
  const select = h("select", { id: "inbox-account", name: "account" }, ...accounts.map((a, i) => h("option", { value: String(i) }, `${a.name} (account #${a.account.index})`)));
  const open = h("button", { type: "submit" }, "Open inbox");
  const steps = h("ol", { class: "lines", id: "inbox-steps", "aria-live": "polite" });
  const list = h("ol", { class: "cards", id: "inbox-messages", "aria-label": "Messages", "aria-live": "polite" });
  const to = h("input", { id: "send-to", name: "to", type: "text", required: true, autocomplete: "off", spellcheck: "false" });
  const text = h("textarea", { id: "send-text", name: "text", required: true, rows: 3 });
  const send = h("button", { type: "submit" }, "Send");
  const sendResult = h("p", { id: "send-result", "aria-live": "polite" });
  const sendForm = h(
    "form",
    { class: "send-form", hidden: true, onsubmit: (ev: Event) => (ev.preventDefault(), void submit()) },
    h("h3", {}, "Send a message"),
    h("label", { for: "send-to" }, "To (ENS name or alias)"),
    h("div", { class: "row" }, to),
    h("label", { for: "send-text" }, "Message"),
    h("div", { class: "row" }, text),
    h("p", {}, send),
    sendResult,
  );
  let session: Session | undefined;

  const section = viewSection(
    "inbox",
    "Inbox",
    h("p", { class: "lead" }, "Pick a demo account: the browser derives its dm3 keys from the account's (public, test-only) private key, logs in to its delivery service (challenge signed with the profile's Ed25519 key), decrypts and verifies every message with the SDK's openEnvelope, and shows new messages as the delivery service pushes them over socket.io."),
    h(
      "form",
      { class: "inbox-form", onsubmit: (ev: Event) => (ev.preventDefault(), void openInbox()) },
      h("label", { for: "inbox-account" }, "Account"),
      h("div", { class: "row" }, select, open),
    ),
    steps,
    h("h3", {}, "Messages"),
    list,
    sendForm,
  );
  return section;

  function step(text: string, verdict?: HTMLElement): void {
    steps.append(h("li", {}, verdict ?? null, verdict ? " " : null, text));
  }

  async function openInbox(): Promise<void> {
    const choice = accounts[Number(select.value)];
    if (!choice) return;
    session?.socket?.disconnect();
    session = undefined;
    open.disabled = true;
    sendForm.hidden = true;
    replace(steps);
    replace(list);
    try {
      const t0 = performance.now();
      const keys = await demoAccountKeys(choice.account);
      const own = await resolveProfile(ctx.l1, choice.name, DEVNET_RECORD_OPTIONS);
      const same = own.profile.publicSigningKey === keys.signingKeyPair.publicKey && own.profile.publicEncryptionKey === keys.encryptionKeyPair.publicKey;
      step(`dm3 keys derived from account #${choice.account.index}'s signature of the key-derivation message (${ms(performance.now() - t0)}): ${same ? "they are the keys" : "they are NOT the keys"} ${choice.name}'s profile publishes`, same ? badge("ok", "keys") : badge("bad", "keys"));
      const dsName = own.profile.deliveryServices[0];
      const ds = await resolveDeliveryServiceProfile(ctx.l1, dsName, DEVNET_RECORD_OPTIONS);
      step(`delivery service ${dsName} at ${ds.profile.url}`, badge("info", "DS"));
      const client = new DeliveryServiceClient(ds.profile.url);
      const t1 = performance.now();
      let token: string;
      try {
        token = await client.login(choice.name, keys.signingKeyPair.privateKey);
      } catch (e) {
        if (!(e instanceof DeliveryRequestError && e.status === 404)) throw e;
        // No account there yet: sign up with the profile the name publishes, then log in.
        await client.signUp(choice.name, own.signedProfile);
        step(`signed up at ${dsName} with the profile ${choice.name} publishes`, badge("info", "sign-up"));
        token = await client.login(choice.name, keys.signingKeyPair.privateKey);
      }
      step(`logged in: challenge from the DS signed with the profile's Ed25519 key, token received (${tokenExpiry(token)}; ${ms(performance.now() - t1)})`, badge("ok", "auth"));
      session = { name: choice.name, keys, ds, client, token };
      const envelopes = await client.incoming(choice.name, token);
      step(`${envelopes.length} envelope${envelopes.length === 1 ? "" : "s"} waiting`, badge("info", "inbox"));
      for (const envelope of envelopes) list.append(await renderEnvelope(session, envelope, "fetched"));
      listen(session);
      to.value = accounts.find((a) => a.name !== choice.name)?.name ?? "";
      sendForm.hidden = false;
      ctx.announce(`${choice.name}: ${envelopes.length} message${envelopes.length === 1 ? "" : "s"}`);
    } catch (e) {
      step(errorText(e), badge("bad", "failed"));
    } finally {
      open.disabled = false;
    }
  }

  /** New messages pushed by the delivery service over socket.io. */
  function listen(s: Session): void {
    const socket = io(s.ds.profile.url, { path: "/socket.io", auth: { account: { ensName: s.name }, token: s.token }, transports: ["websocket"], reconnection: false });
    s.socket = socket;
    socket.on("authorized", () => {
      step("listening for new messages (socket.io)", badge("ok", "live"));
      list.dataset.live = "true";
    });
    socket.on("unauthorized", (e: { error?: string }) => step(`socket refused: ${e?.error ?? "unauthorized"}`, badge("bad", "live")));
    socket.on("message", async (envelope: AnyEncryptionEnvelope) => {
      if (session !== s) return;
      list.prepend(await renderEnvelope(s, envelope, "pushed"));
      ctx.announce(`new message for ${s.name}`);
    });
  }

  async function submit(): Promise<void> {
    if (!session) return;
    send.disabled = true;
    replace(sendResult, "Sending…");
    try {
      const t0 = performance.now();
      const report = await sendMessage(ctx.l1, session.keys, session.name, to.value.trim(), text.value, DEVNET_RECORD_OPTIONS);
      replace(sendResult, badge("ok", "sent"), ` message ${report.messageHash.slice(0, 10)}… delivered to ${report.delivered.map((d) => d.deliveryService).join(", ")} (${ms(performance.now() - t0)})`);
      sendResult.dataset.messageHash = report.messageHash;
      text.value = "";
    } catch (e) {
      replace(sendResult, badge("bad", errorText(e)));
    } finally {
      send.disabled = false;
    }
  }

  async function renderEnvelope(s: Session, envelope: AnyEncryptionEnvelope, how: "fetched" | "pushed"): Promise<HTMLLIElement> {
    let opened: OpenedEnvelope;
    try {
      opened = await openEnvelope(envelope, s.keys, { provider: ctx.l1, ownName: s.name, deliveryService: s.ds.profile, requirePostmark: true, ...DEVNET_RECORD_OPTIONS });
    } catch (e) {
      return h("li", { class: "card", "data-verified": "false", "data-how": how }, badge("bad", "not verified"), " ", errorText(e));
    }
    const m = opened.message;
    const c = opened.checks;
    return h(
      "li",
      { class: "card", "data-verified": "true", "data-how": how, "data-message-hash": opened.messageHash, "data-from": m.metadata.from },
      h("p", { class: "meta" }, h("strong", {}, m.metadata.from), ` → ${m.metadata.to} · ${new Date(m.metadata.timestamp).toLocaleString()} · ${how === "pushed" ? "arrived over the socket" : "fetched"}`),
      h("p", { class: "body" }, m.message ?? ""),
      h(
        "p",
        { class: "meta" },
        badge("ok", `decrypted`),
        " ",
        badge("ok", `message signature ${c.messageSignature} (${m.metadata.from})`),
        " ",
        badge(c.metadataSignature === "valid" ? "ok" : "muted", `metadata signature ${c.metadataSignature}`),
        " ",
        badge(c.postmark === "valid" ? "ok" : "warn", `postmark ${c.postmark}${c.postmark === "valid" ? ` (${s.ds.name})` : ""}`),
      ),
    );
  }
}

/** "valid until …" from a JWT's `exp`, without trusting or verifying it (the DS does that). */
function tokenExpiry(token: string): string {
  try {
    const payload = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))) as { exp?: number };
    return payload.exp ? `valid until ${new Date(payload.exp * 1000).toLocaleTimeString()}` : "no expiry";
  } catch {
    return "opaque token";
  }
}
