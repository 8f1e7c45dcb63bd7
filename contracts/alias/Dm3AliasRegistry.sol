// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControlDefaultAdminRules} from
    "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IDm3AliasRegistry} from "../interfaces/IDm3AliasRegistry.sol";
import {IDm3AliasEnsRegistry} from "../interfaces/IDm3AliasEns.sol";

/// @title Dm3AliasRegistry
/// @notice One-to-one mapping of foreign top-level labels (`gno`) to ENS parent names
/// (`gnosis.dm3.eth`), managed by a governance role; a successor of dm3's `TopLevelAliasRegistry`
/// that keeps its ABI.
/// @dev The default admin (two-step transfer with a delay, OpenZeppelin `AccessControlDefaultAdminRules`,
/// which also answers `owner()`) grants and revokes `ALIAS_MANAGER_ROLE`. Parents are stored
/// DNS-encoded, the reverse direction by the parent's namehash.
contract Dm3AliasRegistry is IDm3AliasRegistry, AccessControlDefaultAdminRules {
    /// @inheritdoc IDm3AliasRegistry
    bytes32 public constant ALIAS_MANAGER_ROLE = keccak256("DM3_ALIAS_MANAGER_ROLE");

    uint256 private constant _MAX_DNS_LENGTH = 255;

    IDm3AliasEnsRegistry private immutable _ens;

    /// @dev keccak256(top-level label) => DNS-encoded parent name ("" when unmapped).
    mapping(bytes32 topLevelHash => bytes) private _parents;
    /// @dev namehash(parent) => top-level label that stands for it.
    mapping(bytes32 parentNode => string) private _aliasByParent;
    /// @dev keccak256(label) => how many mapped parents have that label as their top level.
    mapping(bytes32 topLevelHash => uint256) private _parentsUnder;

    /// @notice Creates the registry.
    /// @param ens_ ENS registry (refuses aliases of top-level names that exist there).
    /// @param admin Default admin and first alias manager.
    /// @param adminTransferDelay Seconds a default-admin transfer must wait before it can be accepted.
    constructor(IDm3AliasEnsRegistry ens_, address admin, uint48 adminTransferDelay)
        AccessControlDefaultAdminRules(adminTransferDelay, admin)
    {
        if (address(ens_) == address(0)) revert Dm3AliasZeroAddress();
        _ens = ens_;
        _grantRole(ALIAS_MANAGER_ROLE, admin);
    }

    // ------------------------------------------------------------------ management

    /// @inheritdoc IDm3AliasRegistry
    function setAlias(string calldata topLevel, string calldata parent) external {
        _checkManager();
        bytes32 topLevelHash = _checkTopLevel(topLevel);
        (bytes memory dnsName, bytes32 parentNode, bytes32 parentTopHash) = _parseParent(parent);

        bytes memory previous = _parents[topLevelHash];
        if (previous.length != 0 && keccak256(previous) == keccak256(dnsName)) return; // already so

        if (_ens.owner(keccak256(abi.encodePacked(bytes32(0), topLevelHash))) != address(0)) {
            revert Dm3AliasShadowsEnsTopLevel(topLevel);
        }
        if (_parentsUnder[topLevelHash] != 0) revert Dm3AliasIsParentTopLevel(topLevel);
        string storage holder = _aliasByParent[parentNode];
        if (bytes(holder).length != 0) revert Dm3AliasParentTaken(parent, holder);
        if (parentTopHash == topLevelHash || _parents[parentTopHash].length != 0) revert Dm3AliasChained(parent);

        bytes32 previousNode;
        if (previous.length != 0) {
            previousNode = _namehash(previous);
            delete _aliasByParent[previousNode];
            _parentsUnder[_topLabelHash(previous)] -= 1;
        }
        _parents[topLevelHash] = dnsName;
        _aliasByParent[parentNode] = topLevel;
        _parentsUnder[parentTopHash] += 1;

        if (previous.length == 0) {
            emit AliasSet(topLevelHash, parentNode, topLevel, parent);
        } else {
            emit AliasUpdated(topLevelHash, previousNode, parentNode, topLevel, _toDotted(previous), parent);
        }
    }

    /// @inheritdoc IDm3AliasRegistry
    function removeAlias(string calldata topLevel) external {
        _checkManager();
        bytes32 topLevelHash = keccak256(bytes(topLevel));
        bytes memory previous = _parents[topLevelHash];
        if (previous.length == 0) revert Dm3AliasNotFound(topLevel);
        bytes32 previousNode = _namehash(previous);

        delete _parents[topLevelHash];
        delete _aliasByParent[previousNode];
        _parentsUnder[_topLabelHash(previous)] -= 1;

        emit AliasRemoved(topLevelHash, previousNode, topLevel, _toDotted(previous));
    }

    // ------------------------------------------------------------------ lookups

    /// @inheritdoc IDm3AliasRegistry
    function existsAlias(string calldata topLevel) external view returns (bool) {
        return _parents[keccak256(bytes(topLevel))].length != 0;
    }

    /// @inheritdoc IDm3AliasRegistry
    function aliases(string calldata topLevel) external view returns (string memory) {
        bytes memory dnsName = _parents[keccak256(bytes(topLevel))];
        return dnsName.length == 0 ? "" : _toDotted(dnsName);
    }

    /// @inheritdoc IDm3AliasRegistry
    function parentDnsName(bytes32 topLevelHash) external view returns (bytes memory) {
        return _parents[topLevelHash];
    }

    /// @inheritdoc IDm3AliasRegistry
    function aliasOf(string calldata parent) external view returns (string memory) {
        (bytes memory dnsName,,) = _parseParent(parent);
        return _aliasByParent[_namehash(dnsName)];
    }

    /// @inheritdoc IDm3AliasRegistry
    function aliasOfNode(bytes32 parentNode) external view returns (string memory) {
        return _aliasByParent[parentNode];
    }

    /// @inheritdoc IDm3AliasRegistry
    function canonicalName(bytes calldata name) external view returns (bytes memory canonical, bool aliased) {
        uint256 offset;
        uint256 last = type(uint256).max;
        for (;;) {
            if (offset >= name.length) revert Dm3AliasMalformedDnsName(name);
            uint256 length = uint8(name[offset]);
            if (length == 0) break;
            last = offset;
            offset += 1 + length;
        }
        if (offset != name.length - 1) revert Dm3AliasMalformedDnsName(name);
        if (last == type(uint256).max) return (name, false); // the root
        bytes memory parent = _parents[keccak256(name[last + 1:offset])];
        if (parent.length == 0) return (name, false);
        return (bytes.concat(name[:last], parent), true);
    }

    /// @inheritdoc IDm3AliasRegistry
    function aliasedName(bytes calldata name) external view returns (bytes memory display, bool aliased) {
        (, uint256 cut, string memory topLevel, bool found) = _closestAliasedAncestor(name, 0);
        if (!found) return (name, false);
        bytes memory label = bytes(topLevel);
        return (bytes.concat(name[:cut], bytes1(uint8(label.length)), label, bytes1(0)), true);
    }

    /// @inheritdoc IDm3AliasRegistry
    function ens() external view returns (address) {
        return address(_ens);
    }

    /// @notice ERC-165: this registry's interface, access control and ERC-165 itself.
    /// @param interfaceId The interface id.
    /// @return True when supported.
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IDm3AliasRegistry).interfaceId || super.supportsInterface(interfaceId);
    }

    // ------------------------------------------------------------------ internals

    function _checkManager() private view {
        if (!hasRole(ALIAS_MANAGER_ROLE, msg.sender)) revert Dm3AliasUnauthorized(msg.sender);
    }

    /// @dev Validates one top-level label; returns its labelhash.
    function _checkTopLevel(string calldata topLevel) private pure returns (bytes32) {
        bytes calldata label = bytes(topLevel);
        if (label.length == 0) revert Dm3AliasEmptyTopLevel();
        if (label.length + 2 > _MAX_DNS_LENGTH) revert Dm3AliasNameTooLong(topLevel, label.length + 2);
        for (uint256 i; i < label.length; ++i) {
            bytes1 c = label[i];
            if (c == ".") revert Dm3AliasTopLevelHasDot(topLevel);
            _checkCharacter(c, topLevel, i);
        }
        return keccak256(label);
    }

    /// @dev Validates a dotted parent name; returns it DNS-encoded, its namehash and the labelhash of its top-level label.
    function _parseParent(string calldata parent)
        private
        pure
        returns (bytes memory dnsName, bytes32 node, bytes32 topHash)
    {
        bytes calldata text = bytes(parent);
        uint256 n = text.length;
        if (n == 0) revert Dm3AliasEmptyParent();
        if (text[0] == ".") revert Dm3AliasParentLeadingDot(parent);
        if (text[n - 1] == ".") revert Dm3AliasParentTrailingDot(parent);
        if (n + 2 > _MAX_DNS_LENGTH) revert Dm3AliasNameTooLong(parent, n + 2);

        // DNS encoding is the text shifted by one byte, each dot replaced by the length of the label
        // after it, a length byte in front and a zero at the end. Labels are < 255 bytes as n <= 253.
        dnsName = new bytes(n + 2);
        uint256 labelStart;
        for (uint256 i; i < n; ++i) {
            bytes1 c = text[i];
            if (c == ".") {
                if (i == labelStart) revert Dm3AliasParentEmptyLabel(parent, i);
                dnsName[labelStart] = bytes1(uint8(i - labelStart));
                labelStart = i + 1;
            } else {
                _checkCharacter(c, parent, i);
                dnsName[i + 1] = c;
            }
        }
        dnsName[labelStart] = bytes1(uint8(n - labelStart));
        topHash = keccak256(text[labelStart:]);
        node = _namehash(dnsName);
    }

    /// @dev Refuses uppercase ASCII and ASCII characters ENSIP-15 never allows in a label. Bytes
    /// >= 0x80 (UTF-8 of non-ASCII characters) are the SDK's to normalize.
    function _checkCharacter(bytes1 c, string calldata name, uint256 offset) private pure {
        if (c >= 0x80) return;
        if ((c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c == "-" || c == "_" || c == "$") return;
        if (c >= "A" && c <= "Z") revert Dm3AliasUppercase(name, offset);
        revert Dm3AliasInvalidCharacter(name, offset);
    }

    /// @dev Namehash of a well-formed DNS-encoded name (only names this contract encoded reach here).
    function _namehash(bytes memory dnsName) private pure returns (bytes32 node) {
        return _namehashFrom(dnsName, 0);
    }

    function _namehashFrom(bytes memory dnsName, uint256 offset) private pure returns (bytes32) {
        uint256 length = uint8(dnsName[offset]);
        if (length == 0) return bytes32(0);
        bytes32 parent = _namehashFrom(dnsName, offset + 1 + length);
        return keccak256(abi.encodePacked(parent, _labelHash(dnsName, offset, length)));
    }

    /// @dev keccak256 of the label whose length byte is at `offset`.
    function _labelHash(bytes memory dnsName, uint256 offset, uint256 length) private pure returns (bytes32 hash) {
        // Hashes the label in place; Solidity cannot hash a memory slice without copying it.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            // data starts 32 bytes after the pointer; the label 1 byte after its length byte
            hash := keccak256(add(add(dnsName, 33), offset), length)
        }
    }

    /// @dev Labelhash of the last label of a well-formed DNS-encoded name with at least one label.
    function _topLabelHash(bytes memory dnsName) private pure returns (bytes32) {
        uint256 offset;
        uint256 last;
        for (uint256 length = uint8(dnsName[0]); length != 0; length = uint8(dnsName[offset])) {
            last = offset;
            offset += 1 + length;
        }
        return _labelHash(dnsName, last, uint8(dnsName[last]));
    }

    /// @dev Walks `name` (calldata, DNS-encoded) from the top down to `offset`: returns the namehash of
    /// the suffix at `offset` and, of the mapped parents among the suffixes at or below `offset`, the
    /// closest to the full name (its start and alias). Reverts on a malformed name.
    function _closestAliasedAncestor(bytes calldata name, uint256 offset)
        private
        view
        returns (bytes32 node, uint256 cut, string memory topLevel, bool found)
    {
        if (offset >= name.length) revert Dm3AliasMalformedDnsName(name);
        uint256 length = uint8(name[offset]);
        if (length == 0) {
            if (offset != name.length - 1) revert Dm3AliasMalformedDnsName(name);
            return (bytes32(0), 0, "", false);
        }
        uint256 next = offset + 1 + length;
        if (next >= name.length) revert Dm3AliasMalformedDnsName(name);
        bytes32 parentNode;
        (parentNode, cut, topLevel, found) = _closestAliasedAncestor(name, next);
        node = keccak256(abi.encodePacked(parentNode, keccak256(name[offset + 1:next])));
        string storage mapped = _aliasByParent[node];
        if (bytes(mapped).length != 0) return (node, offset, mapped, true);
    }

    /// @dev Dotted text form of a well-formed DNS-encoded name with at least one label.
    function _toDotted(bytes memory dnsName) private pure returns (string memory) {
        uint256 n = dnsName.length - 2; // without the leading length byte and the final zero
        bytes memory text = new bytes(n);
        uint256 next = uint8(dnsName[0]) + 1;
        for (uint256 i = 1; i <= n; ++i) {
            if (i == next) {
                text[i - 1] = ".";
                next += uint8(dnsName[i]) + 1;
            } else {
                text[i - 1] = dnsName[i];
            }
        }
        return string(text);
    }
}
