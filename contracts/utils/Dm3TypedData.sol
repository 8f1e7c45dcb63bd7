// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Dm3TypedData
/// @notice EIP-712 encoding shared by dm3's signed registry calls.
library Dm3TypedData {
    /// @notice EIP-712 `encodeData` of a `bytes[]` member: keccak256 of the concatenated keccak256 of each element.
    /// @param items The array.
    /// @return The member's hash.
    function hashBytesArray(bytes[] calldata items) internal pure returns (bytes32) {
        bytes32[] memory hashes = new bytes32[](items.length);
        for (uint256 i; i < items.length; ++i) {
            hashes[i] = keccak256(items[i]);
        }
        return keccak256(abi.encodePacked(hashes));
    }
}
