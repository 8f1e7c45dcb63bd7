// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IDm3RuleSets
/// @notice Token-gated access rules for dm3: anyone creates a rule set (and owns it); a rule set says
/// what an account must hold (native coin, ERC-20, ERC-721, ERC-1155, or passing other rule sets) and
/// is evaluated on-chain as a view. Every error, event and struct of the rule-set contract.
/// @dev Semantics, shared with the SDK's off-chain evaluator:
/// - Every rule yields a value `v`: the native balance, `balanceOf(account)` (ERC-20, ERC-721), 1 or 0
///   for `ownerOf(id) == account` (ERC-721 owner), the largest `balanceOf(account, id)` over the rule's
///   ids (ERC-1155), or 1 or 0 for "the referenced rule set allows the account".
/// - A rule passes when `min <= v && (max == NO_MAX || v <= max)`, inverted when `negate` is set.
/// - A token read that reverts, returns anything but exactly 32 bytes (or an address with dirty upper
///   bits for `ownerOf`) or runs out of its gas allowance counts as "not held": `v = 0` for that read.
/// - A reference to a set more than `maxDepth` levels below the set evaluated is not followed: value 0,
///   a failed read (writes keep nesting within `maxDepth`; a referenced set may grow later).
/// - A set passes with AND when all rules pass, OR when one does, ANY_OF when `threshold` do.
interface IDm3RuleSets {
    // ------------------------------------------------------------------ types

    /// @notice What a rule reads.
    enum RuleKind {
        NATIVE_BALANCE,
        ERC20_BALANCE,
        ERC721_BALANCE,
        ERC721_OWNER,
        ERC1155_BALANCE,
        RULE_SET
    }

    /// @notice How a set combines its rules' outcomes.
    enum Logic {
        AND,
        OR,
        ANY_OF
    }

    /// @notice One rule.
    /// @dev `token` is zero for NATIVE_BALANCE and RULE_SET. `ids`: none for balances; the token id for
    /// ERC721_OWNER; 1..maxIds token ids for ERC1155_BALANCE; the referenced set id for RULE_SET.
    /// `max == type(uint128).max` means no upper bound.
    struct Rule {
        RuleKind kind;
        bool negate;
        address token;
        uint128 min;
        uint128 max;
        uint256[] ids;
    }

    /// @notice A stored rule set as `getRuleSet` returns it.
    struct RuleSet {
        address owner;
        bool frozen;
        Logic logic;
        uint8 threshold;
        Rule[] rules;
    }

    /// @notice The outcome of one rule for one account.
    /// @dev `value` is the rule's value `v`; `readFailed` is true when a token read failed (and counted as 0).
    struct RuleOutcome {
        bool passed;
        bool readFailed;
        uint256 value;
    }

    /// @notice The outcome of one rule set for one account; `depth` is 0 for the set asked about.
    struct SetOutcome {
        uint256 ruleSetId;
        uint8 depth;
        bool allowed;
        RuleOutcome[] rules;
    }

    /// @notice One raw holding read for off-chain evaluation (`kind` must not be RULE_SET; `id` unused for balances).
    struct HoldingQuery {
        RuleKind kind;
        address token;
        address account;
        uint256 id;
    }

    /// @notice The answer to a `HoldingQuery`: `ok` is false when the token read failed (then `value` is 0).
    /// @dev For ERC721_OWNER `value` is 1 when `account` owns the id, else 0.
    struct Holding {
        bool ok;
        uint256 value;
    }

    // ------------------------------------------------------------------ errors

    /// @notice No rule set has id `ruleSetId`.
    error Dm3RuleSetsUnknownRuleSet(uint256 ruleSetId);
    /// @notice `caller` is not the owner of rule set `ruleSetId`.
    error Dm3RuleSetsUnauthorized(uint256 ruleSetId, address caller);
    /// @notice Rule set `ruleSetId` is frozen: it can never change again.
    error Dm3RuleSetsFrozen(uint256 ruleSetId);
    /// @notice A set needs 1 to `maxRules` rules.
    error Dm3RuleSetsInvalidRuleCount(uint256 count);
    /// @notice ANY_OF needs `1 <= threshold <= rule count`; AND and OR need `threshold == 0`.
    error Dm3RuleSetsInvalidThreshold(Logic logic, uint256 threshold, uint256 ruleCount);
    /// @notice Rule `index` has `min > max`.
    error Dm3RuleSetsInvalidBounds(uint256 index, uint256 min, uint256 max);
    /// @notice Rule `index` has a token where none belongs (native, rule set) or none where one is needed.
    error Dm3RuleSetsInvalidToken(uint256 index, address token);
    /// @notice Rule `index` has the wrong number of ids for its kind.
    error Dm3RuleSetsInvalidIdCount(uint256 index, uint256 count);
    /// @notice Referencing a set from `ruleSetId` would close a cycle (the reference reaches `ruleSetId`).
    error Dm3RuleSetsCycle(uint256 ruleSetId);
    /// @notice Writing rule set `ruleSetId` would nest other sets deeper than `maxDepth` levels below it.
    error Dm3RuleSetsTooDeep(uint256 ruleSetId);
    /// @notice Less gas is left than one token read may use: the check refuses to answer rather than count a
    /// read starved of gas as "not held", so an answer never depends on the gas the caller gives.
    error Dm3RuleSetsInsufficientGas();
    /// @notice The zero address cannot own a rule set (freeze it instead).
    error Dm3RuleSetsZeroOwner();
    /// @notice Holding query `index` asks for a RULE_SET read, which is not a holding.
    error Dm3RuleSetsInvalidQuery(uint256 index);
    /// @notice Storing the rules (`length` bytes) in their data contract failed.
    error Dm3RuleSetsDataWriteFailed(uint256 length);

