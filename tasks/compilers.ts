import { subtask } from "hardhat/config";
import {
  TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD,
  TASK_COMPILE_SOLIDITY_LOG_COMPILATION_ERRORS,
} from "hardhat/builtin-tasks/task-names";

/** solc version named in hardhat.config.ts -> npm package that ships that soljson.js. */
const LOCAL_SOLC: Record<string, string> = {
  "0.8.30": "solc",
  "0.7.6": "solc-0.7.6",
};

// Hardhat would download compilers from the internet; we compile offline with npm's solcjs.
subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD).setAction(
  async (args: { solcVersion: string; quiet: boolean }, _hre, runSuper) => {
    const pkg = LOCAL_SOLC[args.solcVersion];
    if (pkg === undefined) {
      if (process.env.HARDHAT_ALLOW_SOLC_DOWNLOAD) return runSuper(args);
      throw new Error(`solc ${args.solcVersion} has no local npm build; add it to LOCAL_SOLC in tasks/compilers.ts`);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pkgVersion: string = require(`${pkg}/package.json`).version;
    if (pkgVersion !== args.solcVersion) {
      throw new Error(`npm package ${pkg} is solc ${pkgVersion}, expected ${args.solcVersion}`);
    }
    // "0.8.30+commit.73712a01.Emscripten.clang" -> "0.8.30+commit.73712a01"
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const longVersion = String(require(pkg).version()).replace(/\.Emscripten\.clang$/, "");
    return {
      version: args.solcVersion,
      longVersion,
      compilerPath: require.resolve(`${pkg}/soljson.js`),
      isSolcJs: true,
    };
  },
);

interface SolcMessage {
  severity?: string;
  sourceLocation?: { file?: string };
}

// The ENS 0.7 sources emit ~65 warnings on every full compile; show warnings from our own
// contracts only (SHOW_DEP_WARNINGS=1 shows all). Errors are never hidden.
subtask(TASK_COMPILE_SOLIDITY_LOG_COMPILATION_ERRORS).setAction(
  async (args: { output: { errors?: SolcMessage[] }; quiet: boolean }, _hre, runSuper) => {
    const errors = args.output?.errors;
    if (!Array.isArray(errors) || process.env.SHOW_DEP_WARNINGS) return runSuper(args);
    const ours = (e: SolcMessage) => (e.sourceLocation?.file ?? "").startsWith("contracts/");
    const kept = errors.filter((e) => e.severity === "error" || ours(e));
    return runSuper({ ...args, output: { ...args.output, errors: kept } });
  },
);
