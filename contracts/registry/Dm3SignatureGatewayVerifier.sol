// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IDm3GatewayVerifier} from "../interfaces/IDm3GatewayVerifier.sol";

/// @title Dm3SignatureGatewayVerifier
/// @notice Accepts a gateway answer when one of an owner-managed set of keys signed it.
/// @dev Signed digest (EIP-191 version 0x00, "intended validator" = the calling resolver):
/// `keccak256(0x19 ‖ 0x00 ‖ resolver ‖ uint64 expires ‖ keccak256(request) ‖ keccak256(result))`,
/// the scheme of ENS's offchain-resolver. The `sig` field is either the bare 65-byte (r,s,v) or
/// 64-byte (r,vs) signature, or that signature followed by the signed request hash (32 bytes) and
/// the signed resolver (20 bytes). Both extras are covered by the signature (they are inputs of the
/// digest); they only let a mismatch be reported as what it is instead of as an unknown signer.
contract Dm3SignatureGatewayVerifier is IDm3GatewayVerifier, Ownable2Step {
    using EnumerableSet for EnumerableSet.AddressSet;

    uint256 private constant _HINTS_LENGTH = 52; // bytes32 request hash + address resolver

    EnumerableSet.AddressSet private _signers;

    /// @notice Creates the verifier with its first signers.
    /// @param initialOwner May add and remove signers.
    /// @param signers_ Initial gateway signers.
    constructor(address initialOwner, address[] memory signers_) Ownable(initialOwner) {
        for (uint256 i; i < signers_.length; ++i) {
            _addSigner(signers_[i]);
        }
    }

    /// @notice Adds a gateway signer. Owner only.
    /// @param signer The signer's address.
    function addSigner(address signer) external onlyOwner {
        _addSigner(signer);
    }

    /// @notice Removes a gateway signer; answers it signed stop verifying at once. Owner only.
    /// @param signer The signer's address.
    function removeSigner(address signer) external onlyOwner {
        if (!_signers.remove(signer)) revert Dm3GatewaySignerMissing(signer);
        emit SignerRemoved(signer);
    }

    /// @notice Whether `signer` may sign gateway answers.
    /// @param signer Address to check.
    /// @return True when it is a signer.
    function isSigner(address signer) external view returns (bool) {
        return _signers.contains(signer);
    }

    /// @inheritdoc IDm3GatewayVerifier
    function signers() external view returns (address[] memory) {
        return _signers.values();
    }

    /// @inheritdoc IDm3GatewayVerifier
    function verify(bytes calldata request, bytes calldata response) external view returns (bytes memory result) {
        (bytes calldata answer, uint64 expires, bytes calldata sig) = _decode(response);
        if (expires < block.timestamp) revert Dm3GatewayResponseExpired(expires, block.timestamp);

        bytes32 requestHash = keccak256(request);
        address resolver = msg.sender;
        uint256 sigLength = sig.length;
        if (sigLength == 65 + _HINTS_LENGTH || sigLength == 64 + _HINTS_LENGTH) {
            // sigLength >= 116 here, so the subtractions cannot underflow.
            bytes32 signedRequest = bytes32(sig[sigLength - 52:sigLength - 20]);
            address signedResolver = address(bytes20(sig[sigLength - 20:]));
            if (signedResolver != resolver) revert Dm3GatewayWrongResolver(resolver, signedResolver);
            if (signedRequest != requestHash) revert Dm3GatewayRequestMismatch(requestHash, signedRequest);
            sig = sig[:sigLength - _HINTS_LENGTH];
        }

        bytes32 digest = MessageHashUtils.toDataWithIntendedValidatorHash(
            resolver, abi.encodePacked(expires, requestHash, keccak256(answer))
        );
        address signer;
        ECDSA.RecoverError err;
        if (sig.length == 65) {
            (signer, err,) = ECDSA.tryRecoverCalldata(digest, sig);
        } else if (sig.length == 64) {
            (signer, err,) = ECDSA.tryRecover(digest, bytes32(sig[:32]), bytes32(sig[32:]));
        } else {
            revert Dm3GatewayMalformedResponse();
        }
        if (err != ECDSA.RecoverError.NoError) revert Dm3GatewayMalformedResponse();
        if (!_signers.contains(signer)) revert Dm3GatewayUnknownSigner(signer);
        return answer;
    }

    function _addSigner(address signer) private {
        if (signer == address(0)) revert Dm3GatewayZeroSigner();
        if (!_signers.add(signer)) revert Dm3GatewaySignerExists(signer);
        emit SignerAdded(signer);
    }

    /// @dev Strict `abi.decode(response, (bytes, uint64, bytes))` that reverts with a custom error.
    function _decode(bytes calldata r)
        private
        pure
        returns (bytes calldata answer, uint64 expires, bytes calldata sig)
    {
        if (r.length < 96) revert Dm3GatewayMalformedResponse();
        uint256 e = uint256(bytes32(r[32:64]));
        if (e > type(uint64).max) revert Dm3GatewayMalformedResponse();
        answer = _dynamic(r, uint256(bytes32(r[0:32])));
        sig = _dynamic(r, uint256(bytes32(r[64:96])));
        expires = uint64(e);
    }

    /// @dev The `bytes` whose ABI offset is `offset`, bounds-checked (r.length >= 96 on entry).
    function _dynamic(bytes calldata r, uint256 offset) private pure returns (bytes calldata) {
        if (offset > r.length - 32) revert Dm3GatewayMalformedResponse();
        uint256 start = offset + 32;
        uint256 length = uint256(bytes32(r[offset:start]));
        if (length > r.length - start) revert Dm3GatewayMalformedResponse();
        return r[start:start + length];
    }
}
