import type { ExplorerContext } from "../context";
import { append, badge, errorText, h, ms, replace, viewSection } from "../dom";
import { callLabel, type RequestRecord } from "../meter";
import { traceOneCall, traceResolution, type PathStep, type ResolutionTrace } from "../resolvePath";

/** The Resolve view: type a name, see the path the SDK took to resolve and verify it. */
export function resolveView(ctx: ExplorerContext): HTMLElement {
  const input = h("input", { id: "resolve-name", name: "name", type: "text", required: true, autocomplete: "off", spellcheck: "false", placeholder: "carol.l2.dm3.eth", value: "carol.l2.dm3.eth" });
  const button = h("button", { type: "submit" }, "Resolve");
  const output = h("div", { id: "resolve-output", "aria-live": "polite" });
  const suggestions = h(
    "p",
    { class: "hint" },
    "Try: ",
    ...Object.keys(ctx.config.names)
      .concat(aliasForms(ctx))
      .flatMap((name, i) => [i ? ", " : "", h("button", { type: "button", class: "link", onclick: () => ((input.value = name), form.requestSubmit()) }, name)]),
  );
  const form = h(
    "form",
    {
      class: "resolve-form",
      onsubmit: async (ev: Event) => {
        ev.preventDefault();
        const name = input.value.trim();
        if (!name) return;
        button.disabled = true;
        replace(output, h("p", { class: "muted" }, `Resolving ${name}…`));
        try {
          const trace = await traceResolution(ctx.config, name);
          trace.oneCall = await traceOneCall(ctx.config, name);
          replace(output, renderTrace(trace));
          ctx.announce(`${name}: ${trace.verdict.text}`);
        } catch (e) {
          replace(output, h("p", { class: "error", role: "alert" }, errorText(e)));
        } finally {
          button.disabled = false;
        }
      },
    },
    h("label", { for: "resolve-name" }, "Name"),
    h("div", { class: "row" }, input, button),
  );
  return viewSection(
    "resolve",
    "Resolve a name",
    h("p", { class: "lead" }, "The browser resolves the name with the dm3kit SDK over the devnet's JSON-RPC and gateway, and draws the path it took. Every count is a request the page really sent."),
    form,
    suggestions,
    output,
  );
}

function aliasForms(ctx: ExplorerContext): string[] {
  const out: string[] = [];
  for (const [alias, parent] of Object.entries(ctx.config.extra.aliases ?? {})) {
    for (const name of Object.keys(ctx.config.names)) if (name.endsWith(`.${parent}`)) out.push(`${name.slice(0, -parent.length)}${alias}`);
  }
  return out;
}

function metrics(s: { rpc: number; http: number; ms: number }): string {
  return `${s.rpc} RPC · ${s.http} HTTP · ${ms(s.ms)}`;
}

function renderTrace(trace: ResolutionTrace): HTMLElement {
  const verdict = trace.verdict.valid ? badge("ok", "valid profile") : badge("bad", trace.verdict.text);
  const path = h("ol", { class: "path", "aria-label": `Resolution path of ${trace.input}` });
  for (const s of trace.steps) append(path, renderStep(s));
  return h(
    "div",
    { class: "trace", "data-input": trace.input, "data-valid": String(trace.verdict.valid) },
    h("p", { class: "summary" }, h("strong", {}, trace.input), " ", verdict, " ", h("span", { class: "metrics", "data-total": "" }, `total ${metrics(trace.totals)}`)),
    path,
    trace.oneCall
      ? h(
          "p",
          { class: "hint", "data-one-call": "" },
          `The same name through the one-call resolver (Dm3UniversalResolver): ${metrics(trace.oneCall)}`,
          trace.oneCall.error ? ` (${trace.oneCall.error})` : trace.oneCall.valid ? ", valid" : ", invalid",
          ".",
        )
      : null,
  );
}

function renderStep(s: PathStep): HTMLElement {
  const status = s.status === "ok" ? badge("ok", "ok") : s.status === "fail" ? badge("bad", "failed") : badge("muted", "skipped");
  return h(
    "li",
    { class: `step step-${s.status}`, "data-step": s.id, "data-status": s.status },
    h("div", { class: "step-head" }, h("h3", {}, s.title), status, s.status === "skipped" ? null : h("span", { class: "metrics" }, metrics(s))),
    h("ul", { class: "lines" }, ...s.lines.map((line) => h("li", {}, line))),
    s.requests.length
      ? h("details", {}, h("summary", {}, `${s.requests.length} request${s.requests.length > 1 ? "s" : ""}`), h("ul", { class: "requests" }, ...s.requests.map(requestLine)))
      : null,
  );
}

function requestLine(r: RequestRecord): HTMLElement {
  if (r.kind === "http") return h("li", {}, h("code", {}, `GET ${r.urls[0] ?? ""}`), ` · ${ms(r.ms)}${r.error ? ` · ${r.error}` : ""}`);
  const what = r.method === "eth_call" ? callLabel(r.data) : r.method;
  const outcome = r.revert?.startsWith("0x556f1830") ? " → OffchainLookup" : r.revert ? " → reverted" : "";
  return h("li", {}, h("code", {}, `${r.chain} ${what}`), `${outcome} · ${ms(r.ms)}`);
}
