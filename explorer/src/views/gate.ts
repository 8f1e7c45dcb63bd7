import { Contract, formatUnits, getAddress, isAddress } from "ethers";
import { GateUnresolvedAccountError, describeRule, explainAccess, getRuleSet, resolveDm3Name, RuleKind, type GateExplanation, type SetExplanation } from "../../../src";
import type { ExplorerContext } from "../context";
import { badge, errorText, h, ms, replace, viewSection } from "../dom";
import { countRequests, meteredL1 } from "../meter";

/** The Gate view: check an account against a token-gated rule set, with the per-rule explanation. */
export function gateView(ctx: ExplorerContext): HTMLElement {
  const gate = ctx.config.extra.gate;
  const section = viewSection("gate", "Token-gated access");
  if (!gate) {
    section.append(h("p", {}, "The manifest names no rule-set contract."));
    return section;
  }
  const sets = [
    { id: gate.exampleRuleSetId, label: `#${gate.exampleRuleSetId}: the example (at least 100 DM3G and set #${gate.badgesRuleSetId})` },
    { id: gate.badgesRuleSetId, label: `#${gate.badgesRuleSetId}: holds a dm3 pass or a badge` },
  ];
  const select = h("select", { id: "gate-set", name: "ruleSet" }, ...sets.map((s) => h("option", { value: s.id }, s.label)));
  const account = h("input", { id: "gate-account", name: "account", type: "text", required: true, autocomplete: "off", spellcheck: "false", value: "alice.eth" });
  const button = h("button", { type: "submit" }, "Check");
  const output = h("div", { id: "gate-output", "aria-live": "polite" });
  const definitions = h("div", { class: "panel" }, h("p", { class: "muted" }, "Reading the rule sets…"));
  const form = h(
    "form",
    { class: "gate-form", onsubmit: (ev: Event) => (ev.preventDefault(), void check()) },
    h("label", { for: "gate-set" }, "Rule set"),
    h("div", { class: "row" }, select),
    h("label", { for: "gate-account" }, "Account (address, ENS name or alias)"),
    h("div", { class: "row" }, account, button),
  );
  const demo = h(
    "p",
    { class: "hint" },
    "Demo accounts: ",
    ...[...gate.passes, ...gate.fails].flatMap((name, i) => [i ? ", " : "", h("button", { type: "button", class: "link", onclick: () => ((account.value = name), form.requestSubmit()) }, name)]),
    ` (${gate.passes.join(", ")} pass the example; ${gate.fails.join(", ")} fail${gate.fails.length === 1 ? "s" : ""}).`,
  );
  section.append(
    h("p", { class: "lead" }, "A rule set combines token holdings (ERC-20, ERC-721, ERC-1155, native balance, other sets). The browser evaluates it with the SDK (one batched read of every holding) and explains each rule; the contract's own isAllowed view is asked too."),
    definitions,
    form,
    demo,
    output,
  );
  void showDefinitions();
  return section;

  async function showDefinitions(): Promise<void> {
    try {
      const stored = await Promise.all(sets.map((s) => getRuleSet(ctx.l1, s.id, { ruleSets: gate!.ruleSets })));
      replace(
        definitions,
        h("p", {}, "Dm3RuleSets ", h("code", {}, gate!.ruleSets)),
        ...stored.map((set) => h("div", {}, h("p", {}, h("strong", {}, `Rule set #${set.id}`), `: ${["all of", "any of", `at least ${set.threshold} of`][set.logic]}`), h("ul", { class: "lines" }, ...set.rules.map((r) => h("li", {}, tokenNames(ctx, describeRule(r))))))),
      );
    } catch (e) {
      replace(definitions, h("p", { class: "error" }, errorText(e)));
    }
  }

  async function check(): Promise<void> {
    const input = account.value.trim();
    if (!input) return;
    button.disabled = true;
    replace(output, h("p", { class: "muted" }, `Checking ${input}…`));
    const provider = meteredL1(ctx.config.rpcUrl, ctx.config.chainId, ctx.config.contracts.ensRegistry.address);
    try {
      const t0 = performance.now();
      let address: string;
      let name: string | undefined;
      if (isAddress(input)) address = getAddress(input);
      else {
        const resolved = await resolveDm3Name(provider, input, { universalResolver: ctx.config.contracts.dm3UniversalResolver.address });
        if (!resolved.address) throw new GateUnresolvedAccountError(resolved.canonicalName);
        address = resolved.address;
        name = resolved.canonicalName;
      }
      const explanation = await explainAccess(provider, select.value, address, { ruleSets: gate!.ruleSets });
      const counts = countRequests(provider.records);
      const took = performance.now() - t0;
      const onChain = (await new Contract(gate!.ruleSets, ["function isAllowed(uint256 ruleSetId, address account) view returns (bool)"], ctx.l1).isAllowed(select.value, address)) as boolean;
      replace(output, renderExplanation(ctx, explanation, name, onChain, `${counts.rpc} RPC · ${ms(took)}`));
      ctx.announce(`${name ?? address}: ${explanation.allowed ? "allowed" : "not allowed"}`);
    } catch (e) {
      replace(output, h("p", { class: "error", role: "alert" }, errorText(e)));
    } finally {
      provider.destroy();
      button.disabled = false;
    }
  }
}

