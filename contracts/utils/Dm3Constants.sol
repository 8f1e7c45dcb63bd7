// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// The constants several dm3 contracts share, in one place. Interface ids come from the
// interfaces themselves (`type(I).interfaceId`), never hand-written.

/// @dev Text record key of a dm3 user profile (dm3 protocol).
string constant DM3_PROFILE_KEY = "network.dm3.profile";

/// @dev SLIP-44 coin type of Ethereum: the address `addr(bytes32)` reads (ENSIP-9).
uint256 constant COIN_TYPE_ETH = 60;

/// @dev ENSIP-11: an EVM chain's coin type is `EVM_COIN_TYPE_BIT | chainId` (chain ids below 2^31).
uint256 constant EVM_COIN_TYPE_BIT = 0x80000000;
