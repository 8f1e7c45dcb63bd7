// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDm3RuleSets} from "../interfaces/IDm3RuleSets.sol";
import {Dm3CodeStore} from "../utils/Dm3CodeStore.sol";

/// @title Dm3RuleSets
/// @notice Token-gated access rules, evaluated on-chain as a view: anyone creates a rule set and owns it;
/// the owner updates it, freezes it for good or hands it over. See `IDm3RuleSets` for the semantics.
/// @dev Storage: one slot per set (data contract, size, logic, threshold, rule count, frozen) plus its
/// owner; the rules live as the code of a data contract, so a check reads one slot and one EXTCODECOPY
/// whatever the number of rules. Encoded rule (64 bytes, then one word per id):
///   word 0: token (bits 96..255) | kind (88..95) | negate (80..87) | id count (72..79)
///   word 1: min (bits 128..255) | max (0..127)
/// A rule set referencing another is checked when written: the referenced set exists, the reference
/// does not reach the set being written (no cycles) and nesting stays within `_MAX_DEPTH`. A referenced
/// set may grow later; when read, a reference more than `_MAX_DEPTH` levels down is not followed and its rule
/// counts as a failed read (value 0), so every check stays bounded and never reverts for it.
contract Dm3RuleSets is IDm3RuleSets {
    uint256 private constant _MAX_RULES = 16;
    uint256 private constant _MAX_IDS = 8;
    uint256 private constant _MAX_DEPTH = 4;
    /// @dev Gas each token read may use: ample for a plain or proxied `balanceOf` (~3-10k), small enough that
    /// a token burning all of it costs a check little.
    uint256 private constant _CALL_GAS = 30_000;
    /// @dev Gas that must be left before a token read, so that the token gets its full `_CALL_GAS`: the CALL
    /// charges up to 2,600 for a cold address, then forwards at most 63/64 of the rest (EIP-150), and
    /// 30,477 * 63/64 > 30,000. 30,477 + 2,600 + a few opcodes and words of memory < 34,000.
    uint256 private constant _MIN_GAS_BEFORE_READ = 34_000;
    /// @dev `max` value meaning "no upper bound".
    uint256 private constant _NO_MAX = type(uint128).max;
    uint256 private constant _RULE_HEAD_BYTES = 64;

    // RuleKind values as literals (inline assembly reads only literal constants).
    uint256 private constant _NATIVE = 0; // RuleKind.NATIVE_BALANCE
    uint256 private constant _ERC721_OWNER = 3; // RuleKind.ERC721_OWNER
    uint256 private constant _ERC1155 = 4; // RuleKind.ERC1155_BALANCE
    uint256 private constant _RULE_SET = 5; // RuleKind.RULE_SET

    bytes4 private constant _SEL_BALANCE_OF = 0x70a08231; // balanceOf(address)
    bytes4 private constant _SEL_OWNER_OF = 0x6352211e; // ownerOf(uint256)
    bytes4 private constant _SEL_BALANCE_OF_ID = 0x00fdd58e; // balanceOf(address,uint256)

    /// @dev Everything a check reads, in one slot (20 + 2 + 1 + 1 + 1 + 1 bytes). `data` is zero for unknown ids.
    struct SetHeader {
        address data;
        uint16 size;
        Logic logic;
        uint8 threshold;
        uint8 ruleCount;
        bool frozen;
    }

    mapping(uint256 ruleSetId => SetHeader) private _headers;
    mapping(uint256 ruleSetId => address) private _owners;
    uint256 private _count;

    // ------------------------------------------------------------------ writes

    /// @inheritdoc IDm3RuleSets
    function createRuleSet(Logic logic, uint8 threshold, Rule[] calldata rules) external returns (uint256 ruleSetId) {
        ruleSetId = ++_count;
        _owners[ruleSetId] = msg.sender;
        _store(ruleSetId, logic, threshold, rules);
        emit RuleSetCreated(ruleSetId, msg.sender, logic, threshold, rules.length);
    }

    /// @inheritdoc IDm3RuleSets
    function updateRuleSet(uint256 ruleSetId, Logic logic, uint8 threshold, Rule[] calldata rules) external {
        _checkMutableByCaller(ruleSetId);
        _store(ruleSetId, logic, threshold, rules);
        emit RuleSetUpdated(ruleSetId, logic, threshold, rules.length);
    }

    /// @inheritdoc IDm3RuleSets
    function freezeRuleSet(uint256 ruleSetId) external {
        _checkMutableByCaller(ruleSetId);
        _headers[ruleSetId].frozen = true;
        emit RuleSetFrozen(ruleSetId);
    }

    /// @inheritdoc IDm3RuleSets
    function transferRuleSetOwnership(uint256 ruleSetId, address newOwner) external {
        if (newOwner == address(0)) revert Dm3RuleSetsZeroOwner();
        _checkMutableByCaller(ruleSetId);
        _owners[ruleSetId] = newOwner;
        emit RuleSetOwnershipTransferred(ruleSetId, msg.sender, newOwner);
    }

    // ------------------------------------------------------------------ reads

    /// @inheritdoc IDm3RuleSets
    function isAllowed(uint256 ruleSetId, address account) external view returns (bool) {
        return _allowed(ruleSetId, account, 0);
    }

    /// @inheritdoc IDm3RuleSets
    function explain(uint256 ruleSetId, address account) external view returns (SetOutcome[] memory outcomes) {
        outcomes = new SetOutcome[](_countSets(ruleSetId, 0));
        _explain(ruleSetId, account, 0, outcomes, 0);
    }

    /// @inheritdoc IDm3RuleSets
    function readHoldings(HoldingQuery[] calldata queries) external view returns (Holding[] memory holdings) {
        uint256 length = queries.length;
        holdings = new Holding[](length);
        for (uint256 i; i < length; ++i) {
            HoldingQuery calldata q = queries[i];
            if (q.kind == RuleKind.RULE_SET) revert Dm3RuleSetsInvalidQuery(i);
            (bool ok, uint256 value) = _read(uint256(q.kind), q.token, q.account, q.id);
            holdings[i] = Holding(ok, value);
        }
    }

    /// @inheritdoc IDm3RuleSets
    function getRuleSet(uint256 ruleSetId) external view returns (RuleSet memory set) {
        (SetHeader memory header, bytes memory blob) = _load(ruleSetId);
        set.owner = _owners[ruleSetId];
        set.frozen = header.frozen;
        set.logic = header.logic;
        set.threshold = header.threshold;
        set.rules = new Rule[](header.ruleCount);
        uint256 p = _start(blob);
        for (uint256 i; i < header.ruleCount; ++i) {
            (uint256 head, uint256 bounds) = _ruleAt(p);
            uint256 n = _idCount(head);
            uint256[] memory ids = new uint256[](n);
            for (uint256 j; j < n; ++j) ids[j] = _idAt(p, j);
            set.rules[i] = Rule({
                kind: RuleKind(_kind(head)),
                negate: _negated(head),
                token: _token(head),
                min: uint128(bounds >> 128),
                max: uint128(bounds),
                ids: ids
            });
            p = _next(p, head);
        }
    }

    /// @inheritdoc IDm3RuleSets
    function ruleSetCount() external view returns (uint256) {
        return _count;
    }

    /// @inheritdoc IDm3RuleSets
    function limits() external pure returns (uint256 maxRules, uint256 maxIds, uint256 maxDepth, uint256 callGas) {
        return (_MAX_RULES, _MAX_IDS, _MAX_DEPTH, _CALL_GAS);
    }

    // ------------------------------------------------------------------ writing

    /// @dev Reverts unless the set exists, the caller owns it and it is not frozen.
    function _checkMutableByCaller(uint256 ruleSetId) private view {
        SetHeader storage header = _headers[ruleSetId];
        if (header.data == address(0)) revert Dm3RuleSetsUnknownRuleSet(ruleSetId);
        if (_owners[ruleSetId] != msg.sender) revert Dm3RuleSetsUnauthorized(ruleSetId, msg.sender);
        if (header.frozen) revert Dm3RuleSetsFrozen(ruleSetId);
    }

    /// @dev Validates `rules`, writes them to a new data contract and points the set's header at it (not frozen).
    function _store(uint256 ruleSetId, Logic logic, uint8 threshold, Rule[] calldata rules) private {
        uint256 count = rules.length;
        if (count == 0 || count > _MAX_RULES) revert Dm3RuleSetsInvalidRuleCount(count);
        if (logic == Logic.ANY_OF ? threshold == 0 || threshold > count : threshold != 0) {
            revert Dm3RuleSetsInvalidThreshold(logic, threshold, count);
        }
        uint256 size;
        for (uint256 i; i < count; ++i) {
            _validate(ruleSetId, i, rules[i]);
            size += _RULE_HEAD_BYTES + 32 * rules[i].ids.length;
        }
        bytes memory blob = new bytes(size);
        uint256 p = _start(blob);
        for (uint256 i; i < count; ++i) {
            Rule calldata rule = rules[i];
            uint256 n = rule.ids.length;
            uint256 head = (uint256(uint160(rule.token)) << 96) | (uint256(rule.kind) << 88) | (rule.negate ? 1 << 80 : 0) | (n << 72);
            uint256 bounds = (uint256(rule.min) << 128) | rule.max;
            uint256[] calldata ids = rule.ids;
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                mstore(p, head)
                mstore(add(p, 32), bounds)
                calldatacopy(add(p, 64), ids.offset, mul(n, 32))
            }
            p += _RULE_HEAD_BYTES + 32 * n;
        }
        // size <= 16 * (64 + 8 * 32) = 5,120 bytes, far below Dm3CodeStore.MAX_LENGTH.
        address data = Dm3CodeStore.write(blob);
        if (data == address(0)) revert Dm3RuleSetsDataWriteFailed(size);
        // size <= 16 * (64 + 8 * 32) = 5,120 and count <= 16: both fit their fields.
        _headers[ruleSetId] = SetHeader(data, uint16(size), logic, threshold, uint8(count), false);
    }

    /// @dev Reverts when rule `index` of set `ruleSetId` is malformed or references a set it must not.
    function _validate(uint256 ruleSetId, uint256 index, Rule calldata rule) private view {
        if (rule.min > rule.max) revert Dm3RuleSetsInvalidBounds(index, rule.min, rule.max);
        RuleKind kind = rule.kind;
        bool tokenless = kind == RuleKind.NATIVE_BALANCE || kind == RuleKind.RULE_SET;
        if (tokenless != (rule.token == address(0))) revert Dm3RuleSetsInvalidToken(index, rule.token);
        uint256 n = rule.ids.length;
        (uint256 least, uint256 most) = kind == RuleKind.ERC1155_BALANCE
            ? (1, _MAX_IDS)
            : (kind == RuleKind.ERC721_OWNER || kind == RuleKind.RULE_SET ? (1, 1) : (0, 0));
        if (n < least || n > most) revert Dm3RuleSetsInvalidIdCount(index, n);
        if (kind == RuleKind.RULE_SET) _checkReference(ruleSetId, rule.ids[0], 1);
    }

    /// @dev Reverts when `ref` (sitting `depth` levels below `ruleSetId`) is unknown, is or reaches `ruleSetId`,
    /// or nests deeper than `_MAX_DEPTH` below `ruleSetId`. Walks every path: the writer pays for it.
    function _checkReference(uint256 ruleSetId, uint256 ref, uint256 depth) private view {
        if (ref == ruleSetId) revert Dm3RuleSetsCycle(ruleSetId);
        if (depth > _MAX_DEPTH) revert Dm3RuleSetsTooDeep(ruleSetId);
        (SetHeader memory header, bytes memory blob) = _load(ref);
        uint256 p = _start(blob);
        for (uint256 i; i < header.ruleCount; ++i) {
            (uint256 head,) = _ruleAt(p);
            if (_kind(head) == _RULE_SET) _checkReference(ruleSetId, _idAt(p, 0), depth + 1);
            p = _next(p, head);
        }
    }

    // ------------------------------------------------------------------ evaluating

    /// @dev Whether `account` passes set `ruleSetId`, which sits `depth` (<= _MAX_DEPTH) levels below the set
    /// asked about. Stops as soon as the outcome is certain.
    function _allowed(uint256 ruleSetId, address account, uint256 depth) private view returns (bool) {
        (SetHeader memory header, bytes memory blob) = _load(ruleSetId);
        uint256 count = header.ruleCount;
        uint256 needed = _needed(header);
        uint256 passed;
        uint256 p = _start(blob);
        for (uint256 i; i < count; ++i) {
            if (_rulePasses(p, account, depth)) {
                if (++passed == needed) return true;
            } else if (passed + (count - i - 1) < needed) {
                return false;
            }
            p = _next(p, _head(p));
        }
        // Unreachable with needed >= 1 (every set has a rule; ANY_OF's threshold is >= 1), kept for clarity.
        return false;
    }

    /// @dev Whether the rule at memory position `p` of a set at `depth` passes for `account`.
    function _rulePasses(uint256 p, address account, uint256 depth) private view returns (bool) {
        (uint256 head, uint256 bounds) = _ruleAt(p);
        uint256 value;
        if (_kind(head) == _RULE_SET) {
            value = depth < _MAX_DEPTH && _allowed(_idAt(p, 0), account, depth + 1) ? 1 : 0;
        } else {
            // ERC-1155 reads can stop once the value settles the range check: at `min` without an upper
            // bound, above `max` with one (max < 2^128 - 1 there, so max + 1 cannot overflow).
            uint256 max = uint128(bounds);
            (value,) = _value(head, p, account, max == _NO_MAX ? bounds >> 128 : max + 1);
        }
        return _passes(head, bounds, value);
    }

    /// @dev Number of sets `explain` reports for `ruleSetId` at `depth`: itself plus every followed reference.
    function _countSets(uint256 ruleSetId, uint256 depth) private view returns (uint256 count) {
        (SetHeader memory header, bytes memory blob) = _load(ruleSetId);
        count = 1;
        uint256 p = _start(blob);
        for (uint256 i; i < header.ruleCount; ++i) {
            (uint256 head,) = _ruleAt(p);
            if (_kind(head) == _RULE_SET && depth < _MAX_DEPTH) count += _countSets(_idAt(p, 0), depth + 1);
            p = _next(p, head);
        }
    }

    /// @dev Fills `outcomes[index]` with set `ruleSetId`'s outcome and the following entries with its references'
    /// (depth first). Returns the next free index and whether the set allows `account`.
    function _explain(uint256 ruleSetId, address account, uint256 depth, SetOutcome[] memory outcomes, uint256 index)
        private
        view
        returns (uint256 next, bool allowed)
    {
        (SetHeader memory header, bytes memory blob) = _load(ruleSetId);
        RuleOutcome[] memory rules = new RuleOutcome[](header.ruleCount);
        next = index + 1;
        uint256 passed;
        uint256 p = _start(blob);
        for (uint256 i; i < rules.length; ++i) {
            next = _explainRule(p, account, depth, outcomes, next, rules[i]);
            if (rules[i].passed) ++passed;
            p = _next(p, _head(p));
        }
        allowed = passed >= _needed(header);
        // depth <= _MAX_DEPTH fits uint8.
        outcomes[index] = SetOutcome(ruleSetId, uint8(depth), allowed, rules);
    }

    /// @dev Fills `outcome` for the rule at memory position `p` of a set at `depth` (every read, no
    /// short-circuit); a followed reference fills `outcomes` from `next` on. Returns the next free index.
    function _explainRule(
        uint256 p,
        address account,
        uint256 depth,
        SetOutcome[] memory outcomes,
        uint256 next,
        RuleOutcome memory outcome
    ) private view returns (uint256) {
        (uint256 head, uint256 bounds) = _ruleAt(p);
        if (_kind(head) != _RULE_SET) {
            (outcome.value, outcome.readFailed) = _value(head, p, account, type(uint256).max);
        } else if (depth < _MAX_DEPTH) {
            bool child;
            (next, child) = _explain(_idAt(p, 0), account, depth + 1, outcomes, next);
            outcome.value = child ? 1 : 0;
        } else {
            outcome.readFailed = true;
        }
        outcome.passed = _passes(head, bounds, outcome.value);
        return next;
    }

    /// @dev How many rules must pass.
    function _needed(SetHeader memory header) private pure returns (uint256) {
        if (header.logic == Logic.AND) return header.ruleCount;
        if (header.logic == Logic.OR) return 1;
        return header.threshold;
    }

    /// @dev Whether a rule with `head` and `bounds` passes with `value`.
    function _passes(uint256 head, uint256 bounds, uint256 value) private pure returns (bool) {
        uint256 max = uint128(bounds);
        bool inRange = value >= bounds >> 128 && (max == _NO_MAX || value <= max);
        return inRange != _negated(head);
    }

    /// @dev The value of the (non-RULE_SET) rule at `p` for `account`, and whether a read failed. ERC-1155 reads
    /// stop once the value reaches `stopAt`.
    function _value(uint256 head, uint256 p, address account, uint256 stopAt) private view returns (uint256 value, bool failed) {
        uint256 kind = _kind(head);
        address token = _token(head);
        if (kind != _ERC1155) {
            bool ok;
            (ok, value) = _read(kind, token, account, kind == _ERC721_OWNER ? _idAt(p, 0) : 0);
            return (value, !ok);
        }
        uint256 n = _idCount(head);
        for (uint256 j; j < n; ++j) {
            (bool ok, uint256 balance) = _read(kind, token, account, _idAt(p, j));
            if (!ok) failed = true;
            if (balance > value) value = balance;
            if (value >= stopAt) break;
        }
    }

    /// @dev One holding read of `kind` (not RULE_SET): the native balance, or a `staticcall` with `_CALL_GAS` gas
    /// whose answer counts only when it is exactly one word (and a clean address for `ownerOf`); anything
    /// else is (false, 0). ERC721_OWNER yields 1 when `account` is the owner. Return data is never copied
    /// beyond one word, so a token returning megabytes costs only its own gas.
    function _read(uint256 kind, address token, address account, uint256 id) private view returns (bool ok, uint256 value) {
        if (kind == _NATIVE) return (true, account.balance);
        bytes4 selector = kind == _ERC721_OWNER ? _SEL_OWNER_OF : (kind == _ERC1155 ? _SEL_BALANCE_OF_ID : _SEL_BALANCE_OF);
        uint256 length = kind == _ERC1155 ? 68 : 36;
        if (gasleft() < _MIN_GAS_BEFORE_READ) revert Dm3RuleSetsInsufficientGas();
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            // Calldata in unallocated memory (temporary): selector, then (account) | (id) | (account, id).
            let ptr := mload(0x40)
            let who := and(account, 0xffffffffffffffffffffffffffffffffffffffff)
            mstore(ptr, selector)
            switch eq(kind, _ERC721_OWNER)
            case 1 { mstore(add(ptr, 4), id) }
            default {
                mstore(add(ptr, 4), who)
                mstore(add(ptr, 36), id)
            }
            // Two statements: Yul evaluates arguments right to left, so returndatasize() must come after the call.
            let success := staticcall(_CALL_GAS, token, ptr, length, 0, 0)
            if and(success, eq(returndatasize(), 32)) {
                returndatacopy(0, 0, 32)
                value := mload(0)
                ok := 1
            }
            if and(ok, eq(kind, _ERC721_OWNER)) {
                // An address with dirty upper bits is garbage; otherwise 1 when it is the account.
                switch shr(160, value)
                case 0 { value := eq(value, who) }
                default {
                    ok := 0
                    value := 0
                }
            }
        }
    }

    // ------------------------------------------------------------------ encoding

    /// @dev The header and rules of `ruleSetId`; reverts for an unknown id.
    function _load(uint256 ruleSetId) private view returns (SetHeader memory header, bytes memory blob) {
        header = _headers[ruleSetId];
        if (header.data == address(0)) revert Dm3RuleSetsUnknownRuleSet(ruleSetId);
        blob = Dm3CodeStore.read(header.data, header.size);
    }

    /// @dev Memory position of the first rule in `blob`.
    function _start(bytes memory blob) private pure returns (uint256 p) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            p := add(blob, 32)
        }
    }

    /// @dev The two head words of the rule at memory position `p`.
    function _ruleAt(uint256 p) private pure returns (uint256 head, uint256 bounds) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            head := mload(p)
            bounds := mload(add(p, 32))
        }
    }

    /// @dev The head word of the rule at memory position `p`.
    function _head(uint256 p) private pure returns (uint256 head) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            head := mload(p)
        }
    }

    /// @dev Id `j` of the rule at memory position `p`.
    function _idAt(uint256 p, uint256 j) private pure returns (uint256 id) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            id := mload(add(add(p, 64), mul(j, 32)))
        }
    }

    /// @dev Memory position of the rule after the one at `p`.
    function _next(uint256 p, uint256 head) private pure returns (uint256) {
        return p + _RULE_HEAD_BYTES + 32 * _idCount(head);
    }

    /// @dev The rule's kind.
    function _kind(uint256 head) private pure returns (uint256) {
        return uint8(head >> 88);
    }

    /// @dev The rule's token.
    function _token(uint256 head) private pure returns (address) {
        return address(uint160(head >> 96));
    }

    /// @dev Whether the rule is negated.
    function _negated(uint256 head) private pure returns (bool) {
        return uint8(head >> 80) != 0;
    }

    /// @dev The rule's number of ids.
    function _idCount(uint256 head) private pure returns (uint256) {
        return uint8(head >> 72);
    }
}
