// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC165} from "@openzeppelin/contracts/utils/introspection/ERC165.sol";
import {Bytes} from "@openzeppelin/contracts/utils/Bytes.sol";
import {IDm3Records} from "../../interfaces/IDm3Records.sol";
import {IVersionableResolver} from "../../interfaces/IEnsResolvers.sol";

/// @title Dm3RecordsBase
/// @notice The base of the record mixins (the role of ens-contracts' `ResolverBase`): who may write,
/// record versions, the signed-update nonce, and the hooks through which each mixin applies and
/// answers its own record calls.
/// @dev Each mixin overrides `_applyRecord` / `_readRecord` for its selectors and passes other calls on
/// with `super`, so the composed contract dispatches a call through every mixin it inherits.
abstract contract Dm3RecordsBase is IDm3Records, ERC165 {
    /// @dev Per-name state in one storage slot. `version`: records live under (version, node), so a new
    /// version starts empty. `nonce`: the next signed-update nonce; it advances with every record change
    /// by the owner, so that signed updates made before it lapse. `label`: the composing registry's
    /// (its label, see Dm3L2Registry): sharing the slot makes registering write one slot, and the first
    /// record change rewrite a slot that is already non-zero.
    struct NameState {
        uint64 version;
        uint64 nonce;
        bytes16 label;
    }

    mapping(bytes32 node => NameState) private _names;

    /// @inheritdoc IDm3Records
    function clearRecords(bytes32 node) external {
        _checkAuthorized(node, msg.sender);
        _newVersion(node);
    }

    /// @inheritdoc IVersionableResolver
    function recordVersions(bytes32 node) external view returns (uint64) {
        return _names[node].version;
    }

    /// @notice ERC-165: record versions, the dm3 record base, and what the other bases support.
    /// @param interfaceId The interface id.
    /// @return True when supported.
    function supportsInterface(bytes4 interfaceId) public view virtual override returns (bool) {
        return interfaceId == type(IVersionableResolver).interfaceId || interfaceId == type(IDm3Records).interfaceId
            || super.supportsInterface(interfaceId);
    }

    // ------------------------------------------------------------------ hooks of the composing contract

    /// @dev Whether `account` may change the records of `node` (owner or approved, as the registry decides).
    function _mayChange(bytes32 node, address account) internal view virtual returns (bool);

    /// @dev Applies the record setter `call` to `node` under `version` (its node already checked). Each
    /// mixin handles its own selectors and passes the rest on; false when no mixin knows the selector.
    function _applyRecord(bytes32, uint64, bytes calldata) internal virtual returns (bool) {
        return false; // the end of the chain: no record kind left
    }

    /// @dev Answers the record read `call` for `node` under `version` (its node already checked), as the
    /// ABI-encoded return value; (false, "") when no mixin knows the selector.
    function _readRecord(bytes32, uint64, bytes memory) internal view virtual returns (bool, bytes memory) {
        return (false, ""); // the end of the chain: no record kind left
    }

    // ------------------------------------------------------------------ for the mixins

    /// @dev Reverts unless `caller` may change `node`.
    function _checkAuthorized(bytes32 node, address caller) internal view {
        if (!_mayChange(node, caller)) revert Dm3RegistryUnauthorized(node, caller);
    }

    /// @dev A direct record change of `node` by `msg.sender`: checks it, advances the nonce (so every
    /// signed update made before lapses) and returns the record version to write under.
    function _authorizeChange(bytes32 node) internal returns (uint64 version) {
        _checkAuthorized(node, msg.sender);
        NameState storage state = _names[node];
        // One increment per change, each paid by a transaction: 2^64 of them cannot happen.
        unchecked {
            state.nonce += 1;
        }
        return state.version;
    }

    /// @dev Moves `node` to a new, empty record version and advances its nonce.
    function _newVersion(bytes32 node) internal {
        NameState storage state = _names[node];
        uint64 version;
        // One increment per transfer or clearRecords transaction: 2^64 of them cannot happen.
        unchecked {
            version = state.version + 1;
            state.nonce += 1;
        }
        state.version = version;
        emit VersionChanged(node, version);
    }

    /// @dev Applies each record call of `records` to `node` under `version`; every call must name `node`.
    function _applyRecords(bytes32 node, uint64 version, bytes[] calldata records) internal {
        for (uint256 i; i < records.length; ++i) {
            bytes calldata call = records[i];
            bytes32 named = _nodeOf(call);
            if (named != node) revert Dm3RegistryNodeMismatch(node, named);
            if (!_applyRecord(node, version, call)) revert Dm3RegistryUnsupportedCall(bytes4(call));
        }
    }

    /// @dev Answers one record read `call`, which must name `node`.
    function _answer(bytes32 node, uint64 version, bytes memory call) internal view returns (bytes memory answer) {
        bytes32 named = _nodeOfMemory(call);
        if (named != node) revert Dm3RegistryNodeMismatch(node, named);
        bool found;
        (found, answer) = _readRecord(node, version, call);
        if (!found) revert Dm3RegistryUnsupportedCall(bytes4(call));
    }

    /// @dev The current record version of `node`.
    function _recordVersion(bytes32 node) internal view returns (uint64) {
        return _names[node].version;
    }

    /// @dev The per-name slot (the signed-update mixin's nonce, the composing contract's `label`).
    function _nameState(bytes32 node) internal view returns (NameState storage) {
        return _names[node];
    }

    /// @dev The node argument of a record call (the 32 bytes after the selector).
    function _nodeOf(bytes calldata call) internal pure returns (bytes32) {
        if (call.length < 36) revert Dm3RegistryMalformedCall(call);
        return bytes32(call[4:36]);
    }

    /// @dev `_nodeOf` for a call in memory.
    function _nodeOfMemory(bytes memory call) internal pure returns (bytes32) {
        if (call.length < 36) revert Dm3RegistryMalformedCall(call);
        return bytes32(Bytes.slice(call, 4, 36));
    }

    /// @dev The arguments of a call in memory (what follows the selector), for `abi.decode`.
    function _args(bytes memory call) internal pure returns (bytes memory) {
        return Bytes.slice(call, 4);
    }
}
