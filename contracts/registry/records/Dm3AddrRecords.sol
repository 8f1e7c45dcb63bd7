// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDm3AddrRecords, IDm3AddressRecords} from "../../interfaces/IDm3Records.sol";
import {IAddrResolver, IAddressResolver} from "../../interfaces/IEnsResolvers.sol";
import {COIN_TYPE_ETH, EVM_COIN_TYPE_BIT} from "../../utils/Dm3Constants.sol";
import {Dm3RecordsBase} from "./Dm3RecordsBase.sol";

/// @title Dm3AddrRecords
/// @notice Address records: coin 60 (ENSIP-1) and any coin type (ENSIP-9); EVM coin types (60 and
/// ENSIP-11's `0x80000000 | chainId`) hold 20-byte addresses or nothing.
abstract contract Dm3AddrRecords is IDm3AddrRecords, IDm3AddressRecords, Dm3RecordsBase {
    mapping(uint64 version => mapping(bytes32 node => mapping(uint256 coinType => bytes))) private _addresses;

    /// @inheritdoc IDm3AddrRecords
    function setAddr(bytes32 node, address a) external {
        _setAddr(node, _authorizeChange(node), COIN_TYPE_ETH, abi.encodePacked(a));
    }

    /// @inheritdoc IDm3AddressRecords
    function setAddr(bytes32 node, uint256 coinType, bytes calldata a) external {
        _setAddr(node, _authorizeChange(node), coinType, a);
    }

    /// @inheritdoc IAddrResolver
    function addr(bytes32 node) external view returns (address payable) {
        return _addr(node, _recordVersion(node));
    }

    /// @inheritdoc IAddressResolver
    function addr(bytes32 node, uint256 coinType) external view returns (bytes memory) {
        return _addresses[_recordVersion(node)][node][coinType];
    }

    /// @notice ERC-165: both address profiles, and what the other bases support.
    /// @param interfaceId The interface id.
    /// @return True when supported.
    function supportsInterface(bytes4 interfaceId) public view virtual override returns (bool) {
        return interfaceId == type(IAddrResolver).interfaceId || interfaceId == type(IAddressResolver).interfaceId
            || interfaceId == type(IDm3AddrRecords).interfaceId || interfaceId == type(IDm3AddressRecords).interfaceId
            || super.supportsInterface(interfaceId);
    }

    /// @dev Both `setAddr` calls; others go on.
    function _applyRecord(bytes32 node, uint64 version, bytes calldata call) internal virtual override returns (bool) {
        bytes4 selector = bytes4(call);
        if (selector == IDm3AddrRecords.setAddr.selector) {
            (, address a) = abi.decode(call[4:], (bytes32, address));
            _setAddr(node, version, COIN_TYPE_ETH, abi.encodePacked(a));
            return true;
        }
        if (selector == IDm3AddressRecords.setAddr.selector) {
            (, uint256 coinType, bytes memory a) = abi.decode(call[4:], (bytes32, uint256, bytes));
            _setAddr(node, version, coinType, a);
            return true;
        }
        return super._applyRecord(node, version, call);
    }

    /// @dev Both `addr` calls; others go on.
    function _readRecord(bytes32 node, uint64 version, bytes memory call)
        internal
        view
        virtual
        override
        returns (bool, bytes memory)
    {
        bytes4 selector = bytes4(call);
        if (selector == IAddrResolver.addr.selector) return (true, abi.encode(_addr(node, version)));
        if (selector == IAddressResolver.addr.selector) {
            (, uint256 coinType) = abi.decode(_args(call), (bytes32, uint256));
            return (true, abi.encode(_addresses[version][node][coinType]));
        }
        return super._readRecord(node, version, call);
    }

    function _setAddr(bytes32 node, uint64 version, uint256 coinType, bytes memory a) private {
        bool evm = coinType == COIN_TYPE_ETH || (coinType & ~uint256(0x7fffffff)) == EVM_COIN_TYPE_BIT;
        if (evm && a.length != 0 && a.length != 20) revert Dm3RegistryInvalidAddressLength(coinType, a.length);
        _addresses[version][node][coinType] = a;
        emit AddressChanged(node, coinType, a);
        if (coinType == COIN_TYPE_ETH) emit AddrChanged(node, a.length == 20 ? address(bytes20(a)) : address(0));
    }

    function _addr(bytes32 node, uint64 version) private view returns (address payable) {
        bytes storage a = _addresses[version][node][COIN_TYPE_ETH];
        return a.length == 20 ? payable(address(bytes20(a))) : payable(address(0));
    }
}
