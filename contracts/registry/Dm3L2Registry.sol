// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IDm3L2Registry} from "../interfaces/IDm3L2Registry.sol";
import {IExtendedResolver, IMulticallable} from "../interfaces/IEnsResolvers.sol";
import {Dm3DnsName} from "../utils/Dm3DnsName.sol";
import {EVM_COIN_TYPE_BIT} from "../utils/Dm3Constants.sol";
import {Dm3RecordsBase} from "./records/Dm3RecordsBase.sol";
import {Dm3TextRecords} from "./records/Dm3TextRecords.sol";
import {Dm3AddrRecords} from "./records/Dm3AddrRecords.sol";
import {Dm3ContenthashRecords} from "./records/Dm3ContenthashRecords.sol";
import {Dm3SignedRecords} from "./records/Dm3SignedRecords.sol";
import {Dm3RecordMulticall} from "./records/Dm3RecordMulticall.sol";

/// @title Dm3L2Registry
/// @notice dm3 subnames of one parent name as ERC-721 tokens (id = uint256(namehash)), each with its
/// own resolver records, registered by owner-approved registrar contracts and read from L1 through
/// a CCIP-Read gateway calling `resolve`.
/// @dev Composed of record mixins (contracts/registry/records/) the way ens-contracts composes its
/// PublicResolver. A transfer moves the name to a new, empty record version, so a new owner never
/// inherits the seller's records.
contract Dm3L2Registry is
    ERC721,
    Ownable2Step,
    Dm3TextRecords,
    Dm3AddrRecords,
    Dm3ContenthashRecords,
    Dm3SignedRecords,
    Dm3RecordMulticall,
    IDm3L2Registry
{
    /// @dev Longest label kept in the name's state slot; longer labels are stored apart.
    uint256 private constant _SHORT_LABEL_MAX = 15;

    bytes32 private immutable _parentNode;
    uint256 private immutable _chainCoinType;
    bytes private _parentName;

    mapping(address registrar => bool) private _registrars;
    /// @dev Labels longer than `_SHORT_LABEL_MAX` bytes (shorter ones live in `NameState.label`).
    mapping(bytes32 node => string) private _longLabels;

    /// @notice Creates the registry for the subnames of `parentName`.
    /// @param parentName DNS-encoded parent name, e.g. `dnsEncode("l2.dm3.eth")`.
    /// @param initialOwner Registry owner (approves registrars).
    /// @param tokenName ERC-721 collection name.
    /// @param tokenSymbol ERC-721 symbol.
    constructor(bytes memory parentName, address initialOwner, string memory tokenName, string memory tokenSymbol)
        ERC721(tokenName, tokenSymbol)
        Ownable(initialOwner)
        Dm3SignedRecords("Dm3L2Registry", "1")
    {
        _parentNode = Dm3DnsName.namehash(parentName, 0);
        _parentName = parentName;
        _chainCoinType = EVM_COIN_TYPE_BIT | block.chainid;
    }

    // ------------------------------------------------------------------ registration

    /// @inheritdoc IDm3L2Registry
    function register(string calldata label, address to, bytes[] calldata records) external returns (bytes32 node) {
        if (!_registrars[msg.sender]) revert Dm3RegistryNotRegistrar(msg.sender);
        uint256 length = bytes(label).length;
        if (length == 0 || length > 255) revert Dm3RegistryInvalidLabel(label);
        for (uint256 i; i < length; ++i) {
            if (bytes(label)[i] == ".") revert Dm3RegistryInvalidLabel(label);
        }
        bytes32 labelhash = keccak256(bytes(label));
        node = keccak256(abi.encodePacked(_parentNode, labelhash));
        if (_ownerOf(uint256(node)) != address(0)) revert Dm3RegistryNameTaken(node);

        _storeLabel(node, label);
        // A name is never burnt, so a new one has no records and no signed update can be outstanding.
        _applyRecords(node, _recordVersion(node), records);
        // Mint last: `_safeMint` calls the receiver, and every state change is done by then.
        _safeMint(to, uint256(node));
        emit NewOwner(_parentNode, labelhash, to);
        emit NameRegistered(node, label, to, msg.sender);
    }

    /// @inheritdoc IDm3L2Registry
    function approveRegistrar(address registrar) external onlyOwner {
        if (registrar == address(0)) revert Dm3RegistryZeroAddress();
        _registrars[registrar] = true;
        emit RegistrarApproved(registrar);
    }

    /// @inheritdoc IDm3L2Registry
    function revokeRegistrar(address registrar) external onlyOwner {
        _registrars[registrar] = false;
        emit RegistrarRevoked(registrar);
    }

    // ------------------------------------------------------------------ reads

    /// @inheritdoc IExtendedResolver
    /// @dev What the gateway reads: `text`, both `addr` forms, `contenthash`, and `multicall(bytes[])` of
    /// those; every call must name the namehash of `name`.
    function resolve(bytes calldata name, bytes calldata data) external view returns (bytes memory) {
        bytes32 node = Dm3DnsName.namehash(name, 0);
        uint64 version = _recordVersion(node);
        if (data.length >= 4 && bytes4(data) == IMulticallable.multicall.selector) {
            bytes[] memory calls = abi.decode(data[4:], (bytes[]));
            bytes[] memory results = new bytes[](calls.length);
            for (uint256 i; i < calls.length; ++i) {
                results[i] = _answer(node, version, calls[i]);
            }
            return abi.encode(results);
        }
        return _answer(node, version, data);
    }

    /// @inheritdoc IDm3L2Registry
    function owner(bytes32 node) external view returns (address) {
        return _ownerOf(uint256(node));
    }

    /// @inheritdoc IDm3L2Registry
    function dnsName(bytes32 node) external view returns (bytes memory) {
        if (node == _parentNode) return _parentName;
        bytes memory label = _label(node);
        // A registered label is 1..255 bytes (checked in `register`), so its length fits the length byte.
        return label.length == 0 ? label : abi.encodePacked(uint8(label.length), label, _parentName);
    }

    /// @inheritdoc IDm3L2Registry
    function parentNode() external view returns (bytes32) {
        return _parentNode;
    }

    /// @inheritdoc IDm3L2Registry
    function makeNode(string calldata label) external view returns (bytes32) {
        return keccak256(abi.encodePacked(_parentNode, keccak256(bytes(label))));
    }

    /// @inheritdoc IDm3L2Registry
    function isRegistrar(address registrar) external view returns (bool) {
        return _registrars[registrar];
    }

    /// @inheritdoc IDm3L2Registry
    function chainCoinType() external view returns (uint256) {
        return _chainCoinType;
    }

    /// @notice ERC-165: ERC-721, the ENS record profiles of the mixins, ENSIP-10 and this registry.
    /// @param interfaceId The interface id.
    /// @return True when supported.
    function supportsInterface(bytes4 interfaceId)
        public
        view
        override(ERC721, Dm3TextRecords, Dm3AddrRecords, Dm3ContenthashRecords, Dm3SignedRecords, Dm3RecordMulticall)
        returns (bool)
    {
        return interfaceId == type(IExtendedResolver).interfaceId || interfaceId == type(IDm3L2Registry).interfaceId
            || super.supportsInterface(interfaceId);
    }

    // ------------------------------------------------------------------ internals

    /// @dev Owner, approved operator or approved account of the token (ERC-721 rules).
    function _mayChange(bytes32 node, address account) internal view override returns (bool) {
        address tokenOwner = _ownerOf(uint256(node));
        return tokenOwner != address(0) && _isAuthorized(tokenOwner, account, uint256(node));
    }

    /// @dev A transfer (not the mint) moves the name to a new, empty record version.
    function _update(address to, uint256 tokenId, address auth) internal override returns (address from) {
        from = super._update(to, tokenId, auth);
        if (from != address(0) && from != to) _newVersion(bytes32(tokenId));
    }

    function _applyRecord(bytes32 node, uint64 version, bytes calldata call)
        internal
        override(Dm3RecordsBase, Dm3TextRecords, Dm3AddrRecords, Dm3ContenthashRecords)
        returns (bool)
    {
        return super._applyRecord(node, version, call);
    }

    function _readRecord(bytes32 node, uint64 version, bytes memory call)
        internal
        view
        override(Dm3RecordsBase, Dm3TextRecords, Dm3AddrRecords, Dm3ContenthashRecords)
        returns (bool, bytes memory)
    {
        return super._readRecord(node, version, call);
    }

    /// @dev Keeps a label of up to `_SHORT_LABEL_MAX` bytes in the name's state slot (length byte, then the
    /// label); a longer one as its length byte there and the label in `_longLabels`.
    function _storeLabel(bytes32 node, string calldata label) private {
        uint256 length = bytes(label).length;
        bool short = length <= _SHORT_LABEL_MAX;
        _nameState(node).label = bytes16(abi.encodePacked(uint8(length), short ? bytes(label) : bytes("")));
        if (!short) _longLabels[node] = label;
    }

    /// @dev The label of `node` (empty when unregistered).
    function _label(bytes32 node) private view returns (bytes memory label) {
        bytes16 packed = _nameState(node).label;
        uint256 length = uint8(packed[0]);
        if (length > _SHORT_LABEL_MAX) return bytes(_longLabels[node]);
        label = new bytes(length);
        for (uint256 i; i < length; ++i) {
            label[i] = packed[i + 1];
        }
    }
}
