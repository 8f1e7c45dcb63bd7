// solidity-coverage (npm run coverage): instruments contracts/ and runs the test suite against it.
module.exports = {
  // Mocks, the import-only ENS files and the interfaces hold no code of ours to measure.
  skipFiles: ["test/", "ens/", "interfaces/"],
  mocha: {
    // test/devnet/devnet.test.ts, test/fork/fork.test.ts and test/gas/order.test.ts spawn `npm start` and `npx hardhat` child processes. They compile
    // the plain sources into the same artifacts/ while coverage runs, so every later test would load
    // uninstrumented bytecode (and report 0%). Those suites test processes, not contract lines;
    // `npx hardhat test` still runs them.
    grep: "^(devnet \\(npm start\\)|fork mode|fork of a served devnet|gas snapshot does not depend on test order) ",
    invert: true,
  },
};
