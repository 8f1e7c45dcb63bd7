// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDm3TextRecords} from "../../interfaces/IDm3Records.sol";
import {ITextResolver} from "../../interfaces/IEnsResolvers.sol";
import {Dm3CodeStore} from "../../utils/Dm3CodeStore.sol";
import {Dm3RecordsBase} from "./Dm3RecordsBase.sol";

/// @title Dm3TextRecords
/// @notice Text records (ENSIP-5). Values longer than `_INLINE_MAX` bytes (a dm3 profile is ~400-450)
/// are kept as the code of a data contract (`Dm3CodeStore`): code costs 200 gas a byte against ~690 for
/// new storage. Shorter values stay in storage.
abstract contract Dm3TextRecords is IDm3TextRecords, Dm3RecordsBase {
    /// @dev Longest text value kept in storage: where new values stop being cheaper in storage. Measured
    /// first writes of a new key (setText tx gas): 64 B storage 100,248 vs data contract 101,143; 65 B
    /// storage 122,802 (a third data slot) vs data contract 101,751. Overwrites cost more as a data
    /// contract at every length (a new CREATE vs ~5k per rewritten slot), which is the trade-off taken.
    uint256 private constant _INLINE_MAX = 64;

    /// @dev A text record. `data` is zero for values of up to `_INLINE_MAX` bytes (and longer than
    /// `Dm3CodeStore.MAX_LENGTH`), which live in `value`; otherwise `value` is empty and the value is
    /// `data`'s code. Never both set.
    struct TextRecord {
        address data;
        string value;
    }

    mapping(uint64 version => mapping(bytes32 node => mapping(string key => TextRecord))) private _texts;

    /// @inheritdoc IDm3TextRecords
    function setText(bytes32 node, string calldata key, string calldata value) external {
        _setText(node, _authorizeChange(node), key, value);
    }

    /// @inheritdoc ITextResolver
    function text(bytes32 node, string calldata key) external view returns (string memory) {
        return _text(node, _recordVersion(node), key);
    }

    /// @notice ERC-165: text records, and what the other bases support.
    /// @param interfaceId The interface id.
    /// @return True when supported.
    function supportsInterface(bytes4 interfaceId) public view virtual override returns (bool) {
        return interfaceId == type(ITextResolver).interfaceId || interfaceId == type(IDm3TextRecords).interfaceId
            || super.supportsInterface(interfaceId);
    }

    /// @dev `setText` calls; others go on.
    function _applyRecord(bytes32 node, uint64 version, bytes calldata call) internal virtual override returns (bool) {
        if (bytes4(call) != IDm3TextRecords.setText.selector) return super._applyRecord(node, version, call);
        (, string memory key, string memory value) = abi.decode(call[4:], (bytes32, string, string));
        _setText(node, version, key, value);
        return true;
    }

    /// @dev `text` calls; others go on.
    function _readRecord(bytes32 node, uint64 version, bytes memory call)
        internal
        view
        virtual
        override
        returns (bool, bytes memory)
    {
        if (bytes4(call) != ITextResolver.text.selector) return super._readRecord(node, version, call);
        (, string memory key) = abi.decode(_args(call), (bytes32, string));
        return (true, abi.encode(_text(node, version, key)));
    }

    /// @dev Stores `value` inline or, when longer than `_INLINE_MAX` bytes (and no longer than
    /// `Dm3CodeStore.MAX_LENGTH`), in a new data contract; clears whichever of the two the previous value
    /// used. An overwrite always creates a new data contract; the old one stays on chain, unreferenced.
    function _setText(bytes32 node, uint64 version, string memory key, string memory value) private {
        TextRecord storage record = _texts[version][node][key];
        uint256 length = bytes(value).length;
        if (length > _INLINE_MAX && length <= Dm3CodeStore.MAX_LENGTH) {
            if (bytes(record.value).length != 0) delete record.value;
            address data = Dm3CodeStore.write(bytes(value));
            if (data == address(0)) revert Dm3RegistryDataWriteFailed(length);
            record.data = data;
        } else {
            if (record.data != address(0)) record.data = address(0);
            record.value = value;
        }
        emit TextChanged(node, key, key, value);
    }

    /// @dev The text record `key` of `node` under `version` ("" when unset or cleared).
    function _text(bytes32 node, uint64 version, string memory key) private view returns (string memory) {
        TextRecord storage record = _texts[version][node][key];
        address data = record.data;
        return data == address(0) ? record.value : string(Dm3CodeStore.read(data));
    }
}
