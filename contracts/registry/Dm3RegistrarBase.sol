// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IDm3L2Registry} from "../interfaces/IDm3L2Registry.sol";
import {IDm3Registrar} from "../interfaces/IDm3Registrar.sol";
import {Dm3TypedData} from "../utils/Dm3TypedData.sol";

/// @title Dm3RegistrarBase
/// @notice What every dm3 registrar shares: the label rules, the owner's consent (the owner registers,
/// or signs the registration for anyone to send), opening and closing registration, and the call into
/// the L2 registry. A registrar adds its own condition on the owner (`_beforeRegister`).
/// @dev Label rules (enforced here, on the raw bytes): length `minLength..maxLength` bytes; only
/// `a-z`, `0-9` and `-`; not `-` at both index 2 and 3 (ENSIP-15 forbids `xx--`). Every label it
/// accepts is therefore already ENSIP-15-normalized ASCII, so on-chain and off-chain hashes agree.
/// Unicode labels are refused here; a registrar for them would take normalization proofs off-chain.
/// A signed registration needs no nonce: a name is never burnt, so it can be registered only once.
abstract contract Dm3RegistrarBase is IDm3Registrar, Ownable2Step, EIP712 {
    /// @dev EIP-712 type of a registration signed by the owner; `records` is hashed as EIP-712 `bytes[]`.
    bytes32 private constant _REGISTER_TYPEHASH =
        keccak256("Register(string label,address owner,bytes[] records,uint256 deadline)");

    IDm3L2Registry private immutable _registry;
    uint256 private immutable _minLength;
    uint256 private immutable _maxLength;
    bool private _open = true;

    /// @notice Creates the registrar for `registry_` (the registry owner must then approve it).
    /// @param registry_ The L2 registry.
    /// @param minLength_ Shortest label in bytes (>= 1).
    /// @param maxLength_ Longest label in bytes (<= 63, the DNS label limit).
    /// @param initialOwner May close and reopen registration.
    /// @param eip712Name The EIP-712 domain name of signed registrations (version "1").
    constructor(IDm3L2Registry registry_, uint256 minLength_, uint256 maxLength_, address initialOwner, string memory eip712Name)
        Ownable(initialOwner)
        EIP712(eip712Name, "1")
    {
        if (minLength_ == 0 || minLength_ > maxLength_ || maxLength_ > 63) revert Dm3RegistrarInvalidLimits(minLength_, maxLength_);
        _registry = registry_;
        _minLength = minLength_;
        _maxLength = maxLength_;
    }

    /// @inheritdoc IDm3Registrar
    function register(string calldata label, address owner, bytes[] calldata records) external returns (bytes32 node) {
        if (msg.sender != owner) revert Dm3RegistrarUnauthorized(msg.sender, owner);
        return _register(label, owner, records);
    }

    /// @inheritdoc IDm3Registrar
    function registerWithSignature(
        string calldata label,
        address owner,
        bytes[] calldata records,
        uint256 deadline,
        bytes calldata signature
    ) external returns (bytes32 node) {
        if (block.timestamp > deadline) revert Dm3RegistrarSignatureExpired(deadline);
        bytes32 digest = _hashTypedDataV4(
            keccak256(
                abi.encode(
                    _REGISTER_TYPEHASH, keccak256(bytes(label)), owner, Dm3TypedData.hashBytesArray(records), deadline
                )
            )
        );
        if (!SignatureChecker.isValidSignatureNowCalldata(owner, digest, signature)) {
            revert Dm3RegistrarInvalidSignature(owner);
        }
        return _register(label, owner, records);
    }

    /// @notice Opens or closes registration. Owner only.
    /// @param open True to accept registrations.
    function setOpen(bool open) external onlyOwner {
        _open = open;
        emit RegistrationOpenChanged(open);
    }

    /// @inheritdoc IDm3Registrar
    function available(string calldata label) public view returns (bool) {
        return _open && validLabel(label) && _registry.owner(_registry.makeNode(label)) == address(0);
    }

    /// @notice Whether `label` follows this registrar's rules (see the contract notes).
    /// @param label The label.
    /// @return True when valid.
    function validLabel(string calldata label) public view returns (bool) {
        (bool ok,) = _firstInvalid(bytes(label));
        return ok;
    }

    /// @notice Whether registration is open.
    /// @return True when open.
    function isOpen() external view returns (bool) {
        return _open;
    }

    /// @notice The registry this registrar registers in.
    /// @return The registry.
    function registry() external view returns (IDm3L2Registry) {
        return _registry;
    }

    /// @notice The label length limits in bytes.
    /// @return minLength Shortest label.
    /// @return maxLength Longest label.
    function lengthLimits() external view returns (uint256 minLength, uint256 maxLength) {
        return (_minLength, _maxLength);
    }

    /// @dev Registers `label` to `owner` (who consented) after the shared checks (open, label rules, not
    /// taken) and the registrar's own (`_beforeRegister`), which come last because they may cost more.
    function _register(string calldata label, address owner, bytes[] calldata records) private returns (bytes32) {
        if (!_open) revert Dm3RegistrarClosed();
        _checkLabel(label);
        if (_registry.owner(_registry.makeNode(label)) != address(0)) revert Dm3RegistrarNotAvailable(label);
        _beforeRegister(owner);
        return _registry.register(label, owner, records);
    }

    /// @dev The registrar's own condition on `owner`; reverts to refuse. Default: anyone.
    // solhint-disable-next-line no-empty-blocks
    function _beforeRegister(address owner) internal view virtual {}

    /// @dev Reverts with the first offending byte when `label` breaks the rules.
    function _checkLabel(string calldata label) private view {
        (bool ok, uint256 index) = _firstInvalid(bytes(label));
        if (!ok) revert Dm3RegistrarInvalidLabel(label, index);
    }

    /// @dev (true, 0) when valid, else (false, index of the first offending byte or the length).
    function _firstInvalid(bytes calldata label) private view returns (bool, uint256) {
        uint256 length = label.length;
        if (length < _minLength || length > _maxLength) return (false, length);
        for (uint256 i; i < length; ++i) {
            bytes1 c = label[i];
            bool ok = (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c == "-";
            if (!ok) return (false, i);
        }
        if (length >= 4 && label[2] == "-" && label[3] == "-") return (false, 2);
        return (true, 0);
    }
}
