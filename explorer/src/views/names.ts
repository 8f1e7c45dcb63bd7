import { resolveDeliveryServiceProfile, resolveProfile, type ResolvedProfile } from "../../../src";
import { DEVNET_RECORD_OPTIONS, resolverKind, type ExplorerContext } from "../context";
import { address, badge, errorText, h, replace, viewSection } from "../dom";

/** One row of the Names view. */
interface NameRow {
  name: string;
  /** "L1", "layer 2 (chain n)" or "alias of x". */
  kind: string;
  canonical: string;
}

/** Every demo name of the manifest, and the alias form of each name under an aliased parent. */
export function demoNames(ctx: ExplorerContext): NameRow[] {
  const { names, extra } = ctx.config;
  const rows: NameRow[] = Object.entries(names).map(([name, n]) => ({
    name,
    canonical: name,
    kind: n.recordsChainId && n.recordsChainId !== ctx.config.chainId ? `layer 2 (chain ${n.recordsChainId})` : "L1",
  }));
  for (const [alias, parent] of Object.entries(extra.aliases ?? {})) {
    for (const name of Object.keys(names)) {
      if (name === parent || name.endsWith(`.${parent}`)) rows.push({ name: `${name.slice(0, -parent.length)}${alias}`, canonical: name, kind: `alias of ${name}` });
    }
  }
  return rows;
}

/** The Names view: owner, resolver, addr, delivery services and the profile verdict of every demo name. */
export function namesView(ctx: ExplorerContext): HTMLElement {
  const body = h("tbody", {});
  const table = h(
    "table",
    { class: "names" },
    h("caption", {}, "Demo names, resolved and verified in this browser"),
    h("thead", {}, h("tr", {}, ...["Name", "Owner", "Resolver", "addr", "Delivery services", "dm3 profile"].map((t) => h("th", { scope: "col" }, t)))),
    body,
  );
  const refresh = h("button", { type: "button", onclick: () => void load() }, "Reload");
  const section = viewSection(
    "names",
    "Names",
    h("p", { class: "lead" }, "Every demo name on the devnet: L1 names, the layer-2 name behind CCIP-Read and the aliased forms. The profile verdict comes from the SDK's resolveProfile running here."),
    h("p", {}, refresh),
    h("div", { class: "table-wrap" }, table),
  );

  async function load(): Promise<void> {
    refresh.disabled = true;
    const rows = demoNames(ctx);
    replace(body, ...rows.map((r) => h("tr", { "data-name": r.name }, h("th", { scope: "row" }, r.name), h("td", { colspan: 5, class: "muted" }, "resolving…"))));
    await Promise.all(rows.map(async (row, i) => body.rows[i].replaceWith(await renderRow(ctx, row))));
    refresh.disabled = false;
    ctx.announce(`${rows.length} names resolved`);
  }
  void load();
  return section;
}

async function renderRow(ctx: ExplorerContext, row: NameRow): Promise<HTMLTableRowElement> {
  const entry = ctx.config.names[row.canonical];
  const aliasRegistry = ctx.config.contracts.dm3AliasRegistry?.address;
  const owner = h("td", { "data-label": "Owner" }, address(entry?.owner), entry?.ownerAccountIndex !== undefined ? h("span", { class: "muted" }, ` account #${entry.ownerAccountIndex}`) : null);

  const resolver = await ctx.l1.getResolver(row.canonical).catch(() => null);
  const addr = resolver ? await resolver.getAddress().catch(() => null) : null;
  let profile: ResolvedProfile | undefined;
  let verdict: HTMLElement;
  let services: HTMLElement;
  try {
    profile = await resolveProfile(ctx.l1, row.name, { aliasRegistry, ...DEVNET_RECORD_OPTIONS });
    verdict = profile.valid ? badge("ok", "valid") : badge("bad", `invalid: ${profile.reason ?? "bad signature"}`);
    services = h("span", {}, profile.profile.deliveryServices.join(", "));
  } catch (e) {
    const code = (e as { code?: string }).code;
    verdict = code === "NO_RECORD" ? badge("muted", "no dm3 profile record") : badge("bad", errorText(e));
    services = await resolveDeliveryServiceProfile(ctx.l1, row.canonical, DEVNET_RECORD_OPTIONS).then(
      (ds) => h("span", {}, "is a delivery service: ", h("code", {}, ds.profile.url)),
      () => h("span", { class: "muted" }, "none"),
    );
  }
  return h(
    "tr",
    { "data-name": row.name, "data-valid": profile ? String(profile.valid) : "none" },
    h("th", { scope: "row", "data-label": "Name" }, h("span", { class: "name" }, row.name), h("span", { class: "kind" }, row.kind)),
    owner,
    h("td", { "data-label": "Resolver" }, resolver ? h("span", {}, resolverKind(ctx.config, resolver.address), " ", address(resolver.address)) : h("span", { class: "muted" }, "none")),
    h("td", { "data-label": "addr" }, address(addr)),
    h("td", { "data-label": "Delivery services" }, services),
    h("td", { "data-label": "dm3 profile", class: "verdict" }, verdict),
  );
}
