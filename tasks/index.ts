// Every dm3kit Hardhat task. Tasks are thin: parse arguments, call the SDK or deploy modules
// (imported lazily inside actions, so the config loads before TypeChain types exist).
import "./compilers";
import "./fork";
import "./devnet";
import "./deploy";
import "./profile";
import "./registry";
import "./alias";
import "./delivery";
import "./billboard";
import "./gate";
