// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDm3DnsName} from "../interfaces/IDm3DnsName.sol";
import {Dm3DnsName} from "../utils/Dm3DnsName.sol";

/// @title Dm3DnsNameTestHarness
/// @notice Test-only: exposes the `Dm3DnsName` library so tests can compare it with the SDK's decoder.
contract Dm3DnsNameTestHarness is IDm3DnsName {
    /// @notice `Dm3DnsName.labels`.
    /// @param name DNS-encoded name.
    /// @param offset Offset of the suffix.
    /// @return offsets The labels' offsets.
    /// @return hashes Their labelhashes.
    function labels(bytes calldata name, uint256 offset)
        external
        pure
        returns (uint256[] memory offsets, bytes32[] memory hashes)
    {
        return Dm3DnsName.labels(name, offset);
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
