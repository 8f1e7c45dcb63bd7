// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Create2} from "@openzeppelin/contracts/utils/Create2.sol";
import {Dm3Test1271Wallet} from "./Dm3Test1271Wallet.sol";

/// @title Test-only CREATE2 factory of counterfactual ERC-1271 accounts (ERC-6492 tests)
/// @notice Deploys `Dm3Test1271Wallet` at an address known before deployment (test mock, not for production).
contract Dm3SdkTestAccountFactory {
    /// @notice Emitted after an account was deployed.
    /// @param account The new account.
    /// @param owner The account's key holder.
    event Dm3SdkTestAccountDeployed(address indexed account, address indexed owner);

    /// @notice Deploys the account of `owner` with `salt`.
    /// @param owner The key holder.
    /// @param salt The CREATE2 salt.
    /// @return account The deployed account's address.
    function deploy(address owner, bytes32 salt) external returns (address account) {
        account = address(new Dm3Test1271Wallet{salt: salt}(owner));
        emit Dm3SdkTestAccountDeployed(account, owner);
    }

    /// @notice The address `deploy(owner, salt)` deploys to.
    /// @param owner The key holder.
    /// @param salt The CREATE2 salt.
    /// @return The counterfactual address.
    function predict(address owner, bytes32 salt) external view returns (address) {
        bytes32 initCodeHash = keccak256(abi.encodePacked(type(Dm3Test1271Wallet).creationCode, abi.encode(owner)));
        return Create2.computeAddress(salt, initCodeHash);
    }
}
