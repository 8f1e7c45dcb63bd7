// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";

/// @title Dm3GateTestERC1155
/// @notice Test and devnet ERC-1155 (OpenZeppelin) that anyone may mint.
contract Dm3GateTestERC1155 is ERC1155 {
    /// @notice Creates the token.
    constructor() ERC1155("") {}

    /// @notice Mints `amount` of `id` to `to`.
    /// @param to Receiver.
    /// @param id Token id.
    /// @param amount Amount.
    function mint(address to, uint256 id, uint256 amount) external {
        _mint(to, id, amount, "");
    }
}
