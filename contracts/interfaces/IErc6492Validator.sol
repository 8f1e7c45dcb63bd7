// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Errors of the deployless ERC-6492 signature validator
/// @notice The validator is run with `eth_call` only; these errors come back as the call's revert data.
interface IErc6492Validator {
    /// @notice The factory call that should deploy the counterfactual account reverted.
    /// @param factory The factory named in the ERC-6492 wrapper.
    /// @param reason The factory's revert data.
    error Erc6492DeploymentFailed(address factory, bytes reason);

    /// @notice The factory call succeeded but left no code at the signer's address.
    /// @param signer The account whose signature is checked.
    /// @param factory The factory named in the ERC-6492 wrapper.
    error Erc6492AccountNotDeployed(address signer, address factory);
}
