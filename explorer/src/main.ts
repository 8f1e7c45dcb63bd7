import { loadConfig } from "./config";
import { l1Provider, type ExplorerContext } from "./context";
import { errorText, h, replace } from "./dom";
import { billboardView } from "./views/billboard";
import { gateView } from "./views/gate";
import { inboxView } from "./views/inbox";
import { namesView } from "./views/names";
import { resolveView } from "./views/resolve";

// The devnet explorer: one page, one view per tab (#names, #resolve, ...), everything computed in
// this browser with the dm3kit SDK against the devnet's servers named in /manifest.json.

interface ViewDef {
  id: string;
  label: string;
  create: (ctx: ExplorerContext) => HTMLElement;
}

const VIEWS: ViewDef[] = [
  { id: "names", label: "Names", create: namesView },
  { id: "resolve", label: "Resolve", create: resolveView },
  { id: "inbox", label: "Inbox", create: inboxView },
  { id: "billboard", label: "Billboard", create: billboardView },
  { id: "gate", label: "Gate", create: gateView },
];

async function start(): Promise<void> {
  const main = document.getElementById("main")!;
  const status = document.getElementById("status")!;
  const announce = (text: string) => {
    status.textContent = text;
  };
  let ctx: ExplorerContext;
  try {
    const config = await loadConfig();
    ctx = { config, l1: l1Provider(config), announce };
  } catch (e) {
    replace(main, h("p", { class: "error", role: "alert" }, `Cannot load the devnet's manifest: ${errorText(e)}`));
    return;
  }
  renderDevnetInfo(ctx);

  const nav = document.getElementById("views")!;
  const links = new Map<string, HTMLAnchorElement>();
  const created = new Map<string, HTMLElement>();
  replace(nav, ...VIEWS.map((v) => h("li", {}, (links.set(v.id, h("a", { href: `#${v.id}`, id: `tab-${v.id}` }, v.label)), links.get(v.id)!))));

  const show = () => {
    const id = VIEWS.some((v) => `#${v.id}` === location.hash) ? location.hash.slice(1) : VIEWS[0].id;
    for (const [viewId, link] of links) {
      if (viewId === id) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    let view = created.get(id);
    if (!view) {
      view = VIEWS.find((v) => v.id === id)!.create(ctx);
      created.set(id, view);
    }
    replace(main, view);
    document.title = `${VIEWS.find((v) => v.id === id)!.label} · dm3kit devnet explorer`;
  };
  window.addEventListener("hashchange", () => {
    show();
    main.focus();
  });
  show();
  document.body.dataset.ready = "true";
}

function renderDevnetInfo(ctx: ExplorerContext): void {
  const { config } = ctx;
  const services: Array<[string, string | undefined]> = [
    ["L1 RPC", config.rpcUrl],
    ["L2 RPC", config.extra.l2?.rpcUrl],
    ["gateway", config.extra.gateway?.url],
    ["delivery service", config.extra.deliveryService?.running === false ? undefined : config.extra.deliveryService?.url],
    ["billboard service", config.extra.billboard?.service?.running === false ? undefined : config.extra.billboard?.service?.url],
  ];
  replace(
    document.getElementById("devnet")!,
    h("span", {}, `chain ${config.chainId}`),
    ...services.filter(([, url]) => url).map(([label, url]) => h("span", {}, `${label} `, h("code", {}, url!))),
  );
}

void start();
