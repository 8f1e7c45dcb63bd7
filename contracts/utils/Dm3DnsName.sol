// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDm3DnsName} from "../interfaces/IDm3DnsName.sol";

/// @title Dm3DnsName
/// @notice DNS-encoded names (RFC 1035 wire format, as ENSIP-10 passes them) for every dm3 contract:
/// label reading, in-place label hashes, and ENSIP-1 namehashes of a name, of its suffix at an
/// offset, or of all its suffixes at once.
/// @dev Every walker is a loop, so a name of any depth (127 labels fit in the 255-byte DNS limit)
/// costs memory, never call stack. Every walker validates the whole rest of the name and reverts
/// `Dm3MalformedDnsName(name)` when it is not well-formed: length-prefixed labels, then one zero
/// terminator as the last byte.
library Dm3DnsName {
    /// @notice Reads the length byte at `offset`.
    /// @param name DNS-encoded name.
    /// @param offset Offset of a length byte.
    /// @return length The label's length (0 for the terminator).
    /// @return next Offset of the next length byte (just past the label).
    function readLabel(bytes memory name, uint256 offset) internal pure returns (uint256 length, uint256 next) {
        if (offset >= name.length) revert IDm3DnsName.Dm3MalformedDnsName(name);
        length = uint8(name[offset]);
        next = offset + 1 + length; // offset < name.length, so no overflow
        // A label must leave room for at least the terminator; the terminator must be the last byte.
        bool wellFormed = length == 0 ? next == name.length : next < name.length;
        if (!wellFormed) revert IDm3DnsName.Dm3MalformedDnsName(name);
    }

    /// @notice keccak256 of the label whose length byte is at `offset`, hashed in place (no copy).
    /// @dev The label must lie inside `name`: call it only for offsets `readLabel` accepted.
    /// @param name DNS-encoded name.
    /// @param offset Offset of the label's length byte.
    /// @return hash The labelhash.
    function labelHash(bytes memory name, uint256 offset) internal pure returns (bytes32 hash) {
        uint256 length = uint8(name[offset]);
        // Solidity cannot hash a memory slice without copying it.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            // The data starts 32 bytes after the pointer, the label 1 byte after its length byte.
            hash := keccak256(add(add(name, 33), offset), length)
        }
    }

    /// @notice Offsets of the length bytes of every label of the suffix at `offset`, first label first
    /// (the terminator not included). Validates the rest of the name.
    /// @param name DNS-encoded name.
    /// @param offset Offset of the suffix's first length byte (0 for the whole name).
    /// @return offsets The labels' offsets; empty for the root.
    function labelOffsets(bytes memory name, uint256 offset) internal pure returns (uint256[] memory offsets) {
        uint256 count;
        uint256 at = offset;
        for (;;) {
            (uint256 length, uint256 next) = readLabel(name, at);
            if (length == 0) break;
            ++count;
            at = next;
        }
        offsets = new uint256[](count);
        at = offset;
        for (uint256 i; i < offsets.length; ++i) {
            offsets[i] = at;
            at += 1 + uint8(name[at]);
        }
    }

    /// @notice ENSIP-1 namehash of the suffix of `name` at `offset`.
    /// @param name DNS-encoded name.
    /// @param offset Offset of the suffix's first length byte (0 for the whole name).
    /// @return node The namehash (zero for the root).
    function namehash(bytes memory name, uint256 offset) internal pure returns (bytes32 node) {
        uint256[] memory offsets = labelOffsets(name, offset);
        for (uint256 i = offsets.length; i != 0; --i) {
            node = _child(node, labelHash(name, offsets[i - 1]));
        }
    }

    /// @notice The namehash of every suffix of `name` that has a label, the whole name first:
    /// `nodes[i]` is the namehash of the suffix whose first length byte is at `offsets[i]`.
    /// @param name DNS-encoded name.
    /// @return nodes Namehashes, longest suffix first; empty for the root.
    /// @return offsets The suffixes' offsets.
    function suffixNodes(bytes memory name) internal pure returns (bytes32[] memory nodes, uint256[] memory offsets) {
        offsets = labelOffsets(name, 0);
        nodes = new bytes32[](offsets.length);
        bytes32 node;
        for (uint256 i = offsets.length; i != 0; --i) {
            node = _child(node, labelHash(name, offsets[i - 1]));
            nodes[i - 1] = node;
        }
    }

    /// @dev ENSIP-1: the node of the label `labelhash` under `parent`, `keccak256(parent ‖ labelhash)`.
    function _child(bytes32 parent, bytes32 labelhash) private pure returns (bytes32 node) {
        // Hashes in the scratch space instead of allocating memory on every level.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0x00, parent)
            mstore(0x20, labelhash)
            node := keccak256(0x00, 0x40)
        }
    }
}
