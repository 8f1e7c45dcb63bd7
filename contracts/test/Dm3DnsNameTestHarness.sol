// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDm3DnsName} from "../interfaces/IDm3DnsName.sol";
import {Dm3DnsName} from "../utils/Dm3DnsName.sol";

/// @title Dm3DnsNameTestHarness
/// @notice Test-only: exposes the `Dm3DnsName` library so tests can compare it with the SDK's decoder.
contract Dm3DnsNameTestHarness is IDm3DnsName {
    /// @notice `Dm3DnsName.readLabel`.
    /// @param name DNS-encoded name.
    /// @param offset Offset of a length byte.
    /// @return length The label's length.
    /// @return next Offset of the next length byte.
    function readLabel(bytes calldata name, uint256 offset) external pure returns (uint256 length, uint256 next) {
        return Dm3DnsName.readLabel(name, offset);
    }

    /// @notice `Dm3DnsName.labelHash`, after `readLabel` checked the label lies inside the name.
    /// @param name DNS-encoded name.
    /// @param offset Offset of the label's length byte.
    /// @return The labelhash.
    function labelHash(bytes calldata name, uint256 offset) external pure returns (bytes32) {
        Dm3DnsName.readLabel(name, offset);
        return Dm3DnsName.labelHash(name, offset);
    }

    /// @notice `Dm3DnsName.labelOffsets`.
    /// @param name DNS-encoded name.
    /// @param offset Offset of the suffix.
    /// @return The labels' offsets.
    function labelOffsets(bytes calldata name, uint256 offset) external pure returns (uint256[] memory) {
        return Dm3DnsName.labelOffsets(name, offset);
    }

    /// @notice `Dm3DnsName.namehash`.
    /// @param name DNS-encoded name.
    /// @param offset Offset of the suffix.
    /// @return The namehash.
    function namehash(bytes calldata name, uint256 offset) external pure returns (bytes32) {
        return Dm3DnsName.namehash(name, offset);
    }

    /// @notice `Dm3DnsName.suffixNodes`.
    /// @param name DNS-encoded name.
    /// @return nodes Namehashes of the suffixes, longest first.
    /// @return offsets Their offsets.
    function suffixNodes(bytes calldata name) external pure returns (bytes32[] memory nodes, uint256[] memory offsets) {
        return Dm3DnsName.suffixNodes(name);
    }
}
