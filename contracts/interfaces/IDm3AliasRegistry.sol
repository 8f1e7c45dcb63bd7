// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDm3DnsName} from "./IDm3DnsName.sol";

/// @title IDm3AliasRegistry
/// @notice Governance-managed, one-to-one mapping of foreign top-level labels (e.g. `gno`) to ENS
/// parent names (e.g. `gnosis.dm3.eth`), so that `dave.gno` resolves as `dave.gnosis.dm3.eth`.
/// Keeps the reference `TopLevelAliasRegistry` ABI (`setAlias`, `existsAlias`, `aliases`).
/// @dev Names are expected in ENSIP-15 normalized form (the SDK normalizes); the registry refuses
/// what it can check cheaply: empty labels, dots where none belong, uppercase or disallowed ASCII,
/// over-long names, a parent already taken by another alias, aliases that shadow an ENS top-level
/// name, and alias chains.
interface IDm3AliasRegistry is IDm3DnsName {
    // ------------------------------------------------------------------ errors

    /// @notice `caller` does not hold the alias manager role.
    error Dm3AliasUnauthorized(address caller);
    /// @notice A zero address was given where the ENS registry is required.
    error Dm3AliasZeroAddress();
    /// @notice The top-level label is the empty string.
    error Dm3AliasEmptyTopLevel();
    /// @notice The top-level label contains a dot (it must be one label, e.g. `gno`).
    error Dm3AliasTopLevelHasDot(string topLevel);
    /// @notice The parent name is the empty string.
    error Dm3AliasEmptyParent();
    /// @notice The parent name starts with a dot.
    error Dm3AliasParentLeadingDot(string parent);
    /// @notice The parent name ends with a dot.
    error Dm3AliasParentTrailingDot(string parent);
    /// @notice The parent name has an empty label (two dots in a row) at byte `offset`.
    error Dm3AliasParentEmptyLabel(string parent, uint256 offset);
    /// @notice `name` has an uppercase ASCII letter at byte `offset` (normalize with ENSIP-15 first).
    error Dm3AliasUppercase(string name, uint256 offset);
    /// @notice `name` has an ASCII character at byte `offset` that ENSIP-15 never allows in a label.
    error Dm3AliasInvalidCharacter(string name, uint256 offset);
    /// @notice `name` is `dnsLength` bytes DNS-encoded; the limit is 255.
    error Dm3AliasNameTooLong(string name, uint256 dnsLength);
    /// @notice `parent` is already the target of the alias `topLevel` (the reverse mapping is one-to-one).
    error Dm3AliasParentTaken(string parent, string topLevel);
    /// @notice `topLevel` is a top-level name that exists in the ENS registry; aliasing it would hide real names.
    error Dm3AliasShadowsEnsTopLevel(string topLevel);
    /// @notice The top-level label of `parent` is itself an alias (aliases never chain).
    error Dm3AliasChained(string parent);
    /// @notice `topLevel` is the top-level label of a mapped parent name (aliases never chain).
    error Dm3AliasIsParentTopLevel(string topLevel);
    /// @notice `topLevel` has no alias.
    error Dm3AliasNotFound(string topLevel);

    // ------------------------------------------------------------------ events

    /// @notice The top-level label `topLevel` now stands for `parent` (first mapping of that label).
    /// @param topLevelHash `keccak256(topLevel)` (the label's labelhash).
    /// @param parentNode Namehash of `parent`.
    /// @param topLevel The top-level label.
    /// @param parent The ENS parent name.
    event AliasSet(bytes32 indexed topLevelHash, bytes32 indexed parentNode, string topLevel, string parent);

    /// @notice The alias `topLevel` moved from `previousParent` to `parent`.
    /// @param topLevelHash `keccak256(topLevel)`.
    /// @param previousParentNode Namehash of `previousParent`.
    /// @param parentNode Namehash of `parent`.
    /// @param topLevel The top-level label.
    /// @param previousParent The former ENS parent name.
    /// @param parent The new ENS parent name.
    event AliasUpdated(
        bytes32 indexed topLevelHash,
        bytes32 indexed previousParentNode,
        bytes32 indexed parentNode,
        string topLevel,
        string previousParent,
        string parent
    );

