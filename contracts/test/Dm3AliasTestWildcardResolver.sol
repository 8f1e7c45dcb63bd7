// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IAddrResolver, IExtendedResolver, ITextResolver} from "../interfaces/IEnsResolvers.sol";

/// @title Dm3AliasTestWildcardResolver
/// @notice Test-only ENSIP-10 resolver for the universal-resolver tests. Off-chain mode: every
/// `resolve` reverts `OffchainLookup` to `urls` with `abi.encode(name, data)`; the callback returns
/// the gateway's answer when it echoes the request's hash. On-chain mode: answers `addr(bytes32)`
/// and `text(bytes32,string)` for any name from one stored address and text, and refuses
/// `multicall` (to exercise the universal resolver's per-record fallback).
contract Dm3AliasTestWildcardResolver {
    /// @notice EIP-3668 lookup.
    error OffchainLookup(address sender, string[] urls, bytes callData, bytes4 callbackFunction, bytes extraData);
    /// @notice The gateway answered another request than the one asked.
    error Dm3AliasTestWrongRequest();
    /// @notice The inner call is not one the mock serves.
    error Dm3AliasTestUnsupported(bytes4 selector);

    bool private immutable _offchain;
    string[] private _urls;
    address private _addr;
    string private _text;

    /// @notice Creates the mock.
    /// @param offchain_ Off-chain (CCIP-Read) mode when true.
    /// @param urls_ Gateway URL templates (off-chain mode).
    constructor(bool offchain_, string[] memory urls_) {
        _offchain = offchain_;
        _urls = urls_;
    }

    /// @notice Sets the answers of on-chain mode.
    /// @param addr_ Address for every name.
    /// @param text_ Text for every name and key.
    function setAnswers(address addr_, string calldata text_) external {
        _addr = addr_;
        _text = text_;
    }

    /// @notice ERC-165: ENSIP-10 and ERC-165.
    /// @param interfaceId The interface id.
    /// @return True when supported.
    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == type(IExtendedResolver).interfaceId || interfaceId == type(IERC165).interfaceId;
    }

    /// @notice ENSIP-10 resolution.
    /// @param name DNS-encoded name.
    /// @param data Inner call.
    /// @return The answer (on-chain mode).
    function resolve(bytes calldata name, bytes calldata data) external view returns (bytes memory) {
        if (_offchain) {
            bytes memory callData = abi.encode(name, data);
            revert OffchainLookup(
                address(this), _urls, callData, this.resolveCallback.selector, abi.encode(keccak256(callData))
            );
        }
        bytes4 selector = bytes4(data[:4]);
        if (selector == IAddrResolver.addr.selector) return abi.encode(_addr);
        if (selector == ITextResolver.text.selector) return abi.encode(_text);
        revert Dm3AliasTestUnsupported(selector);
    }

    /// @notice EIP-3668 callback.
    /// @param response `abi.encode(bytes answer, bytes32 requestHash)` from the test gateway.
    /// @param extraData `abi.encode(bytes32 requestHash)`.
    /// @return The answer.
    function resolveCallback(bytes calldata response, bytes calldata extraData) external pure returns (bytes memory) {
        (bytes memory answer, bytes32 requestHash) = abi.decode(response, (bytes, bytes32));
        if (requestHash != abi.decode(extraData, (bytes32))) revert Dm3AliasTestWrongRequest();
        return answer;
    }
}
