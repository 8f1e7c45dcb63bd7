// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IDm3L2Registry} from "../interfaces/IDm3L2Registry.sol";
import {Dm3DnsName} from "./Dm3DnsName.sol";

/// @title Dm3L2Registry
/// @notice dm3 subnames of one parent name as ERC-721 tokens (id = uint256(namehash)), each with its
/// own resolver records, registered by owner-approved registrar contracts and read from L1 through
/// a CCIP-Read gateway calling `resolve`.
/// @dev Text values longer than `_TEXT_INLINE_MAX` bytes (a dm3 profile is ~400-450) are stored as the
/// runtime code of a data contract (code = 0x00 ‖ value, read back with EXTCODECOPY): code costs 200 gas
/// a byte against ~690 for new storage. Shorter values stay in storage. See `_writeData`.
contract Dm3L2Registry is IDm3L2Registry, ERC721, Ownable2Step, EIP712 {
    /// @dev Coin type of Ethereum (SLIP-44), the one `addr(bytes32)` reads.
    uint256 private constant _COIN_TYPE_ETH = 60;
    /// @dev ENSIP-11 EVM coin types are `0x80000000 | chainId` for chain ids below 2^31.
    uint256 private constant _EVM_COIN_TYPE_BIT = 0x80000000;

    bytes4 private constant _SEL_SET_TEXT = 0x10f13a8c; // setText(bytes32,string,string)
    bytes4 private constant _SEL_SET_ADDR = 0xd5fa2b00; // setAddr(bytes32,address)
    bytes4 private constant _SEL_SET_ADDR_COIN = 0x8b95dd71; // setAddr(bytes32,uint256,bytes)
    bytes4 private constant _SEL_SET_CONTENTHASH = 0x304e6ade; // setContenthash(bytes32,bytes)
    bytes4 private constant _SEL_TEXT = 0x59d1d43c; // text(bytes32,string)
    bytes4 private constant _SEL_ADDR = 0x3b3b57de; // addr(bytes32)
    bytes4 private constant _SEL_ADDR_COIN = 0xf1cb7e06; // addr(bytes32,uint256)
    bytes4 private constant _SEL_CONTENTHASH = 0xbc1c58d1; // contenthash(bytes32)
    bytes4 private constant _SEL_MULTICALL = 0xac9650d8; // multicall(bytes[])
    bytes4 private constant _IEXTENDED_RESOLVER = 0x9061b923;

    /// @dev EIP-712 type of a signed record update; `records` is hashed as EIP-712 `bytes[]`.
    bytes32 private constant _SET_RECORDS_TYPEHASH =
        keccak256("SetRecords(bytes32 node,bytes[] records,uint256 nonce,uint256 deadline)");

    /// @dev Longest text value kept in storage: where new values stop being cheaper in storage. Measured
    /// first writes of a new key (setText tx gas): 64 B storage 100,248 vs data contract 101,143; 65 B
    /// storage 122,802 (a third data slot) vs data contract 101,751. Overwrites cost more as a data
    /// contract at every length (a new CREATE vs ~5k per rewritten slot), which is the trade-off taken.
    uint256 private constant _TEXT_INLINE_MAX = 64;
    /// @dev Longest value a data contract can hold: the EIP-170 code size limit minus the leading STOP byte.
    /// Longer values stay in storage, as before.
    uint256 private constant _DATA_MAX = 24_575;

    /// @dev A text record. `data` is zero for values of up to `_TEXT_INLINE_MAX` bytes (and longer than
    /// `_DATA_MAX`), which live in `value`; otherwise `value` is empty and the value is `data`'s code after
    /// its first byte. Never both set.
    struct TextRecord {
        address data;
        string value;
    }

    bytes32 private immutable _parentNode;
    uint256 private immutable _chainCoinType;
    bytes private _parentName;

    mapping(address registrar => bool) private _registrars;
    /// @dev The label of each registered subname; `dnsName` appends the parent's DNS name on reads.
    mapping(bytes32 node => string) private _labels;
    mapping(bytes32 node => mapping(string key => TextRecord)) private _texts;
    mapping(bytes32 node => mapping(uint256 coinType => bytes)) private _addresses;
    mapping(bytes32 node => bytes) private _contenthashes;
    mapping(bytes32 node => uint256) private _nonces;

    /// @notice Creates the registry for the subnames of `parentName`.
    /// @param parentName DNS-encoded parent name, e.g. `dnsEncode("l2.dm3.eth")`.
    /// @param initialOwner Registry owner (approves registrars).
    /// @param tokenName ERC-721 collection name.
    /// @param tokenSymbol ERC-721 symbol.
    constructor(bytes memory parentName, address initialOwner, string memory tokenName, string memory tokenSymbol)
        ERC721(tokenName, tokenSymbol)
        Ownable(initialOwner)
        EIP712("Dm3L2Registry", "1")
    {
        (bytes32 node, bool ok) = Dm3DnsName.namehash(parentName);
        if (!ok) revert Dm3RegistryMalformedName(parentName);
        _parentNode = node;
        _parentName = parentName;
        _chainCoinType = _EVM_COIN_TYPE_BIT | block.chainid;
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

        _labels[node] = label;
        for (uint256 i; i < records.length; ++i) {
            _applyRecord(node, records[i]);
        }
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

    // ------------------------------------------------------------------ records

    /// @inheritdoc IDm3L2Registry
    function setText(bytes32 node, string calldata key, string calldata value) external {
        _checkAuthorized(node, msg.sender);
        _setText(node, key, value);
    }

    /// @inheritdoc IDm3L2Registry
    function setAddr(bytes32 node, address a) external {
        _checkAuthorized(node, msg.sender);
        _setAddr(node, _COIN_TYPE_ETH, abi.encodePacked(a));
    }

    /// @inheritdoc IDm3L2Registry
    function setAddr(bytes32 node, uint256 coinType, bytes calldata a) external {
        _checkAuthorized(node, msg.sender);
        _setAddr(node, coinType, a);
    }

    /// @inheritdoc IDm3L2Registry
    function setContenthash(bytes32 node, bytes calldata hash) external {
        _checkAuthorized(node, msg.sender);
        _setContenthash(node, hash);
    }

    /// @inheritdoc IDm3L2Registry
    function multicall(bytes[] calldata data) external returns (bytes[] memory results) {
        results = new bytes[](data.length);
        for (uint256 i; i < data.length; ++i) {
            bytes32 node = _nodeOf(data[i]);
            _checkAuthorized(node, msg.sender);
            _applyRecord(node, data[i]);
        }
    }

    /// @inheritdoc IDm3L2Registry
    function setRecordsWithSignature(
        bytes32 node,
        bytes[] calldata records,
        uint256 nonce,
        uint256 deadline,
        address signer,
        bytes calldata signature
    ) external {
        if (block.timestamp > deadline) revert Dm3RegistrySignatureExpired(deadline);
        uint256 expected = _nonces[node];
        if (nonce != expected) revert Dm3RegistryInvalidNonce(node, expected, nonce);
        _checkAuthorized(node, signer);
        bytes32[] memory hashes = new bytes32[](records.length);
        for (uint256 i; i < records.length; ++i) {
            hashes[i] = keccak256(records[i]);
        }
        bytes32 digest = _hashTypedDataV4(
            keccak256(abi.encode(_SET_RECORDS_TYPEHASH, node, keccak256(abi.encodePacked(hashes)), nonce, deadline))
        );
        if (!SignatureChecker.isValidSignatureNowCalldata(signer, digest, signature)) {
            revert Dm3RegistryInvalidSignature(signer);
        }
        // A nonce is a counter of signed updates; 2^256 of them cannot happen.
        unchecked {
            _nonces[node] = expected + 1;
        }
        emit NonceConsumed(node, nonce);
        for (uint256 i; i < records.length; ++i) {
            _applyRecord(node, records[i]);
        }
    }

    // ------------------------------------------------------------------ reads

    /// @inheritdoc IDm3L2Registry
    function text(bytes32 node, string calldata key) external view returns (string memory) {
        return _text(node, key);
    }

    /// @inheritdoc IDm3L2Registry
    function addr(bytes32 node) public view returns (address payable) {
        bytes memory a = _addresses[node][_COIN_TYPE_ETH];
        return a.length == 20 ? payable(address(bytes20(a))) : payable(address(0));
    }

    /// @inheritdoc IDm3L2Registry
    function addr(bytes32 node, uint256 coinType) external view returns (bytes memory) {
        return _addresses[node][coinType];
    }

    /// @inheritdoc IDm3L2Registry
    function contenthash(bytes32 node) external view returns (bytes memory) {
        return _contenthashes[node];
    }

    /// @inheritdoc IDm3L2Registry
    function resolve(bytes calldata name, bytes calldata data) external view returns (bytes memory) {
        (bytes32 node, bool ok) = Dm3DnsName.namehash(name);
        if (!ok) revert Dm3RegistryMalformedName(name);
        return _resolve(node, data);
    }

    /// @inheritdoc IDm3L2Registry
    function owner(bytes32 node) external view returns (address) {
        return _ownerOf(uint256(node));
    }

    /// @inheritdoc IDm3L2Registry
    function dnsName(bytes32 node) external view returns (bytes memory) {
        if (node == _parentNode) return _parentName;
        bytes memory label = bytes(_labels[node]);
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
    function nonces(bytes32 node) external view returns (uint256) {
        return _nonces[node];
    }

    /// @inheritdoc IDm3L2Registry
    function chainCoinType() external view returns (uint256) {
        return _chainCoinType;
    }

    /// @notice ERC-165: ERC-721, the ENS record interfaces and ENSIP-10.
    /// @param interfaceId The interface id.
    /// @return True when supported.
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == _SEL_ADDR || interfaceId == _SEL_ADDR_COIN || interfaceId == _SEL_TEXT
            || interfaceId == _SEL_CONTENTHASH || interfaceId == _IEXTENDED_RESOLVER
            || interfaceId == type(IDm3L2Registry).interfaceId || super.supportsInterface(interfaceId);
    }

    // ------------------------------------------------------------------ internals

    /// @dev Reverts unless `caller` owns `node`'s token or is approved for it (ERC-721 rules).
    function _checkAuthorized(bytes32 node, address caller) private view {
        address tokenOwner = _ownerOf(uint256(node));
        if (tokenOwner == address(0) || !_isAuthorized(tokenOwner, caller, uint256(node))) {
            revert Dm3RegistryUnauthorized(node, caller);
        }
    }

    /// @dev The node argument of a record or read call (the 32 bytes after the selector).
    function _nodeOf(bytes calldata data) private pure returns (bytes32) {
        if (data.length < 36) revert Dm3RegistryMalformedCall(data);
        return bytes32(data[4:36]);
    }

    /// @dev Applies one record setter call to `node`, which the call must name.
    function _applyRecord(bytes32 node, bytes calldata data) private {
        bytes32 named = _nodeOf(data);
        if (named != node) revert Dm3RegistryNodeMismatch(node, named);
        bytes4 selector = bytes4(data[:4]);
        if (selector == _SEL_SET_TEXT) {
            (, string memory key, string memory value) = abi.decode(data[4:], (bytes32, string, string));
            _setText(node, key, value);
        } else if (selector == _SEL_SET_ADDR) {
            (, address a) = abi.decode(data[4:], (bytes32, address));
            _setAddr(node, _COIN_TYPE_ETH, abi.encodePacked(a));
        } else if (selector == _SEL_SET_ADDR_COIN) {
            (, uint256 coinType, bytes memory a) = abi.decode(data[4:], (bytes32, uint256, bytes));
            _setAddr(node, coinType, a);
        } else if (selector == _SEL_SET_CONTENTHASH) {
            (, bytes memory hash) = abi.decode(data[4:], (bytes32, bytes));
            _setContenthash(node, hash);
        } else {
            revert Dm3RegistryUnsupportedCall(selector);
        }
    }

    /// @dev Stores `value` inline or, when longer than `_TEXT_INLINE_MAX` bytes (and no longer than `_DATA_MAX`),
    /// in a new data contract; clears whichever of the two the previous value used. An overwrite always
    /// creates a new data contract; the old one stays on chain, unreferenced.
    function _setText(bytes32 node, string memory key, string memory value) private {
        TextRecord storage record = _texts[node][key];
        uint256 length = bytes(value).length;
        if (length > _TEXT_INLINE_MAX && length <= _DATA_MAX) {
            if (bytes(record.value).length != 0) delete record.value;
            record.data = _writeData(value);
        } else {
            if (record.data != address(0)) record.data = address(0);
            record.value = value;
        }
        emit TextChanged(node, key, key, value);
    }

    /// @dev The text record `key` of `node` ("" when unset or cleared).
    function _text(bytes32 node, string memory key) private view returns (string memory) {
        TextRecord storage record = _texts[node][key];
        address data = record.data;
        return data == address(0) ? record.value : _readData(data);
    }

    /// @dev Deploys a data contract whose runtime code is `0x00 ‖ value` and returns its address.
    /// Creation code (10 bytes, then the runtime code):
    ///   61 ssss  PUSH2 s        s = value length + 1 (fits: value length <= _DATA_MAX = 24,575)
    ///   80       DUP1
    ///   60 0a    PUSH1 10       where the runtime code starts in the creation code
    ///   3d       RETURNDATASIZE 0 (no call made yet): memory destination
    ///   39       CODECOPY       memory[0, s) = creation code[10, 10 + s)
    ///   3d       RETURNDATASIZE 0: memory offset
    ///   f3       RETURN         runtime code = memory[0, s)
    /// Safety: the runtime code starts with 0x00 (STOP), so a call to the data contract halts at once,
    /// whatever the value's bytes are: it cannot run code, emit, call out, SELFDESTRUCT or hold a
    /// balance it could move. Its code never changes, and only this registry stores its address.
    function _writeData(string memory value) private returns (address data) {
        bytes memory creation = abi.encodePacked(hex"61", uint16(bytes(value).length + 1), hex"80600a3d393df300", value);
        // SSTORE2-style data contract: CREATE with the hand-written creation code above.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            data := create(0, add(creation, 32), mload(creation))
        }
        if (data == address(0)) revert Dm3RegistryDataWriteFailed(bytes(value).length);
    }

    /// @dev The value stored in data contract `data` by `_writeData`: its code after the leading STOP byte.
    function _readData(address data) private view returns (string memory value) {
        // No underflow: `data` is non-zero only as set by `_writeData`, whose runtime code is the STOP byte
        // plus a value of more than _TEXT_INLINE_MAX bytes, and that code cannot change or be removed
        // (it never runs, so it cannot SELFDESTRUCT). Hence data.code.length >= 1.
        uint256 length;
        unchecked {
            length = data.code.length - 1;
        }
        // SSTORE2-style read: EXTCODECOPY of the data contract's code after its STOP byte.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            value := mload(0x40)
            mstore(value, length)
            // Copy whole words: EXTCODECOPY past the end of the code writes zeros, so the padding is clean.
            let words := and(add(length, 31), not(31))
            extcodecopy(data, add(value, 32), 1, words)
            mstore(0x40, add(add(value, 32), words))
        }
    }

    function _setAddr(bytes32 node, uint256 coinType, bytes memory a) private {
        // EVM coin types hold 20-byte addresses (or nothing): 60 and ENSIP-11's 0x80000000 | chainId.
        bool evm = coinType == _COIN_TYPE_ETH || (coinType & ~uint256(0x7fffffff)) == _EVM_COIN_TYPE_BIT;
        if (evm && a.length != 0 && a.length != 20) revert Dm3RegistryInvalidAddressLength(coinType, a.length);
        _addresses[node][coinType] = a;
        emit AddressChanged(node, coinType, a);
        if (coinType == _COIN_TYPE_ETH) emit AddrChanged(node, a.length == 20 ? address(bytes20(a)) : address(0));
    }

    function _setContenthash(bytes32 node, bytes memory hash) private {
        _contenthashes[node] = hash;
        emit ContenthashChanged(node, hash);
    }

    /// @dev Answers one read call for `node` (which the call must name), or a multicall of them.
    function _resolve(bytes32 node, bytes calldata data) private view returns (bytes memory) {
        if (data.length >= 4 && bytes4(data[:4]) == _SEL_MULTICALL) {
            bytes[] memory calls = abi.decode(data[4:], (bytes[]));
            bytes[] memory results = new bytes[](calls.length);
            for (uint256 i; i < calls.length; ++i) {
                results[i] = this.resolveNode(node, calls[i]);
            }
            return abi.encode(results);
        }
        bytes32 named = _nodeOf(data);
        if (named != node) revert Dm3RegistryNodeMismatch(node, named);
        bytes4 selector = bytes4(data[:4]);
        if (selector == _SEL_TEXT) {
            (, string memory key) = abi.decode(data[4:], (bytes32, string));
            return abi.encode(_text(node, key));
        } else if (selector == _SEL_ADDR) {
            return abi.encode(addr(node));
        } else if (selector == _SEL_ADDR_COIN) {
            (, uint256 coinType) = abi.decode(data[4:], (bytes32, uint256));
            return abi.encode(_addresses[node][coinType]);
        } else if (selector == _SEL_CONTENTHASH) {
            return abi.encode(_contenthashes[node]);
        }
        revert Dm3RegistryUnsupportedCall(selector);
    }

    /// @notice Helper of `resolve` for the calls inside a multicall (memory → calldata). Not a record read API.
    /// @param node Namehash every call must name.
    /// @param data One read call (no nested multicall).
    /// @return The ABI-encoded answer.
    function resolveNode(bytes32 node, bytes calldata data) external view returns (bytes memory) {
        if (data.length >= 4 && bytes4(data[:4]) == _SEL_MULTICALL) revert Dm3RegistryUnsupportedCall(_SEL_MULTICALL);
        return _resolve(node, data);
    }
}
