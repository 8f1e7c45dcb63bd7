// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IDm3RuleSets} from "../interfaces/IDm3RuleSets.sol";

/// @title Dm3GateTestGasMeter
/// @notice Test-only: the gas a contract (e.g. a registrar) spends on one `isAllowed` check or one plain
/// `balanceOf`, measured with `gasleft()` around the call (cold accounts and slots, as in a fresh transaction).
contract Dm3GateTestGasMeter {
    /// @notice Gas of `ruleSets.isAllowed(ruleSetId, account)` called from this contract.
    /// @param ruleSets The rule-set contract.
    /// @param ruleSetId The set.
    /// @param account The account.
    /// @return gasUsed Gas of the call (including the CALL's own cost).
    /// @return allowed Its answer.
    function measureIsAllowed(IDm3RuleSets ruleSets, uint256 ruleSetId, address account) external view returns (uint256 gasUsed, bool allowed) {
        uint256 before = gasleft();
        allowed = ruleSets.isAllowed(ruleSetId, account);
        gasUsed = before - gasleft();
    }

    /// @notice Gas of `token.balanceOf(account)` called from this contract: the cost of the simplest gate.
    /// @param token An ERC-20.
    /// @param account The account.
    /// @return gasUsed Gas of the call (including the CALL's own cost).
    /// @return balance Its answer.
    function measureBalanceOf(IERC20 token, address account) external view returns (uint256 gasUsed, uint256 balance) {
        uint256 before = gasleft();
        balance = token.balanceOf(account);
        gasUsed = before - gasleft();
    }
}
