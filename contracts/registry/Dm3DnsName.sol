// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Dm3DnsName
/// @notice Namehash (ENSIP-1) of a DNS-encoded name (RFC 1035 wire format, as ENSIP-10 passes names),
/// with a well-formedness check instead of a revert, so callers can raise their own custom error.
library Dm3DnsName {
    /// @notice Namehash of `name`, and whether `name` is well-formed: length-prefixed labels of
    /// 1..255 bytes, one zero terminator, nothing after it.
    /// @param name DNS-encoded name.
    /// @return node The namehash (zero when malformed).
    /// @return ok False when `name` is malformed.
    function namehash(bytes memory name) internal pure returns (bytes32 node, bool ok) {
        return _namehash(name, 0);
    }

    function _namehash(bytes memory name, uint256 offset) private pure returns (bytes32, bool) {
        if (offset >= name.length) return (bytes32(0), false);
        uint256 length = uint8(name[offset]);
        if (length == 0) return (bytes32(0), offset == name.length - 1);
        uint256 next = offset + 1 + length;
        if (next >= name.length) return (bytes32(0), false);
        (bytes32 parent, bool ok) = _namehash(name, next);
        if (!ok) return (bytes32(0), false);
        bytes32 labelhash;
        // Hashes the label in place; Solidity cannot hash a memory slice without copying it.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            // label bytes start after the 32-byte length word and the label's length byte
            labelhash := keccak256(add(add(name, 33), offset), length)
        }
        return (keccak256(abi.encodePacked(parent, labelhash)), true);
    }
}
