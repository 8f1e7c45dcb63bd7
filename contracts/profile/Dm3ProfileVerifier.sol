// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IDm3ProfileVerifier} from "../interfaces/IDm3ProfileVerifier.sol";
import {IEnsRegistry} from "../interfaces/IEnsRegistry.sol";
import {IAddrResolver, ITextResolver} from "../interfaces/IEnsResolvers.sol";
import {DM3_PROFILE_KEY} from "../utils/Dm3Constants.sol";

/// @title Dm3ProfileVerifier
/// @notice Verifies dm3 user profiles on-chain against an ENS name's `addr` and `network.dm3.profile` records.
/// @dev Interop notes (see IDm3ProfileVerifier for the API):
///  - The JSON is dm3's canonical `stringify` (safe-stable-stringify) of a `UserProfile`; its keys
///    are fixed, so the sorted order is written out directly. Strings are escaped with
///    OpenZeppelin's `Strings.escapeJSON`, which matches `JSON.stringify` for UTF-8 input:
///    `\"`, `\\`, `\b \f \n \r \t`, other bytes below 0x20 as `\u00xx` (lowercase), everything
///    else (0x7f and multi-byte UTF-8) verbatim. Lone UTF-16 surrogates, which `JSON.stringify`
///    escapes, have no UTF-8 form and cannot occur in calldata strings.
///  - EOA signatures are accepted in every shape the reference (ethers 5 `splitSignature` +
///    `recoverAddress`) accepts: 65 bytes with `v` in {0, 1} or any `v >= 27` (by parity), 64-byte
///    EIP-2098 compact signatures, and high-`s` signatures. They are rewritten to the canonical
///    65-byte low-`s` form before OpenZeppelin's `SignatureChecker` sees them.
///  - Contract accounts are checked with ERC-1271 on the signature as given; if that fails, the
///    ECDSA form is tried too, for EIP-7702 delegated EOAs (no one holds a key for an ordinary
///    contract's address, so this admits nothing else).
contract Dm3ProfileVerifier is IDm3ProfileVerifier {
    /// @dev secp256k1 group order and half of it (EIP-2 upper bound for `s`).
    uint256 private constant _SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
    uint256 private constant _SECP256K1_HALF_N = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    // The names spell the repeated byte as it is written in hex (0x5c), so not all upper case.
    // solhint-disable const-name-snakecase
    /// @dev A byte repeated over a word, for the 32-bytes-at-a-time escape scan.
    uint256 private constant _REPEAT_0x01 = 0x0101010101010101010101010101010101010101010101010101010101010101;
    uint256 private constant _REPEAT_0x20 = 0x2020202020202020202020202020202020202020202020202020202020202020;
    uint256 private constant _REPEAT_0x22 = 0x2222222222222222222222222222222222222222222222222222222222222222;
    uint256 private constant _REPEAT_0x41 = 0x4141414141414141414141414141414141414141414141414141414141414141;
    uint256 private constant _REPEAT_0x5C = 0x5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c;
    uint256 private constant _REPEAT_0x80 = 0x8080808080808080808080808080808080808080808080808080808080808080;
    // solhint-enable const-name-snakecase

    string private constant _DATA_URI_PREFIX = "data:application/json,";

    /// @dev The reference's profile-creation message (`getProfileCreationMessage`, dm3 1.7.1),
    ///      split around the address and the profile JSON. "wants you register" is verbatim.
    string private constant _MESSAGE_HEAD = "dm3.chat wants you register your dm3 profile with your Ethereum account:\n";
    string private constant _MESSAGE_MIDDLE =
        "\n\nThis is required only once!\n"
        "(There is no paid transaction initiated. The signature is used off-chain only.)\n\n"
        "URI: https://dm3.chat\n"
        "Version: 1\n"
        "dm3 Profile: ";

    IEnsRegistry private immutable _registry;

    /// @notice Creates a verifier reading the given ENS registry.
    /// @param registry The ENS registry (must have code).
    constructor(address registry) {
        if (registry.code.length == 0) revert Dm3ProfileVerifierInvalidRegistry(registry);
        _registry = IEnsRegistry(registry);
    }

    /// @inheritdoc IDm3ProfileVerifier
    function ensRegistry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc IDm3ProfileVerifier
    function profileRecordKey() external pure returns (string memory) {
        return DM3_PROFILE_KEY;
    }

    /// @inheritdoc IDm3ProfileVerifier
    function verifyProfile(
        bytes32 node,
        Profile calldata profile,
        bytes calldata signature
    ) external view returns (bool valid, address signer) {
        signer = _addrOf(node, _resolverOf(node));
        valid = _isValidSignature(_profileJson(profile), signer, signature);
    }

    /// @inheritdoc IDm3ProfileVerifier
    function verifyRecord(
        bytes32 node,
        Profile calldata profile,
        bytes calldata signature
    ) external view returns (bool) {
        return _recordMatches(node, _resolverOf(node), _profileJson(profile), signature);
    }

    /// @inheritdoc IDm3ProfileVerifier
    function verify(
        bytes32 node,
        Profile calldata profile,
        bytes calldata signature
    ) external view returns (bool valid, address signer) {
        address resolver = _resolverOf(node);
        signer = _addrOf(node, resolver);
        bytes memory json = _profileJson(profile);
        // The record comparison is one hash; the signature check may call a wallet. Cheap first.
        valid = _recordMatches(node, resolver, json, signature) && _isValidSignature(json, signer, signature);
    }

    /// @inheritdoc IDm3ProfileVerifier
    function checkProfileSignature(
        Profile calldata profile,
        address account,
        bytes calldata signature
    ) external view returns (bool) {
        return _isValidSignature(_profileJson(profile), account, signature);
    }

    /// @inheritdoc IDm3ProfileVerifier
    function profileJson(Profile calldata profile) external pure returns (string memory) {
        return string(_profileJson(profile));
    }

    /// @inheritdoc IDm3ProfileVerifier
    function profileCreationMessage(Profile calldata profile, address account) external pure returns (string memory) {
        return string(_profileCreationMessage(_profileJson(profile), account));
    }

    /// @inheritdoc IDm3ProfileVerifier
    function profileMessageHash(Profile calldata profile, address account) external pure returns (bytes32) {
        return MessageHashUtils.toEthSignedMessageHash(_profileCreationMessage(_profileJson(profile), account));
    }

    /// @inheritdoc IDm3ProfileVerifier
    function profileRecord(Profile calldata profile, bytes calldata signature) external pure returns (string memory) {
        return string(_profileRecord(_profileJson(profile), signature));
    }

    // ---------------------------------------------------------------- ENS reads

    function _resolverOf(bytes32 node) private view returns (address resolver) {
        resolver = _registry.resolver(node);
        if (resolver == address(0)) revert Dm3ProfileVerifierNoResolver(node);
    }

    /// @dev Low-level call so that a resolver without `addr`, without code, or returning garbage
    ///      gives the documented custom error instead of an opaque revert.
    function _addrOf(bytes32 node, address resolver) private view returns (address signer) {
        (bool ok, bytes memory ret) = resolver.staticcall(abi.encodeCall(IAddrResolver.addr, (node)));
        if (ok && ret.length >= 32) {
            uint256 word = abi.decode(ret, (uint256));
            if (word >> 160 == 0) signer = address(uint160(word));
        }
        if (signer == address(0)) revert Dm3ProfileVerifierNoAddress(node, resolver);
    }

    /// @dev Compares the raw ABI return data of `text(node, key)` with the ABI encoding of the
    ///      expected string. Solidity resolvers (ENS PublicResolver included) return exactly that
    ///      canonical encoding; comparing bytes avoids decoding untrusted data (which could revert).
    function _recordMatches(
        bytes32 node,
        address resolver,
        bytes memory json,
        bytes calldata signature
    ) private view returns (bool) {
        (bool ok, bytes memory ret) = resolver.staticcall(
            abi.encodeCall(ITextResolver.text, (node, DM3_PROFILE_KEY))
        );
        return ok && keccak256(ret) == keccak256(abi.encode(string(_profileRecord(json, signature))));
    }

    // ---------------------------------------------------------------- signatures

    function _isValidSignature(
        bytes memory json,
        address account,
        bytes calldata signature
    ) private view returns (bool) {
        bytes32 digest = MessageHashUtils.toEthSignedMessageHash(_profileCreationMessage(json, account));
        bytes memory ecdsa = _canonicalEcdsa(signature);
        if (account.code.length == 0) {
            return ecdsa.length != 0 && SignatureChecker.isValidSignatureNow(account, digest, ecdsa);
        }
        if (SignatureChecker.isValidERC1271SignatureNow(account, digest, signature)) return true;
        if (ecdsa.length == 0) return false;
        // EIP-7702 delegated EOA: the account's own key still signs for it.
        (address recovered, ECDSA.RecoverError err, ) = ECDSA.tryRecover(digest, ecdsa);
        return err == ECDSA.RecoverError.NoError && recovered == account;
    }

    /// @dev The signature as 65 bytes `r ‖ s ‖ v` with `v` in {27, 28} and low `s`, or empty when it
    ///      is not a shape ethers 5 accepts (the reference then throws, i.e. rejects the profile).
    function _canonicalEcdsa(bytes calldata signature) private pure returns (bytes memory) {
        bytes32 r;
        uint256 s;
        bool odd; // recovery id 1, i.e. v = 28
        if (signature.length == 65) {
            r = bytes32(signature[0:32]);
            s = uint256(bytes32(signature[32:64]));
            uint8 v = uint8(signature[64]);
            if (v < 27) {
                if (v > 1) return "";
                odd = v == 1;
            } else {
                // ethers 5: recoveryParam = 1 - (v % 2), whatever the size of v.
                odd = v % 2 == 0;
            }
        } else if (signature.length == 64) {
            // EIP-2098: the top bit of the second word is the recovery id.
            r = bytes32(signature[0:32]);
            uint256 vs = uint256(bytes32(signature[32:64]));
            odd = vs >> 255 == 1;
            s = vs & ((1 << 255) - 1);
        } else {
            return "";
        }
        if (s > _SECP256K1_HALF_N && s < _SECP256K1_N) {
            // Malleable twin: (r, n - s) with the other recovery id is the same signature (EIP-2).
            // No underflow: s < n here.
            s = _SECP256K1_N - s;
            odd = !odd;
        }
        return abi.encodePacked(r, bytes32(s), odd ? uint8(28) : uint8(27));
    }

    // ---------------------------------------------------------------- texts
    // JSON fragments that contain `"` are single-quoted so they read like the JSON they build.
    // solhint-disable quotes

    /// @dev `{"deliveryServices":[…],"publicEncryptionKey":"…","publicSigningKey":"…"}`: the
    ///      UserProfile's keys in sorted order (UTF-16 code-unit order equals byte order for ASCII).
    function _profileJson(Profile calldata profile) private pure returns (bytes memory json) {
        json = '{"deliveryServices":[';
        uint256 count = profile.deliveryServices.length;
        for (uint256 i = 0; i < count; ++i) {
            json = bytes.concat(json, i == 0 ? bytes("") : bytes(","), _jsonString(profile.deliveryServices[i]));
        }
        json = bytes.concat(
            json,
            '],"publicEncryptionKey":',
            _jsonString(profile.publicEncryptionKey),
            ',"publicSigningKey":',
            _jsonString(profile.publicSigningKey),
            "}"
        );
    }

    /// @dev A JSON string literal. Most profile strings (base64 keys, ENS names) need no escape, so
    ///      a word-at-a-time scan decides first and only strings that need it pay for the byte loop of
    ///      `Strings.escapeJSON`.
    function _jsonString(string calldata value) private pure returns (bytes memory) {
        bytes memory body = _needsEscape(value) ? bytes(Strings.escapeJSON(value)) : bytes(value);
        return bytes.concat('"', body, '"');
    }

    /// @dev True when `value` contains a byte JSON escapes: below 0x20, `"` (0x22) or `\` (0x5c).
    ///      Reads 32 bytes per step; the bytes of the last word past the end are replaced by "A"
    ///      (0x41, never escaped), so stray calldata never counts.
    function _needsEscape(string calldata value) private pure returns (bool) {
        uint256 length = bytes(value).length;
        uint256 offset;
        // Calldata offset of `value` for the word-at-a-time scan below.
        // solhint-disable-next-line no-inline-assembly
        assembly {
            offset := value.offset
        }
        // unchecked: `i` starts below `length` (< calldata size < 2**64) and grows by 32, so it cannot
        // overflow; `length - i` is only computed while `i < length`; the subtractions inside
        // `_hasEscapeByte` are meant modulo 2**256 (see there).
        unchecked {
            for (uint256 i = 0; i < length; i += 32) {
                uint256 word;
                // One calldata word per step for the SWAR scan (see `_hasEscapeByte`).
                // solhint-disable-next-line no-inline-assembly
                assembly {
                    word := calldataload(add(offset, i))
                }
                uint256 remaining = length - i;
                if (remaining < 32) {
                    // keep the first `remaining` (high-order) bytes, fill the rest with 0x41
                    uint256 keep = ~((1 << (8 * (32 - remaining))) - 1);
                    word = (word & keep) | (_REPEAT_0x41 & ~keep);
                }
                if (_hasEscapeByte(word)) return true;
            }
        }
        return false;
    }

    /// @dev SWAR test of 32 bytes at once. For a byte `x`, `(x - n) & ~x & 0x80` over all bytes of a
    ///      word (subtraction across the whole word) is nonzero iff some byte is below `n`, for
    ///      `n <= 0x80`: the lowest byte that borrows is a true hit (it is `< n`, so its high bit is 0
    ///      and `x - n` wraps to >= 0x80), and with no such byte there is no borrow and no byte can
    ///      set the flag. "Equals c" is "below 1" after XOR with c.
    function _hasEscapeByte(uint256 word) private pure returns (bool) {
        // unchecked: the word-wide subtractions are meant to wrap modulo 2**256 (argument above).
        unchecked {
            uint256 control = (word - _REPEAT_0x20) & ~word;
            uint256 quote = word ^ _REPEAT_0x22;
            uint256 backslash = word ^ _REPEAT_0x5C;
            quote = (quote - _REPEAT_0x01) & ~quote;
            backslash = (backslash - _REPEAT_0x01) & ~backslash;
            return (control | quote | backslash) & _REPEAT_0x80 != 0;
        }
    }

    function _profileCreationMessage(bytes memory json, address account) private pure returns (bytes memory) {
        return
            bytes.concat(
                bytes(_MESSAGE_HEAD),
                bytes(Strings.toChecksumHexString(account)),
                bytes(_MESSAGE_MIDDLE),
                json
            );
    }

    /// @dev `data:application/json,` + stringify(SignedUserProfile); keys "profile" < "signature".
    function _profileRecord(bytes memory json, bytes calldata signature) private pure returns (bytes memory) {
        return
            bytes.concat(
                bytes(_DATA_URI_PREFIX),
                '{"profile":',
                json,
                ',"signature":"',
                bytes(Strings.toHexString(signature)),
                '"}'
            );
    }
}