    /// @notice The alias `topLevel` (for `parent`) was removed.
    /// @param topLevelHash `keccak256(topLevel)`.
    /// @param parentNode Namehash of the parent it stood for.
    /// @param topLevel The top-level label.
    /// @param parent The ENS parent name it stood for.
    event AliasRemoved(bytes32 indexed topLevelHash, bytes32 indexed parentNode, string topLevel, string parent);

    // ------------------------------------------------------------------ management

    /// @notice Maps `topLevel` to `parent`, or moves an existing alias to a new parent. Setting the
    /// mapping that already exists changes nothing and emits nothing. Alias manager only.
    /// @dev Reference ABI (`TopLevelAliasRegistry.setAlias(string,string)`).
    /// @param topLevel One normalized label, e.g. `gno`.
    /// @param parent A normalized ENS name, e.g. `gnosis.dm3.eth`.
    function setAlias(string calldata topLevel, string calldata parent) external;

    /// @notice Removes the alias `topLevel`. Alias manager only.
    /// @param topLevel The top-level label.
    function removeAlias(string calldata topLevel) external;

    // ------------------------------------------------------------------ lookups

    /// @notice Whether `topLevel` has an alias.
    /// @dev Reference ABI.
    /// @param topLevel The top-level label.
    /// @return True when mapped.
    function existsAlias(string calldata topLevel) external view returns (bool);

    /// @notice The ENS parent name `topLevel` stands for, or "" when it has none.
    /// @dev Reference ABI (the reference's public `mapping(string => string) aliases` getter).
    /// @param topLevel The top-level label.
    /// @return The parent name.
    function aliases(string calldata topLevel) external view returns (string memory);

    /// @notice The DNS-encoded parent name for the top-level labelhash `topLevelHash`, or "" when unmapped.
    /// @param topLevelHash `keccak256(topLevel)`.
    /// @return DNS-encoded parent name.
    function parentDnsName(bytes32 topLevelHash) external view returns (bytes memory);

    /// @notice The top-level label that stands for the ENS name `parent`, or "" when none does.
    /// @param parent The ENS parent name.
    /// @return The top-level label.
    function aliasOf(string calldata parent) external view returns (string memory);

    /// @notice The top-level label that stands for the name with namehash `parentNode`, or "" when none does.
    /// @param parentNode Namehash of the parent name.
    /// @return The top-level label.
    function aliasOfNode(bytes32 parentNode) external view returns (string memory);

    /// @notice Rewrites an aliased top-level label of a DNS-encoded name to its parent:
    /// `dave.gno` becomes `dave.gnosis.dm3.eth`; a name without alias is returned unchanged.
    /// @param name DNS-encoded name.
    /// @return canonical The DNS-encoded ENS name.
    /// @return aliased True when the top-level label was rewritten.
    function canonicalName(bytes calldata name) external view returns (bytes memory canonical, bool aliased);

    /// @notice The shortest display form of a DNS-encoded ENS name: when the name or one of its
    /// ancestors is a mapped parent, the closest such ancestor is replaced by its alias
    /// (`dave.gnosis.dm3.eth` becomes `dave.gno`); otherwise the name is returned unchanged.
    /// @param name DNS-encoded name.
    /// @return display The DNS-encoded display name.
    /// @return aliased True when a parent was replaced.
    function aliasedName(bytes calldata name) external view returns (bytes memory display, bool aliased);

    /// @notice The ENS registry consulted to refuse aliases that shadow existing top-level names.
    /// @return The registry address.
    function ens() external view returns (address);

    /// @notice Role that may set and remove aliases (granted and revoked by the default admin).
    /// @return The role id.
    function ALIAS_MANAGER_ROLE() external view returns (bytes32);
}
