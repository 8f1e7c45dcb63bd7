// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IExtendedResolver} from "../interfaces/IEnsResolvers.sol";

/// @title Dm3AliasTestRawResolver
/// @notice Test-only resolver whose every answer is set byte for byte, to drive the universal
/// resolver through malformed answers, reverts and odd `OffchainLookup`s. `addr`, `text` and
/// `callback` are answered by the reply stored for their selector; `resolve(bytes,bytes)` by the
/// reply stored for the selector of its inner call. A reply is returned or reverted exactly as stored (no ABI
/// wrapping); a call without a stored reply reverts `Dm3AliasTestNoReply(selector)`.
contract Dm3AliasTestRawResolver {
    /// @notice No reply is stored for the selector.
    error Dm3AliasTestNoReply(bytes4 selector);

    struct Reply {
        bool set;
        bool reverts;
        bytes data;
    }

    bool private immutable _extended;
    mapping(bytes4 selector => Reply reply) private _replies;

    /// @notice Creates the mock.
    /// @param extended_ True to report ENSIP-10 (`resolve(bytes,bytes)`) support through ERC-165.
    constructor(bool extended_) {
        _extended = extended_;
    }

    /// @notice Stores the reply to calls with `selector` (inner selector for `resolve`).
    /// @param selector The selector answered.
    /// @param reverts True to revert with `data`, false to return it.
    /// @param data The exact return or revert bytes.
    function setReply(bytes4 selector, bool reverts, bytes calldata data) external {
        _replies[selector] = Reply(true, reverts, data);
    }

    /// @notice ERC-165: ERC-165 itself and, when extended, ENSIP-10.
    /// @param interfaceId The interface id.
    /// @return True when supported.
    function supportsInterface(bytes4 interfaceId) external view returns (bool) {
        return interfaceId == type(IERC165).interfaceId || (_extended && interfaceId == type(IExtendedResolver).interfaceId);
    }

    /// @notice `addr(bytes32)`: the stored reply for its selector.
    /// @return Never returns normally; the reply is returned raw.
    function addr(bytes32) external view returns (address) {
        _reply(msg.sig);
    }

    /// @notice `text(bytes32,string)`: the stored reply for its selector.
    /// @return Never returns normally; the reply is returned raw.
    function text(bytes32, string calldata) external view returns (string memory) {
        _reply(msg.sig);
    }

    /// @notice ENSIP-10 `resolve(bytes,bytes)`: the stored reply for the inner call's selector.
    /// @param data The inner call.
    /// @return Never returns normally; the reply is returned raw.
    function resolve(bytes calldata, bytes calldata data) external view returns (bytes memory) {
        _reply(bytes4(data[:4]));
    }

    /// @notice An EIP-3668 callback: the stored reply for its selector.
    /// @return Never returns normally; the reply is returned raw.
    function callback(bytes calldata, bytes calldata) external view returns (bytes memory) {
        _reply(msg.sig);
    }

    /// @dev Returns or reverts the stored reply for `selector`, bypassing ABI encoding.
    function _reply(bytes4 selector) private view {
        Reply storage reply = _replies[selector];
        if (!reply.set) revert Dm3AliasTestNoReply(selector);
        bytes memory data = reply.data;
        bool reverts = reply.reverts;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            if reverts { revert(add(data, 32), mload(data)) }
            return(add(data, 32), mload(data))
        }
    }
}
