// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IDm3DnsName
/// @notice The one error of every dm3 contract that reads DNS-encoded names (see `Dm3DnsName`).
interface IDm3DnsName {
    /// @notice A DNS-encoded name is not well-formed: empty, a label running past the end, no zero
    /// terminator, or bytes after it.
    error Dm3MalformedDnsName(bytes name);
}
