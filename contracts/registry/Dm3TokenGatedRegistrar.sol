// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDm3L2Registry} from "../interfaces/IDm3L2Registry.sol";
import {IDm3RuleSets} from "../interfaces/IDm3RuleSets.sol";
import {IDm3TokenGatedRegistrar} from "../interfaces/IDm3TokenGatedRegistrar.sol";
import {Dm3RegistrarBase} from "./Dm3RegistrarBase.sol";

/// @title Dm3TokenGatedRegistrar
/// @notice A dm3 L2 registrar that registers a free label only to an owner who passes a token-gated
/// rule set (`Dm3RuleSets`) on this chain: the gated account is the owner, who registers itself or signs
/// its consent for someone else to send (EIP-712 domain "Dm3TokenGatedRegistrar", version "1").
/// @dev The check runs last (after the label rules and availability). A transaction with too little gas
/// left for a token read reverts (`Dm3RuleSetsInsufficientGas`) instead of counting the read as failed,
/// so no gas limit turns a negated rule into a pass.
contract Dm3TokenGatedRegistrar is Dm3RegistrarBase, IDm3TokenGatedRegistrar {
    IDm3RuleSets private immutable _ruleSets;
    uint256 private _ruleSetId;

    /// @notice Creates the registrar for `registry_` gated by rule set `ruleSetId_` of `ruleSets_`.
    /// @param registry_ The L2 registry (its owner must then approve this registrar).
    /// @param ruleSets_ The rule-set contract on this chain.
    /// @param ruleSetId_ The rule set registrations need (must exist).
    /// @param minLength_ Shortest label in bytes (>= 1).
    /// @param maxLength_ Longest label in bytes (<= 63).
    /// @param initialOwner May change the rule set and close or reopen registration.
    constructor(
        IDm3L2Registry registry_,
        IDm3RuleSets ruleSets_,
        uint256 ruleSetId_,
        uint256 minLength_,
        uint256 maxLength_,
        address initialOwner
    ) Dm3RegistrarBase(registry_, minLength_, maxLength_, initialOwner, "Dm3TokenGatedRegistrar") {
        _ruleSets = ruleSets_;
        _setRuleSet(ruleSetId_);
    }

    /// @inheritdoc IDm3TokenGatedRegistrar
    function setRuleSet(uint256 ruleSetId) external onlyOwner {
        _setRuleSet(ruleSetId);
    }

    /// @inheritdoc IDm3TokenGatedRegistrar
    function ruleSet() external view returns (IDm3RuleSets ruleSets, uint256 ruleSetId) {
        return (_ruleSets, _ruleSetId);
    }

    /// @inheritdoc IDm3TokenGatedRegistrar
    function canRegister(string calldata label, address account) external view returns (bool) {
        return available(label) && _ruleSets.isAllowed(_ruleSetId, account);
    }

    /// @dev Refuses an owner that does not pass the rule set.
    function _beforeRegister(address owner) internal view override {
        uint256 ruleSetId = _ruleSetId;
        if (!_ruleSets.isAllowed(ruleSetId, owner)) revert Dm3RegistrarNotAllowed(owner, ruleSetId);
    }

    /// @dev Points the gate at `ruleSetId` after checking that it exists.
    function _setRuleSet(uint256 ruleSetId) private {
        if (ruleSetId == 0 || ruleSetId > _ruleSets.ruleSetCount()) revert Dm3RegistrarUnknownRuleSet(ruleSetId);
        _ruleSetId = ruleSetId;
        emit RegistrarRuleSetChanged(address(_ruleSets), ruleSetId);
    }
}
