// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// Minimal 0.8 views of the ENS contracts that the alias registry and the universal resolver read.
// The genuine ENS sources are 0.7 and compile separately (contracts/ens/); these declare only the
// functions we call, with the ENS ABI.

/// @title IDm3AliasEnsRegistry
/// @notice The two ENS registry reads dm3's alias contracts need.
interface IDm3AliasEnsRegistry {
    /// @notice Owner of `node`.
    /// @param node Namehash.
    /// @return The owner, or zero when the node does not exist.
    function owner(bytes32 node) external view returns (address);

    /// @notice Resolver of `node`.
    /// @param node Namehash.
    /// @return The resolver, or zero when none is set.
    function resolver(bytes32 node) external view returns (address);
}

/// @title IDm3AliasEnsResolver
/// @notice The ENS resolver reads of a dm3 lookup: coin-60 address and text record.
interface IDm3AliasEnsResolver {
    /// @notice ENSIP-1 address record.
    /// @param node Namehash.
    /// @return The address.
    // solhint 6.2.4 reads `address payable` as a return named `payable`; naming it would change the ABI.
    // solhint-disable-next-line use-natspec
    function addr(bytes32 node) external view returns (address payable);

    /// @notice ENSIP-5 text record.
    /// @param node Namehash.
    /// @param key Record key.
    /// @return The value.
    function text(bytes32 node, string calldata key) external view returns (string memory);
}

/// @title IDm3AliasExtendedResolver
/// @notice ENSIP-10 wildcard resolution (interface id 0x9061b923).
interface IDm3AliasExtendedResolver {
    /// @notice Answers the resolver call `data` for the DNS-encoded `name`.
    /// @param name DNS-encoded name.
    /// @param data ABI-encoded resolver call.
    /// @return The call's ABI-encoded answer.
    function resolve(bytes calldata name, bytes calldata data) external view returns (bytes memory);
}

/// @title IDm3AliasMulticallable
/// @notice Batch of resolver calls, as in ENS's PublicResolver and dm3's L2 registry.
interface IDm3AliasMulticallable {
    /// @notice Runs each call and returns each answer.
    /// @param data ABI-encoded resolver calls.
    /// @return results ABI-encoded answers, in order.
    function multicall(bytes[] calldata data) external returns (bytes[] memory results);
}
