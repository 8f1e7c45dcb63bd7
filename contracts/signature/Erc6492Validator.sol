// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IErc6492Validator} from "../interfaces/IErc6492Validator.sol";

/// @title Deployless ERC-6492 signature validator
/// @notice Never deployed. Its creation code plus constructor arguments is sent with `eth_call`
/// and no `to`; the constructor checks the signature and returns `abi.encode(bool)` as the call
/// output instead of runtime code. It accepts, for `signer` and `hash`:
/// - an ERC-6492 wrapped signature `abi.encode(factory, factoryCalldata, innerSignature) ‖ magic`:
///   when `signer` has no code the factory is called (inside the simulated call only) to deploy
///   it, then `innerSignature` is checked with ERC-1271;
/// - otherwise an ERC-1271 signature when `signer` has code, or an ECDSA signature when it has none.
contract Erc6492Validator is IErc6492Validator {
    /// @dev ERC-6492 magic suffix of a wrapped signature.
    bytes32 private constant _ERC6492_SUFFIX = 0x6492649264926492649264926492649264926492649264926492649264926492;

    /// @notice Checks the signature and ends the call with its answer (see the contract notice).
    /// @param signer The account that is claimed to have signed.
    /// @param hash The signed digest (for dm3 profiles: the EIP-191 hash of the profile-creation message).
    /// @param signature The signature, ERC-6492 wrapped or not.
    constructor(address signer, bytes32 hash, bytes memory signature) {
        bool valid = _isValid(signer, hash, signature);
        // Deployless call: only assembly can end a constructor with `return(data)` instead of runtime code.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0x00, valid)
            return(0x00, 0x20)
        }
    }

    function _isValid(address signer, bytes32 hash, bytes memory signature) private returns (bool) {
        if (!_isWrapped(signature)) return SignatureChecker.isValidSignatureNow(signer, hash, signature);

        // Drop the 32-byte suffix in place: shrinking a bytes length in memory is safe because the
        // suffix bytes stay allocated and nothing reads past the new length.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(signature, sub(mload(signature), 0x20))
        }
        (address factory, bytes memory factoryCalldata, bytes memory inner) = abi.decode(signature, (address, bytes, bytes));
        if (signer.code.length == 0) {
            // ERC-6492 deploy step: the factory and its calldata come from the signature; failure is checked below.
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, bytes memory reason) = factory.call(factoryCalldata);
            if (!ok) revert Erc6492DeploymentFailed(factory, reason);
            if (signer.code.length == 0) revert Erc6492AccountNotDeployed(signer, factory);
        }
        return SignatureChecker.isValidERC1271SignatureNow(signer, hash, inner);
    }

    function _isWrapped(bytes memory signature) private pure returns (bool wrapped) {
        if (signature.length < 32) return false;
        bytes32 tail;
        // Reads the last 32 bytes in place instead of copying the signature.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            tail := mload(add(signature, mload(signature)))
        }
        return tail == _ERC6492_SUFFIX;
    }
}
