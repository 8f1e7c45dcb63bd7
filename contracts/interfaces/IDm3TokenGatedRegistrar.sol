// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDm3Registrar} from "./IDm3Registrar.sol";
import {IDm3RuleSets} from "./IDm3RuleSets.sol";

/// @title IDm3TokenGatedRegistrar
/// @notice A registrar that registers a name only to an owner that passes a rule set of `IDm3RuleSets`
/// (what it holds decides); the owner consents as for every registrar (registers itself, or signs).
interface IDm3TokenGatedRegistrar is IDm3Registrar {
    /// @notice `account` does not pass rule set `ruleSetId`.
    error Dm3RegistrarNotAllowed(address account, uint256 ruleSetId);
    /// @notice Rule set `ruleSetId` does not exist on the rule-set contract.
    error Dm3RegistrarUnknownRuleSet(uint256 ruleSetId);

    /// @notice Registrations now need rule set `ruleSetId` of `ruleSets`.
    /// @param ruleSets The rule-set contract.
    /// @param ruleSetId The rule set.
    event RegistrarRuleSetChanged(address indexed ruleSets, uint256 ruleSetId);

    /// @notice Makes registrations need rule set `ruleSetId`. Registrar owner only.
    /// @param ruleSetId An existing rule set of the registrar's rule-set contract.
    function setRuleSet(uint256 ruleSetId) external;

    /// @notice The rule set registrations need.
    /// @return ruleSets The rule-set contract.
    /// @return ruleSetId The rule set.
    function ruleSet() external view returns (IDm3RuleSets ruleSets, uint256 ruleSetId);

    /// @notice Whether `label` could be registered to `account` now.
    /// @param label The label.
    /// @param account The owner-to-be.
    /// @return True when the label is available and the account passes the rule set.
    function canRegister(string calldata label, address account) external view returns (bool);
}
