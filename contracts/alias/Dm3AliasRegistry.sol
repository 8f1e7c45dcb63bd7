// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControlDefaultAdminRules} from
    "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IDm3AliasRegistry} from "../interfaces/IDm3AliasRegistry.sol";
import {IEnsRegistry} from "../interfaces/IEnsRegistry.sol";
import {Dm3DnsName} from "../utils/Dm3DnsName.sol";

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

    IEnsRegistry private immutable _ens;

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
    constructor(IEnsRegistry ens_, address admin, uint48 adminTransferDelay)
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
            bytes32 previousTopHash;
            (previousNode, previousTopHash) = _nodeAndTopLabelHash(previous);
            delete _aliasByParent[previousNode];
            _parentsUnder[previousTopHash] -= 1;
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
        (bytes32 previousNode, bytes32 previousTopHash) = _nodeAndTopLabelHash(previous);

        delete _parents[topLevelHash];
        delete _aliasByParent[previousNode];
        _parentsUnder[previousTopHash] -= 1;

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
        return _aliasByParent[Dm3DnsName.namehash(dnsName, 0)];
    }

    /// @inheritdoc IDm3AliasRegistry
    function aliasOfNode(bytes32 parentNode) external view returns (string memory) {
        return _aliasByParent[parentNode];
    }

    /// @inheritdoc IDm3AliasRegistry
    function canonicalName(bytes calldata name) external view returns (bytes memory canonical, bool aliased) {
        (uint256[] memory offsets, bytes32[] memory hashes) = Dm3DnsName.labels(name, 0);
        if (offsets.length == 0) return (name, false); // the root
        bytes memory parent = _parents[hashes[hashes.length - 1]];
        if (parent.length == 0) return (name, false);
        return (bytes.concat(name[:offsets[offsets.length - 1]], parent), true);
    }

    /// @inheritdoc IDm3AliasRegistry
    function aliasedName(bytes calldata name) external view returns (bytes memory display, bool aliased) {
        // The longest suffix first: the mapped parent closest to the full name wins.
        (bytes32[] memory nodes, uint256[] memory offsets) = Dm3DnsName.suffixNodes(name);
        for (uint256 i; i < nodes.length; ++i) {
            bytes memory label = bytes(_aliasByParent[nodes[i]]);
            if (label.length != 0) {
                return (bytes.concat(name[:offsets[i]], bytes1(uint8(label.length)), label, bytes1(0)), true);
            }
        }
        return (name, false);
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
        node = Dm3DnsName.namehash(dnsName, 0);
    }

    /// @dev Refuses uppercase ASCII and ASCII characters ENSIP-15 never allows in a label. Bytes
    /// >= 0x80 (UTF-8 of non-ASCII characters) are the SDK's to normalize.
    function _checkCharacter(bytes1 c, string calldata name, uint256 offset) private pure {
        if (c >= 0x80) return;
        if ((c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c == "-" || c == "_" || c == "$") return;
        if (c >= "A" && c <= "Z") revert Dm3AliasUppercase(name, offset);
        revert Dm3AliasInvalidCharacter(name, offset);
    }

    /// @dev Namehash and top labelhash of a well-formed DNS-encoded name with at least one label.
    function _nodeAndTopLabelHash(bytes memory dnsName) private pure returns (bytes32 node, bytes32 topHash) {
        bytes32[] memory hashes = Dm3DnsName.labelHashes(dnsName, 0);
        return (Dm3DnsName.namehashOf(hashes), hashes[hashes.length - 1]);
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
