// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @title Test-only ERC-1271 smart account (profile SDK, verifier and ERC-6492 tests)
/// @notice Accepts a digest when its owner's ECDSA signature over it is given (test mock, not for production).
contract Dm3Test1271Wallet is IERC1271 {
    address private immutable _owner;

    /// @notice Creates an account controlled by `owner_`.
    /// @param owner_ The key holder whose signatures the account accepts.
    constructor(address owner_) {
        _owner = owner_;
    }

    /// @notice The key holder.
    /// @return The owner address.
    function owner() external view returns (address) {
        return _owner;
    }

    /// @notice ERC-1271: valid when `signature` is the owner's ECDSA signature of `hash`.
    /// @param hash The signed digest.
    /// @param signature The owner's 65-byte signature.
    /// @return magicValue `0x1626ba7e` when valid, `0xffffffff` otherwise.
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4 magicValue) {
        (address recovered, ECDSA.RecoverError err, ) = ECDSA.tryRecoverCalldata(hash, signature);
        return err == ECDSA.RecoverError.NoError && recovered == _owner ? IERC1271.isValidSignature.selector : bytes4(0xffffffff);
    }
}
