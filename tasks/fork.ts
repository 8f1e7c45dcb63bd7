import { task } from "hardhat/config";
import { HardhatPluginError } from "hardhat/plugins";
import { TASK_NODE, TASK_RUN, TASK_TEST } from "hardhat/builtin-tasks/task-names";

/**
 * Fails fast (4 s probe) when FORK_URL is set but unusable. Hardhat's own fork start-up takes over a
 * minute to report a refused URL and hangs forever on a silent one.
 */
export async function assertForkUrlUsable(): Promise<void> {
  const url = process.env.FORK_URL;
  if (!url) return;
  const { probeRpcUrl } = await import("../src/net/rpc");
  try {
    await probeRpcUrl(url, Number(process.env.FORK_PROBE_TIMEOUT_MS ?? 4000));
  } catch (e) {
    throw new HardhatPluginError("dm3kit", `FORK_URL: ${(e as Error).message}`);
  }
}

for (const name of [TASK_TEST, TASK_NODE, TASK_RUN]) {
  task(name).setAction(async (args, _hre, runSuper) => {
    await assertForkUrlUsable();
    return runSuper(args);
  });
}
