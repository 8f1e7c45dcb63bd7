// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

// Import-only file: makes Hardhat compile the genuine PublicResolver from
// @ensdomains/resolver@0.3.1. Kept apart from ReverseRegistrar.sol, which declares its own
// abstract NameResolver (same identifier, different contract).
import "@ensdomains/resolver/contracts/PublicResolver.sol";
