// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDm3ContenthashRecords} from "../../interfaces/IDm3Records.sol";
import {IContentHashResolver} from "../../interfaces/IEnsResolvers.sol";
import {Dm3RecordsBase} from "./Dm3RecordsBase.sol";

/// @title Dm3ContenthashRecords
/// @notice The contenthash record (ENSIP-7).
abstract contract Dm3ContenthashRecords is IDm3ContenthashRecords, Dm3RecordsBase {
    mapping(uint64 version => mapping(bytes32 node => bytes)) private _contenthashes;

    /// @inheritdoc IDm3ContenthashRecords
    function setContenthash(bytes32 node, bytes calldata hash) external {
        _setContenthash(node, _authorizeChange(node), hash);
    }

    /// @inheritdoc IContentHashResolver
    function contenthash(bytes32 node) external view returns (bytes memory) {
        return _contenthashes[_recordVersion(node)][node];
    }

    /// @notice ERC-165: the contenthash profile, and what the other bases support.
    /// @param interfaceId The interface id.
    /// @return True when supported.
    function supportsInterface(bytes4 interfaceId) public view virtual override returns (bool) {
        return interfaceId == type(IContentHashResolver).interfaceId
            || interfaceId == type(IDm3ContenthashRecords).interfaceId || super.supportsInterface(interfaceId);
    }

    /// @dev `setContenthash` calls; others go on.
    function _applyRecord(bytes32 node, uint64 version, bytes calldata call) internal virtual override returns (bool) {
        if (bytes4(call) != IDm3ContenthashRecords.setContenthash.selector) return super._applyRecord(node, version, call);
        (, bytes memory hash) = abi.decode(call[4:], (bytes32, bytes));
        _setContenthash(node, version, hash);
        return true;
    }

    /// @dev `contenthash` calls; others go on.
    function _readRecord(bytes32 node, uint64 version, bytes memory call)
        internal
        view
        virtual
        override
        returns (bool, bytes memory)
    {
        if (bytes4(call) != IContentHashResolver.contenthash.selector) return super._readRecord(node, version, call);
        return (true, abi.encode(_contenthashes[version][node]));
    }

    function _setContenthash(bytes32 node, uint64 version, bytes memory hash) private {
        _contenthashes[version][node] = hash;
        emit ContenthashChanged(node, hash);
    }
}
