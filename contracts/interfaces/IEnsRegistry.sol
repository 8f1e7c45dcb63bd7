// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IEnsRegistry
/// @notice The ENS registry reads dm3's contracts make (owner and resolver of a node), with the ENS ABI.
/// @dev The genuine ENS sources are 0.7 and compile separately (contracts/ens/); this 0.8 view declares
/// only the functions we call.
interface IEnsRegistry {
    /// @notice Owner of `node`.
    /// @param node Namehash.
    /// @return The owner, or zero when the node does not exist.
    function owner(bytes32 node) external view returns (address);

    /// @notice Resolver of `node`.
    /// @param node Namehash.
    /// @return The resolver, or zero when none is set.
    function resolver(bytes32 node) external view returns (address);
}