function renderExplanation(ctx: ExplorerContext, explanation: GateExplanation, name: string | undefined, onChain: boolean, metrics: string): HTMLElement {
  return h(
    "div",
    { class: "explanation", "data-allowed": String(explanation.allowed), "data-account": name ?? explanation.account },
    h(
      "p",
      { class: "summary" },
      h("strong", {}, name ?? explanation.account),
      name ? h("code", {}, explanation.account) : null,
      explanation.allowed ? badge("ok", "allowed") : badge("bad", "not allowed"),
      h("span", { class: "metrics" }, `evaluated off-chain: ${metrics}`),
    ),
    renderSet(ctx, explanation.root),
    h("p", { class: "hint", "data-on-chain": String(onChain) }, `The contract's isAllowed view says ${onChain ? "allowed" : "not allowed"}${onChain === explanation.allowed ? ", the same" : ": DIFFERENT"}.`),
  );
}

function renderSet(ctx: ExplorerContext, set: SetExplanation): HTMLElement {
  const logic = ["all of", "any of", `at least ${set.threshold} of`][set.logic];
  return h(
    "div",
    { class: "rule-set" },
    h("p", {}, h("strong", {}, set.ruleSetId === null ? "rule set" : `rule set #${set.ruleSetId}`), ` (${logic} ${set.rules.length}, ${set.passedCount} passed): `, set.allowed ? badge("ok", "allowed") : badge("bad", "not allowed")),
    h(
      "ul",
      { class: "lines" },
      ...set.rules.map((r) =>
        h(
          "li",
          { "data-rule": String(r.index), "data-passed": String(r.passed) },
          r.passed ? badge("ok", "pass") : badge("bad", "fail"),
          " ",
          tokenNames(ctx, describeRule(r.rule)),
          r.rule.kind === RuleKind.RULE_SET ? "" : `: value ${r.value}${r.rule.kind === RuleKind.ERC20_BALANCE ? ` (${formatUnits(r.value, 18)} at 18 decimals)` : ""}${r.readFailed ? " (the token read failed: counted as 0)" : ""}`,
          r.tooDeep ? " (nested too deep: counts as failed)" : "",
          r.nested ? renderSet(ctx, r.nested) : null,
        ),
      ),
    ),
  );
}

/** Shows the devnet's demo tokens by name in a rule's description. */
function tokenNames(ctx: ExplorerContext, text: string): string {
  const tokens = ctx.config.extra.gate?.tokens;
  if (!tokens) return text;
  const names: Record<string, string> = { [tokens.erc20]: "DM3G", [tokens.erc721]: "“dm3 pass”", [tokens.erc1155]: "badges" };
  return text.replace(/0x[0-9a-fA-F]{40}/g, (a) => names[a] ?? names[getAddress(a)] ?? a);
}
