// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMulticallable} from "../../interfaces/IEnsResolvers.sol";
import {Dm3RecordsBase} from "./Dm3RecordsBase.sol";

/// @title Dm3RecordMulticall
/// @notice ENS `multicall` over the record calls of the composed mixins: reads answer their values,
/// setters change records (the caller must be allowed to change each call's node) and answer "".
/// @dev Dispatched through the mixins' `_readRecord` / `_applyRecord`, not by calling itself.
abstract contract Dm3RecordMulticall is IMulticallable, Dm3RecordsBase {
    /// @inheritdoc IMulticallable
    function multicall(bytes[] calldata data) external returns (bytes[] memory results) {
        results = new bytes[](data.length);
        for (uint256 i; i < data.length; ++i) {
            bytes calldata call = data[i];
            bytes32 node = _nodeOf(call);
            (bool found, bytes memory answer) = _readRecord(node, _recordVersion(node), call);
            if (found) {
                results[i] = answer;
            } else if (!_applyRecord(node, _authorizeChange(node), call)) {
                revert Dm3RegistryUnsupportedCall(bytes4(call));
            }
        }
    }

    /// @notice ERC-165: `multicall`, and what the other bases support.
    /// @param interfaceId The interface id.
    /// @return True when supported.
    function supportsInterface(bytes4 interfaceId) public view virtual override returns (bool) {
        return interfaceId == type(IMulticallable).interfaceId || super.supportsInterface(interfaceId);
    }
}
