// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

// Import-only file: makes Hardhat compile the genuine ENS registry, reverse registrar and
// first-come registrar from @ensdomains/ens@0.6.2 (no ENS logic of ours).
import "@ensdomains/ens/contracts/ENSRegistry.sol";
import "@ensdomains/ens/contracts/ENSRegistryWithFallback.sol";
import "@ensdomains/ens/contracts/ReverseRegistrar.sol";
import "@ensdomains/ens/contracts/FIFSRegistrar.sol";
