// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IDm3SignedRecords} from "../../interfaces/IDm3Records.sol";
import {Dm3TypedData} from "../../utils/Dm3TypedData.sol";
import {Dm3RecordsBase} from "./Dm3RecordsBase.sol";

/// @title Dm3SignedRecords
/// @notice Record updates signed by the owner or an approved operator (EIP-712 `SetRecords`, EOA or
/// ERC-1271) and relayed by anyone. The node's nonce orders them; any record change by the owner,
/// a transfer, `clearRecords` or `invalidateNonce` advances it, so an update that was signed but not
/// relayed before such a change can no longer roll it back.
abstract contract Dm3SignedRecords is IDm3SignedRecords, Dm3RecordsBase, EIP712 {
    /// @dev EIP-712 type of a signed record update; `records` is hashed as EIP-712 `bytes[]`.
    bytes32 private constant _SET_RECORDS_TYPEHASH =
        keccak256("SetRecords(bytes32 node,bytes[] records,uint256 nonce,uint256 deadline)");

    /// @notice Sets the EIP-712 domain the updates are signed for.
    /// @param name EIP-712 domain name.
    /// @param version EIP-712 domain version.
    constructor(string memory name, string memory version) EIP712(name, version) {}

    /// @inheritdoc IDm3SignedRecords
    function setRecordsWithSignature(
        bytes32 node,
        bytes[] calldata records,
        uint256 nonce,
        uint256 deadline,
        address signer,
        bytes calldata signature
    ) external {
        if (block.timestamp > deadline) revert Dm3RegistrySignatureExpired(deadline);
        NameState storage state = _nameState(node);
        uint64 expected = state.nonce;
        if (nonce != expected) revert Dm3RegistryInvalidNonce(node, expected, nonce);
        _checkAuthorized(node, signer);
        bytes32 digest = _hashTypedDataV4(
            keccak256(abi.encode(_SET_RECORDS_TYPEHASH, node, Dm3TypedData.hashBytesArray(records), nonce, deadline))
        );
        if (!SignatureChecker.isValidSignatureNowCalldata(signer, digest, signature)) {
            revert Dm3RegistryInvalidSignature(signer);
        }
        // One increment per transaction that changes the node: 2^64 of them cannot happen.
        unchecked {
            state.nonce = expected + 1;
        }
        emit NonceConsumed(node, nonce);
        _applyRecords(node, state.version, records);
    }

    /// @inheritdoc IDm3SignedRecords
    function invalidateNonce(bytes32 node) external {
        _checkAuthorized(node, msg.sender);
        NameState storage state = _nameState(node);
        uint64 nonce = state.nonce;
        // As in `setRecordsWithSignature`: 2^64 transactions cannot happen.
        unchecked {
            state.nonce = nonce + 1;
        }
        emit NonceConsumed(node, nonce);
    }

    /// @inheritdoc IDm3SignedRecords
    function nonces(bytes32 node) external view returns (uint256) {
        return _nameState(node).nonce;
    }

    /// @notice ERC-165: signed updates, and what the other bases support.
    /// @param interfaceId The interface id.
    /// @return True when supported.
    function supportsInterface(bytes4 interfaceId) public view virtual override returns (bool) {
        return interfaceId == type(IDm3SignedRecords).interfaceId || super.supportsInterface(interfaceId);
    }
}