    // ------------------------------------------------------------------ events

    /// @notice Rule set `ruleSetId` was created by and for `owner`.
    /// @param ruleSetId The new id.
    /// @param owner Its owner.
    /// @param logic How its rules combine.
    /// @param threshold ANY_OF's threshold (0 otherwise).
    /// @param ruleCount Number of rules.
    event RuleSetCreated(uint256 indexed ruleSetId, address indexed owner, Logic logic, uint8 threshold, uint256 ruleCount);
    /// @notice The rules of `ruleSetId` were replaced.
    /// @param ruleSetId The set.
    /// @param logic How its rules combine now.
    /// @param threshold ANY_OF's threshold (0 otherwise).
    /// @param ruleCount Number of rules now.
    event RuleSetUpdated(uint256 indexed ruleSetId, Logic logic, uint8 threshold, uint256 ruleCount);
    /// @notice Rule set `ruleSetId` was frozen for good.
    /// @param ruleSetId The set.
    event RuleSetFrozen(uint256 indexed ruleSetId);
    /// @notice Rule set `ruleSetId` changed owner.
    /// @param ruleSetId The set.
    /// @param previousOwner The old owner.
    /// @param newOwner The new owner.
    event RuleSetOwnershipTransferred(uint256 indexed ruleSetId, address indexed previousOwner, address indexed newOwner);

    // ------------------------------------------------------------------ writes

    /// @notice Creates a rule set owned by the caller.
    /// @param logic How the rules combine.
    /// @param threshold ANY_OF's threshold (1..rule count); 0 for AND and OR.
    /// @param rules 1 to `maxRules` rules; referenced sets must exist and nest at most `maxDepth` levels.
    /// @return ruleSetId The new set's id (ids count up from 1).
    function createRuleSet(Logic logic, uint8 threshold, Rule[] calldata rules) external returns (uint256 ruleSetId);

    /// @notice Replaces the rules of `ruleSetId`. Owner only; not when frozen.
    /// @param ruleSetId The set.
    /// @param logic How the rules combine.
    /// @param threshold ANY_OF's threshold (1..rule count); 0 for AND and OR.
    /// @param rules The new rules (a reference may not reach `ruleSetId` itself).
    function updateRuleSet(uint256 ruleSetId, Logic logic, uint8 threshold, Rule[] calldata rules) external;

    /// @notice Freezes `ruleSetId`: its rules and owner never change again. Owner only.
    /// @param ruleSetId The set.
    function freezeRuleSet(uint256 ruleSetId) external;

    /// @notice Gives `ruleSetId` to `newOwner`. Owner only; not when frozen.
    /// @param ruleSetId The set.
    /// @param newOwner The new owner (not zero).
    function transferRuleSetOwnership(uint256 ruleSetId, address newOwner) external;

    // ------------------------------------------------------------------ reads

    /// @notice Whether `account` passes rule set `ruleSetId`.
    /// @dev Reverts for an unknown set and when too little gas is left for a token read. A reference that
    /// lies deeper than `maxDepth` (possible after a referenced set changed) is not followed: its rule
    /// counts as a failed read (value 0).
    /// @param ruleSetId The set.
    /// @param account The account.
    /// @return True when allowed.
    function isAllowed(uint256 ruleSetId, address account) external view returns (bool);

    /// @notice Every rule's outcome for `account`: the set asked about first, then each referenced set
    /// (depth first, in rule order, a set once per reference). Evaluates every rule (no short-circuit).
    /// @param ruleSetId The set.
    /// @param account The account.
    /// @return outcomes One entry per set visited.
    function explain(uint256 ruleSetId, address account) external view returns (SetOutcome[] memory outcomes);

    /// @notice Raw holdings, read exactly as the rules read them (same gas allowance, same decoding), for
    /// an off-chain evaluator that wants the on-chain answer in one call.
    /// @param queries The reads.
    /// @return holdings One answer per query.
    function readHoldings(HoldingQuery[] calldata queries) external view returns (Holding[] memory holdings);

    /// @notice The stored rule set `ruleSetId`.
    /// @param ruleSetId The set.
    /// @return The set.
    function getRuleSet(uint256 ruleSetId) external view returns (RuleSet memory);

    /// @notice Number of rule sets created (ids run from 1 to this number).
    /// @return The count.
    function ruleSetCount() external view returns (uint256);

    /// @notice The contract's limits.
    /// @return maxRules Most rules in one set.
    /// @return maxIds Most ids in one ERC-1155 rule.
    /// @return maxDepth Most levels of nested sets below the set evaluated.
    /// @return callGas Gas each token read may use.
    function limits() external pure returns (uint256 maxRules, uint256 maxIds, uint256 maxDepth, uint256 callGas);
}
