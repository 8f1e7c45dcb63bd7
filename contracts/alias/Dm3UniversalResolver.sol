// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC165} from "@openzeppelin/contracts/utils/introspection/ERC165.sol";
import {ERC165Checker} from "@openzeppelin/contracts/utils/introspection/ERC165Checker.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IDm3UniversalResolver} from "../interfaces/IDm3UniversalResolver.sol";
import {IDm3AliasRegistry} from "../interfaces/IDm3AliasRegistry.sol";
import {
    IDm3AliasEnsRegistry,
    IDm3AliasEnsResolver,
    IDm3AliasExtendedResolver,
    IDm3AliasMulticallable
} from "../interfaces/IDm3AliasEns.sol";

/// @title Dm3UniversalResolver
/// @notice One `eth_call` from a dm3 name to its canonical ENS name, address and dm3 profile record:
/// alias rewrite, ENSIP-10 resolver discovery, `addr` + `text` reads, and CCIP-Read passed through.
/// @dev Off-chain resolvers are asked once, with `resolve(name, multicall([addr, text]))`, so a
/// CCIP-Read name costs 2 RPC calls and 1 gateway request. The inner `OffchainLookup` is re-raised
/// with this contract as `sender` (EIP-3668 clients only follow lookups of the contract they called);
/// `{sender}` in the inner URL templates is replaced by the inner resolver's address so the gateway
/// still sees (and signs for) the resolver it serves.
contract Dm3UniversalResolver is IDm3UniversalResolver, ERC165 {
    bytes4 private constant _IEXTENDED_RESOLVER = 0x9061b923;
    string private constant _PROFILE_KEY = "network.dm3.profile";
    bytes private constant _SENDER_PLACEHOLDER = "{sender}";

    IDm3AliasEnsRegistry private immutable _ens;
    IDm3AliasRegistry private immutable _aliases;

    /// @notice Creates the resolver.
    /// @param ens_ ENS registry.
    /// @param aliases_ Alias registry.
    constructor(IDm3AliasEnsRegistry ens_, IDm3AliasRegistry aliases_) {
        if (address(ens_) == address(0) || address(aliases_) == address(0)) revert Dm3ResolverZeroAddress();
        _ens = ens_;
        _aliases = aliases_;
    }

    /// @inheritdoc IDm3UniversalResolver
    function resolveDm3(bytes calldata name) external view returns (Dm3Resolution memory result) {
        (bytes memory canonical, bool aliased) = _aliases.canonicalName(name);
        (address resolver, bytes32 node, uint256 offset) = _findResolver(canonical, 0);
        if (resolver == address(0)) revert Dm3ResolverNotFound(canonical);
        bool extended = ERC165Checker.supportsERC165InterfaceUnchecked(resolver, _IEXTENDED_RESOLVER);
        if (offset != 0 && !extended) revert Dm3ResolverNotWildcard(canonical, resolver);
        result = Dm3Resolution(canonical, aliased, node, resolver, extended, address(0), "");

        if (!extended) {
            // As ethers does: a record call that reverts means "no record". A lookup is not a
            // missing record (ethers follows it), and two of them cannot be batched: fail instead.
            (bool okAddr, bytes memory addrAnswer) =
                resolver.staticcall(abi.encodeCall(IDm3AliasEnsResolver.addr, (node)));
            if (okAddr) result.addr = _decodeAddr(resolver, addrAnswer);
            else if (_isOffchainLookup(addrAnswer)) revert Dm3ResolverCallFailed(resolver, addrAnswer);
            (bool okText, bytes memory textAnswer) =
                resolver.staticcall(abi.encodeCall(IDm3AliasEnsResolver.text, (node, _PROFILE_KEY)));
            if (okText) result.profile = _decodeString(resolver, textAnswer);
            else if (_isOffchainLookup(textAnswer)) revert Dm3ResolverCallFailed(resolver, textAnswer);
            return result;
        }

        bytes[] memory calls = new bytes[](2);
        calls[0] = abi.encodeCall(IDm3AliasEnsResolver.addr, (node));
        calls[1] = abi.encodeCall(IDm3AliasEnsResolver.text, (node, _PROFILE_KEY));
        bytes memory data = abi.encodeCall(IDm3AliasMulticallable.multicall, (calls));
        (bool ok, bytes memory ret) =
            resolver.staticcall(abi.encodeCall(IDm3AliasExtendedResolver.resolve, (canonical, data)));
        if (ok) return _fillFromMulticall(result, ret);
        _passOnLookup(result, ret);
        // The resolver cannot answer a multicall: ask for each record separately (on-chain only).
        return _resolveEachRecord(result, calls, ret);
    }

    /// @inheritdoc IDm3UniversalResolver
    function resolveDm3Callback(bytes calldata response, bytes calldata extraData)
        external
        view
        returns (Dm3Resolution memory result)
    {
        bytes4 innerCallback;
        bytes memory innerExtraData;
        (result, innerCallback, innerExtraData) = abi.decode(extraData, (Dm3Resolution, bytes4, bytes));
        (bool ok, bytes memory ret) =
            result.resolver.staticcall(abi.encodeWithSelector(innerCallback, response, innerExtraData));
        if (ok) return _fillFromMulticall(result, ret);
        _passOnLookup(result, ret); // EIP-3668 allows a callback to look up again
        revert Dm3ResolverCallFailed(result.resolver, ret);
    }

    /// @inheritdoc IDm3UniversalResolver
    function findResolver(bytes calldata name) external view returns (address resolver, bytes32 node, uint256 offset) {
        return _findResolver(name, 0);
    }

    /// @inheritdoc IDm3UniversalResolver
    function ens() external view returns (address) {
        return address(_ens);
    }

    /// @inheritdoc IDm3UniversalResolver
    function aliasRegistry() external view returns (address) {
        return address(_aliases);
    }

    /// @notice ERC-165: this resolver's interface and ERC-165 itself.
    /// @param interfaceId The interface id.
    /// @return True when supported.
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IDm3UniversalResolver).interfaceId || super.supportsInterface(interfaceId);
    }

    // ------------------------------------------------------------------ internals

    /// @dev ENSIP-10: the resolver of the longest suffix of `name` (from `offset`) that has one, the
    /// namehash of the suffix at `offset`, and the offset of the suffix whose resolver it is.
    function _findResolver(bytes memory name, uint256 offset)
        private
        view
        returns (address resolver, bytes32 node, uint256 resolverOffset)
    {
        if (offset >= name.length) revert Dm3ResolverMalformedName(name);
        uint256 length = uint8(name[offset]);
        if (length == 0) {
            if (offset != name.length - 1) revert Dm3ResolverMalformedName(name);
            return (address(0), bytes32(0), offset);
        }
        (resolver, node, resolverOffset) = _findResolver(name, offset + 1 + length);
        bytes32 labelHash;
        // Hashes the label in place; Solidity cannot hash a memory slice without copying it.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            // The recursive call checked that the label lies inside `name`: it read the byte after it.
            // Data starts 32 bytes after the pointer, the label 1 byte after its length byte.
            labelHash := keccak256(add(add(name, 33), offset), length)
        }
        node = keccak256(abi.encodePacked(node, labelHash));
        address own = _ens.resolver(node);
        if (own != address(0)) return (own, node, offset);
    }

    /// @dev `ret` is the ABI-encoded `bytes` that `resolve` returned, holding `abi.encode(bytes[] results)`.
    function _fillFromMulticall(Dm3Resolution memory result, bytes memory ret)
        private
        pure
        returns (Dm3Resolution memory)
    {
        if (ret.length < 64) revert Dm3ResolverMalformedAnswer(result.resolver, ret);
        bytes memory answer = abi.decode(ret, (bytes));
        if (answer.length < 64) revert Dm3ResolverMalformedAnswer(result.resolver, answer);
        bytes[] memory results = abi.decode(answer, (bytes[]));
        if (results.length != 2) revert Dm3ResolverMalformedAnswer(result.resolver, answer);
        result.addr = _decodeAddr(result.resolver, results[0]);
        result.profile = _decodeString(result.resolver, results[1]);
        return result;
    }

    /// @dev Fallback for extended resolvers without multicall: `resolve(name, call)` per record,
    /// a reverting call meaning "no record". A lookup in this path cannot be batched into one
    /// gateway request, so it fails with the multicall's revert data instead.
    function _resolveEachRecord(Dm3Resolution memory result, bytes[] memory calls, bytes memory multicallRevert)
        private
        view
        returns (Dm3Resolution memory)
    {
        for (uint256 i; i < calls.length; ++i) {
            (bool ok, bytes memory ret) = result.resolver.staticcall(
                abi.encodeCall(IDm3AliasExtendedResolver.resolve, (result.name, calls[i]))
            );
            if (!ok) {
                if (_isOffchainLookup(ret)) revert Dm3ResolverCallFailed(result.resolver, multicallRevert);
                continue;
            }
            if (ret.length < 64) revert Dm3ResolverMalformedAnswer(result.resolver, ret);
            bytes memory answer = abi.decode(ret, (bytes));
            if (i == 0) result.addr = _decodeAddr(result.resolver, answer);
            else result.profile = _decodeString(result.resolver, answer);
        }
        return result;
    }

    /// @dev When `ret` is an `OffchainLookup` of the resolver, re-raises it with this contract as
    /// sender, the inner lookup wrapped into the extra data; returns otherwise.
    function _passOnLookup(Dm3Resolution memory result, bytes memory ret) private view {
        if (!_isOffchainLookup(ret)) return;
        (address sender, string[] memory urls, bytes memory callData, bytes4 callback, bytes memory extraData) =
            abi.decode(_withoutSelector(ret), (address, string[], bytes, bytes4, bytes));
        if (sender != result.resolver) revert Dm3ResolverLookupSenderMismatch(result.resolver, sender);
        for (uint256 i; i < urls.length; ++i) {
            urls[i] = _replaceSender(urls[i], sender);
        }
        revert OffchainLookup(
            address(this), urls, callData, this.resolveDm3Callback.selector, abi.encode(result, callback, extraData)
        );
    }

    function _isOffchainLookup(bytes memory ret) private pure returns (bool) {
        return ret.length >= 4 && bytes4(ret) == OffchainLookup.selector;
    }

    /// @dev The revert arguments after the 4-byte selector, as a new bytes array.
    function _withoutSelector(bytes memory ret) private pure returns (bytes memory args) {
        args = new bytes(ret.length - 4); // callers checked ret.length >= 4
        for (uint256 i; i < args.length; ++i) {
            args[i] = ret[i + 4];
        }
    }

    /// @dev `url` with every `{sender}` replaced by `sender` as lowercase 0x-hex (what EIP-3668 clients substitute).
    function _replaceSender(string memory url, address sender) private pure returns (string memory) {
        bytes memory text = bytes(url);
        bytes memory placeholder = _SENDER_PLACEHOLDER;
        bytes memory hexSender = bytes(Strings.toHexString(sender));
        bytes memory out = "";
        uint256 copied;
        uint256 i;
        while (i + placeholder.length <= text.length) {
            if (_matchesAt(text, placeholder, i)) {
                out = bytes.concat(out, _slice(text, copied, i), hexSender);
                i += placeholder.length;
                copied = i;
            } else {
                ++i;
            }
        }
        if (copied == 0) return url;
        return string(bytes.concat(out, _slice(text, copied, text.length)));
    }

    function _matchesAt(bytes memory text, bytes memory pattern, uint256 at) private pure returns (bool) {
        for (uint256 j; j < pattern.length; ++j) {
            if (text[at + j] != pattern[j]) return false;
        }
        return true;
    }

    function _slice(bytes memory text, uint256 from, uint256 to) private pure returns (bytes memory out) {
        out = new bytes(to - from);
        for (uint256 k; k < out.length; ++k) {
            out[k] = text[from + k];
        }
    }

    /// @dev An `addr(bytes32)` answer: ABI-encoded (32 bytes), raw 20 bytes, or empty (no record).
    function _decodeAddr(address resolver, bytes memory answer) private pure returns (address) {
        if (answer.length == 0) return address(0);
        if (answer.length == 20) return address(bytes20(answer));
        if (answer.length != 32) revert Dm3ResolverMalformedAnswer(resolver, answer);
        uint256 word = uint256(bytes32(answer));
        if (word >> 160 != 0) revert Dm3ResolverMalformedAnswer(resolver, answer);
        return address(uint160(word));
    }

    /// @dev A `text(bytes32,string)` answer: ABI-encoded string, or empty (no record).
    function _decodeString(address resolver, bytes memory answer) private pure returns (string memory) {
        if (answer.length == 0) return "";
        if (answer.length < 64) revert Dm3ResolverMalformedAnswer(resolver, answer);
        return abi.decode(answer, (string));
    }
}
