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
        uint256 size = name.length;
        if (offset >= size) revert IDm3DnsName.Dm3MalformedDnsName(name);
        // The byte at `offset`, which the check above put inside `name`.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            length := byte(0, mload(add(add(name, 32), offset)))
        }
        // No overflow: offset < size, which is a memory length, and length < 256.
        unchecked {
            next = offset + 1 + length;
        }
        // A label must leave room for at least the terminator; the terminator must be the last byte.
        bool wellFormed = length == 0 ? next == size : next < size;
        if (!wellFormed) revert IDm3DnsName.Dm3MalformedDnsName(name);
    }

    /// @notice keccak256 of the label whose length byte is at `offset`, hashed in place (no copy).
    /// @dev The label must lie inside `name`: call it only for offsets `readLabel` accepted.
    /// @param name DNS-encoded name.
    /// @param offset Offset of the label's length byte.
    /// @return hash The labelhash.
    function labelHash(bytes memory name, uint256 offset) internal pure returns (bytes32 hash) {
        // Solidity cannot hash a memory slice without copying it.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            // The data starts 32 bytes after the pointer, the label 1 byte after its length byte.
            let start := add(add(name, 32), offset)
            hash := keccak256(add(start, 1), byte(0, mload(start)))
        }
    }

    /// @notice Every label of the suffix of `name` at `offset`, first label first (the terminator not
    /// included): where its length byte is and its labelhash. Validates the rest of the name.
    /// @param name DNS-encoded name.
    /// @param offset Offset of the suffix's first length byte (0 for the whole name).
    /// @return offsets The labels' offsets; empty for the root.
    /// @return hashes The labels' labelhashes.
    function labels(bytes memory name, uint256 offset)
        internal
        pure
        returns (uint256[] memory offsets, bytes32[] memory hashes)
    {
        return _walk(name, offset, true);
    }

    /// @notice The labelhashes of the suffix of `name` at `offset`, first label first. Validates the rest
    /// of the name.
    /// @param name DNS-encoded name.
    /// @param offset Offset of the suffix's first length byte (0 for the whole name).
    /// @return hashes The labels' labelhashes; empty for the root.
    function labelHashes(bytes memory name, uint256 offset) internal pure returns (bytes32[] memory hashes) {
        (, hashes) = _walk(name, offset, false);
    }

    /// @notice ENSIP-1 namehash of the suffix of `name` at `offset`.
    /// @param name DNS-encoded name.
    /// @param offset Offset of the suffix's first length byte (0 for the whole name).
    /// @return The namehash (zero for the root).
    function namehash(bytes memory name, uint256 offset) internal pure returns (bytes32) {
        return namehashOf(labelHashes(name, offset));
    }

    /// @notice ENSIP-1 namehash of the name whose labels have the labelhashes `hashes`, first label first.
    /// @param hashes Labelhashes.
    /// @return node The namehash (zero for no label).
    function namehashOf(bytes32[] memory hashes) internal pure returns (bytes32 node) {
        for (uint256 i = hashes.length; i != 0;) {
            // No underflow: i != 0.
            unchecked {
                --i;
            }
            node = _child(node, hashes[i]);
        }
    }

    /// @notice The namehash of every suffix of `name` that has a label, the whole name first:
    /// `nodes[i]` is the namehash of the suffix whose first length byte is at `offsets[i]`.
    /// @param name DNS-encoded name.
    /// @return nodes Namehashes, longest suffix first; empty for the root.
    /// @return offsets The suffixes' offsets.
    function suffixNodes(bytes memory name) internal pure returns (bytes32[] memory nodes, uint256[] memory offsets) {
        // The labelhashes are replaced in place by the nodes they end, from the top label down.
        (offsets, nodes) = labels(name, 0);
        bytes32 node;
        for (uint256 i = nodes.length; i != 0;) {
            // No underflow: i != 0.
            unchecked {
                --i;
            }
            node = _child(node, nodes[i]);
            nodes[i] = node;
        }
    }

    /// @dev The labels of the suffix at `offset` (see `labels`); `offsets` stays empty unless `withOffsets`.
    function _walk(bytes memory name, uint256 offset, bool withOffsets)
        private
        pure
        returns (uint256[] memory offsets, bytes32[] memory hashes)
    {
        // Every label takes at least 2 bytes (length byte and one byte), so this many always suffice.
        uint256 capacity = offset < name.length ? (name.length - offset) / 2 : 0;
        if (withOffsets) offsets = new uint256[](capacity);
        hashes = new bytes32[](capacity);
        uint256 count;
        for (uint256 at = offset;;) {
            (uint256 length, uint256 next) = readLabel(name, at);
            if (length == 0) break;
            if (withOffsets) offsets[count] = at;
            hashes[count] = labelHash(name, at);
            at = next;
            // No overflow: count < capacity, as the array write above checked.
            unchecked {
                ++count;
            }
        }
        // Shorten the arrays to the labels found (count <= capacity: it only drops unused words).
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(hashes, count)
            if withOffsets { mstore(offsets, count) }
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
