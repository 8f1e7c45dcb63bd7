// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDm3DnsName} from "./IDm3DnsName.sol";

/// @title IDm3UniversalResolver
/// @notice One-call dm3 name resolution: alias rewrite, ENSIP-10 resolver discovery, the `addr`
/// record and the `network.dm3.profile` text record in a single `eth_call`, with EIP-3668
/// CCIP-Read passed through for names whose resolver is off-chain.
interface IDm3UniversalResolver is IDm3DnsName {
    /// @notice What one dm3 lookup returns.
    /// @param name Canonical ENS name, DNS-encoded (the alias rewritten to its parent).
    /// @param aliased True when the input's top-level label was an alias.
    /// @param node Namehash of `name`.
    /// @param resolver The resolver that answered (the name's own or, ENSIP-10, an ancestor's).
    /// @param extended True when the resolver was called through ENSIP-10 `resolve(name, data)`.
    /// @param addr The name's coin-60 (`addr(bytes32)`) address.
    /// @param profile The name's `network.dm3.profile` text record.
    struct Dm3Resolution {
        bytes name;
        bool aliased;
        bytes32 node;
        address resolver;
        bool extended;
        address addr;
        string profile;
    }

    /// @notice EIP-3668: fetch `callData` from one of `urls`, then call `callbackFunction(response, extraData)` on `sender`.
    error OffchainLookup(address sender, string[] urls, bytes callData, bytes4 callbackFunction, bytes extraData);
    /// @notice A zero address was given where a contract is required.
    error Dm3ResolverZeroAddress();
    /// @notice Neither the name nor any of its ancestors has a resolver in the ENS registry.
    error Dm3ResolverNotFound(bytes name);
    /// @notice The closest resolver belongs to an ancestor and does not support ENSIP-10 wildcard resolution.
    error Dm3ResolverNotWildcard(bytes name, address resolver);
    /// @notice A resolver call reverted, or a per-record call raised an `OffchainLookup` (only one batched
    /// ENSIP-10 lookup can be passed on); `reason` is the revert data.
    error Dm3ResolverCallFailed(address resolver, bytes reason);
    /// @notice A resolver raised `OffchainLookup` naming another contract as `sender`.
    error Dm3ResolverLookupSenderMismatch(address resolver, address sender);
    /// @notice A callback's `extraData` does not lead to a lookup for `name`: the name's resolution changed
    /// since the lookup (ENS records, alias, the resolver's answer), or the extraData is not what
    /// `resolveDm3` made.
    error Dm3ResolverUnexpectedCallback(bytes name);
    /// @notice A resolver's answer does not decode as the expected results.
    error Dm3ResolverMalformedAnswer(address resolver, bytes answer);

    /// @notice Resolves a dm3 name in one call: rewrites an aliased top-level label, finds the
    /// resolver (ENSIP-10), and reads `addr(node)` and `text(node, "network.dm3.profile")`.
    /// For an off-chain resolver it reverts `OffchainLookup` with itself as `sender` and
    /// `resolveDm3Callback` as callback (EIP-3668 clients such as ethers v6 complete it).
    /// @param name DNS-encoded, ENSIP-15 normalized name.
    /// @return result The resolution.
    function resolveDm3(bytes calldata name) external view returns (Dm3Resolution memory result);

    /// @notice EIP-3668 callback of `resolveDm3`. It trusts nothing in `extraData` but the name: it
    /// resolves the name again (alias, resolver, node), has the resolver raise its lookup again, and hands
    /// `response` to the resolver's callback with the extra data the resolver itself produced, so the
    /// answer the resolver verifies is the answer for the request about this very name.
    /// @dev The replay needs a resolver whose lookup for a name is the same on every call (as dm3's L1
    /// resolver and ENS's offchain resolver are); one that puts, say, a timestamp into its extra data
    /// cannot be completed through this resolver.
    /// @param response The gateway's response.
    /// @param extraData `abi.encode(bytes name, bytes[] responses)`: the name given to `resolveDm3` and the
    /// gateway responses of earlier lookups in a chain (EIP-3668 allows a callback to look up again).
    /// @return result The resolution.
    function resolveDm3Callback(bytes calldata response, bytes calldata extraData)
        external
        view
        returns (Dm3Resolution memory result);

    /// @notice The resolver for a DNS-encoded name the ENSIP-10 way (closest ancestor with a resolver).
    /// @param name DNS-encoded name (not alias-rewritten).
    /// @return resolver The resolver, zero when none.
    /// @return node Namehash of `name`.
    /// @return offset Byte offset in `name` of the name the resolver is set for (0 = the name itself).
    function findResolver(bytes calldata name) external view returns (address resolver, bytes32 node, uint256 offset);

    /// @notice The ENS registry this resolver reads.
    /// @return The registry address.
    function ens() external view returns (address);

    /// @notice The alias registry this resolver rewrites top-level labels with.
    /// @return The alias registry address.
    function aliasRegistry() external view returns (address);
}
