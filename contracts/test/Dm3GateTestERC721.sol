// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/// @title Dm3GateTestERC721
/// @notice Test and devnet ERC-721 (OpenZeppelin) that anyone may mint.
contract Dm3GateTestERC721 is ERC721 {
    /// @notice Creates the token.
    /// @param name_ Token name.
    /// @param symbol_ Token symbol.
    constructor(string memory name_, string memory symbol_) ERC721(name_, symbol_) {}

    /// @notice Mints token `id` to `to`.
    /// @param to Receiver.
    /// @param id Token id (must not exist).
    function mint(address to, uint256 id) external {
        _mint(to, id);
    }
}
