// Token-gated access tasks: create a rule set from a JSON file, check an account against a set.
// Thin: parse arguments, call src/gate (imported lazily: the config loads before TypeChain types
// exist), print text or JSON (--json). Errors: one line with the error code, exit code 1.
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { accountSigner, guarded, loadDeploymentManifest, manifestContract, output } from "./util";

/** The rule-set contract: --rule-sets, else the deployment manifest's. @throws ManifestNotFoundError, ManifestEntryMissingError */
async function ruleSetsAddress(hre: HardhatRuntimeEnvironment, args: { ruleSets: string; manifest?: string }): Promise<string> {
  if (args.ruleSets) return args.ruleSets;
  const { RULE_SETS_KEY } = await import("../deploy/gate");
  return manifestContract(await loadDeploymentManifest(hre, args.manifest), RULE_SETS_KEY, "gate");
}

task("dm3:gate:create", "Creates a token-gated access rule set from a JSON file (format: src/gate/json.ts); the sending account owns it")
  .addParam("rules", "JSON file with the rule set", undefined, types.string)
  .addOptionalParam("account", "Index of the sending account (the owner)", 0, types.int)
  .addOptionalParam("ruleSets", "Dm3RuleSets address (default: the deployment manifest's)", "", types.string)
  .addOptionalParam("manifest", "Deployment manifest (default deployments/<network>.json)", undefined, types.string)
  .addFlag("json", "Print JSON")
  .setAction(async (args: { rules: string; account: number; ruleSets: string; manifest?: string; json: boolean }, hre) =>
    guarded(async () => {
      const fs = await import("node:fs");
      const { InvalidRuleSetError, MAX_RULE_SET_JSON_BYTES, createRuleSet, parseRuleSetJson, ruleSetToJson } = await import("../src/gate");
      // The size first: never read a huge file into memory.
      let text: string | undefined;
      try {
        if (fs.statSync(args.rules).size <= MAX_RULE_SET_JSON_BYTES) text = fs.readFileSync(args.rules, "utf8");
      } catch (e) {
        throw new InvalidRuleSetError("", `cannot read ${args.rules}: ${(e as { code?: string; message?: string }).code ?? (e as Error).message}`);
      }
      if (text === undefined) throw new InvalidRuleSetError("", `${args.rules} is larger than ${MAX_RULE_SET_JSON_BYTES} bytes`);
      const definition = parseRuleSetJson(text);
      const ruleSets = await ruleSetsAddress(hre, args);
      const signer = await accountSigner(hre, args.account);
      const change = await createRuleSet(signer, ruleSets, definition);
      const owner = await signer.getAddress();
      output(args.json, { ...change, ruleSets, owner, ruleSet: ruleSetToJson(definition) }, () => [
        `created rule set #${change.ruleSetId} on ${ruleSets}, owned by ${owner} (tx ${change.txHash}, gas ${change.gasUsed})`,
      ]);
    }),
  );

task("dm3:gate:check", "Explains whether an account (address or dm3 name) passes a token-gated access rule set")
  .addParam("id", "Rule set id", undefined, types.string)
  .addParam("account", "Address, or a name (ENS or alias) resolved to its address", undefined, types.string)
  .addOptionalParam("ruleSets", "Dm3RuleSets address (default: the deployment manifest's)", "", types.string)
  .addOptionalParam("manifest", "Deployment manifest (default deployments/<network>.json)", undefined, types.string)
  .addFlag("json", "Print JSON (allowed and each rule's outcome)")
  .setAction(async (args: { id: string; account: string; ruleSets: string; manifest?: string; json: boolean }, hre) =>
    guarded(async () => {
      const { BrowserProvider, getAddress, isAddress } = await import("ethers");
      const { GateUnresolvedAccountError, explainAccess, explanationToJson, formatExplanation } = await import("../src/gate");
      const ruleSets = await ruleSetsAddress(hre, args);
      const provider = new BrowserProvider(hre.network.provider as never);
      let account: string;
      let name: string | undefined;
      if (isAddress(args.account)) {
        account = getAddress(args.account);
      } else {
        const { UNIVERSAL_RESOLVER_KEY } = await import("../deploy/alias");
        const { resolveDm3Name } = await import("../src/resolution");
        const universalResolver = manifestContract(await loadDeploymentManifest(hre, args.manifest), UNIVERSAL_RESOLVER_KEY, "alias");
        const resolved = await resolveDm3Name(provider, args.account, { universalResolver });
        if (!resolved.address) throw new GateUnresolvedAccountError(resolved.canonicalName);
        account = resolved.address;
        name = resolved.canonicalName;
      }
      const explanation = await explainAccess(provider, args.id, account, { ruleSets });
      output(args.json, { ...(name ? { name } : {}), ...explanationToJson(explanation) }, () => [
        ...(name ? [`${name} -> ${account}`] : []),
        ...formatExplanation(explanation),
      ]);
    }),
  );
