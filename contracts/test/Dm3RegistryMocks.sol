// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @title Dm3RegistryTestWallet
/// @notice Test-only ERC-1271 smart account: a signature is valid when its EOA `signer` signed the hash.
contract Dm3RegistryTestWallet is IERC1271 {
    address private immutable _signer;

    /// @notice Creates the wallet.
    /// @param signer_ The EOA whose signatures the wallet accepts.
    constructor(address signer_) {
        _signer = signer_;
    }

    /// @notice ERC-1271 check.
    /// @param hash Signed digest.
    /// @param signature EOA signature.
    /// @return magic `0x1626ba7e` when valid.
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4 magic) {
        (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(hash, signature);
        return err == ECDSA.RecoverError.NoError && recovered == _signer ? IERC1271.isValidSignature.selector : bytes4(0);
    }

    /// @notice Accepts ERC-721 tokens (so the registry can `_safeMint` to it).
    /// @return The ERC-721 receiver selector.
    function onERC721Received(address, address, uint256, bytes calldata) external pure returns (bytes4) {
        return this.onERC721Received.selector;
    }
}
