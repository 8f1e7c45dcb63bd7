// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC165} from "@openzeppelin/contracts/utils/introspection/ERC165.sol";
import {ERC165Checker} from "@openzeppelin/contracts/utils/introspection/ERC165Checker.sol";
import {Bytes} from "@openzeppelin/contracts/utils/Bytes.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IDm3UniversalResolver} from "../interfaces/IDm3UniversalResolver.sol";
import {IDm3AliasRegistry} from "../interfaces/IDm3AliasRegistry.sol";
import {IEnsRegistry} from "../interfaces/IEnsRegistry.sol";
import {IAddrResolver, IExtendedResolver, IMulticallable, ITextResolver} from "../interfaces/IEnsResolvers.sol";
import {Dm3DnsName} from "../utils/Dm3DnsName.sol";
import {DM3_PROFILE_KEY} from "../utils/Dm3Constants.sol";

/// @title Dm3UniversalResolver
/// @notice One `eth_call` from a dm3 name to its canonical ENS name, address and dm3 profile record:
/// alias rewrite, ENSIP-10 resolver discovery, `addr` + `text` reads, and CCIP-Read passed through.
/// @dev Off-chain resolvers are asked once, with `resolve(name, multicall([addr, text]))`, so a
/// CCIP-Read name costs 2 RPC calls and 1 gateway request. The inner `OffchainLookup` is re-raised
/// with this contract as `sender` (EIP-3668 clients only follow lookups of the contract they called);
/// `{sender}` in the inner URL templates is replaced by the inner resolver's address so the gateway
/// still sees (and signs for) the resolver it serves. The callback carries only the name (and earlier
/// responses of a lookup chain): it redoes the resolution and lets the resolver verify the response
/// against the request it makes for that name, so an answer cannot be passed off as another name's.
contract Dm3UniversalResolver is IDm3UniversalResolver, ERC165 {
    bytes private constant _SENDER_PLACEHOLDER = "{sender}";

    IEnsRegistry private immutable _ens;
    IDm3AliasRegistry private immutable _aliases;

    /// @notice Creates the resolver.
    /// @param ens_ ENS registry.
    /// @param aliases_ Alias registry.
    constructor(IEnsRegistry ens_, IDm3AliasRegistry aliases_) {
        if (address(ens_) == address(0) || address(aliases_) == address(0)) revert Dm3ResolverZeroAddress();
        _ens = ens_;
        _aliases = aliases_;
    }

    /// @inheritdoc IDm3UniversalResolver
    function resolveDm3(bytes calldata name) external view returns (Dm3Resolution memory result) {
        result = _locate(name);
        if (!result.extended) {
            // As ethers does: a record call that reverts means "no record". A lookup is not a
            // missing record (ethers follows it), and two of them cannot be batched: fail instead.
            (bool okAddr, bytes memory addrAnswer) =
                result.resolver.staticcall(abi.encodeCall(IAddrResolver.addr, (result.node)));
            if (okAddr) result.addr = _decodeAddr(result.resolver, addrAnswer);
            else if (_isOffchainLookup(addrAnswer)) revert Dm3ResolverCallFailed(result.resolver, addrAnswer);
            (bool okText, bytes memory textAnswer) =
                result.resolver.staticcall(abi.encodeCall(ITextResolver.text, (result.node, DM3_PROFILE_KEY)));
            if (okText) result.profile = _decodeString(result.resolver, textAnswer);
            else if (_isOffchainLookup(textAnswer)) revert Dm3ResolverCallFailed(result.resolver, textAnswer);
            return result;
        }

        (bool ok, bytes memory ret) = _resolveRecords(result);
        if (ok) return _fillFromMulticall(result, ret);
        _passOnLookup(name, result.resolver, ret, new bytes[](0));
        // The resolver cannot answer a multicall: ask for each record separately (on-chain only).
        return _resolveEachRecord(result, ret);
    }

    /// @inheritdoc IDm3UniversalResolver
    function resolveDm3Callback(bytes calldata response, bytes calldata extraData)
        external
        view
        returns (Dm3Resolution memory result)
    {
        (bytes memory name, bytes[] memory earlier) = abi.decode(extraData, (bytes, bytes[]));
        result = _locate(name);
        if (!result.extended) revert Dm3ResolverUnexpectedCallback(name);
        // Replay the lookup chain from the resolver's first answer: each step's callback and extra data
        // come from the resolver, fed with the earlier responses and finally with `response`.
        (bool ok, bytes memory ret) = _resolveRecords(result);
        for (uint256 i; i <= earlier.length; ++i) {
            if (ok || !_isOffchainLookup(ret)) {
                // Before any response was fed, or a chain that ended early: not a lookup of this name.
                if (i == 0 || ok) revert Dm3ResolverUnexpectedCallback(name);
                revert Dm3ResolverCallFailed(result.resolver, ret); // an earlier response no longer verifies
            }
            (address sender,,, bytes4 callback, bytes memory innerExtraData) = _decodeLookup(ret);
            if (sender != result.resolver) revert Dm3ResolverLookupSenderMismatch(result.resolver, sender);
            bytes memory answer = i < earlier.length ? earlier[i] : response;
            (ok, ret) = result.resolver.staticcall(abi.encodeWithSelector(callback, answer, innerExtraData));
        }
        if (ok) return _fillFromMulticall(result, ret);
        // EIP-3668 allows a callback to look up again: remember this response for the replay.
        bytes[] memory responses = new bytes[](earlier.length + 1);
        for (uint256 i; i < earlier.length; ++i) {
            responses[i] = earlier[i];
        }
        responses[earlier.length] = response;
        _passOnLookup(name, result.resolver, ret, responses);
        revert Dm3ResolverCallFailed(result.resolver, ret);
    }

    /// @inheritdoc IDm3UniversalResolver
    function findResolver(bytes calldata name) external view returns (address resolver, bytes32 node, uint256 offset) {
        return _findResolver(name);
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

    /// @dev The resolution of `name` before any record is read: the alias rewritten, the resolver found
    /// (ENSIP-10), and whether it is asked through `resolve(name, data)`.
    function _locate(bytes memory name) private view returns (Dm3Resolution memory result) {
        (bytes memory canonical, bool aliased) = _aliases.canonicalName(name);
        (address resolver, bytes32 node, uint256 offset) = _findResolver(canonical);
        if (resolver == address(0)) revert Dm3ResolverNotFound(canonical);
        bool extended = ERC165Checker.supportsERC165InterfaceUnchecked(resolver, type(IExtendedResolver).interfaceId);
        if (offset != 0 && !extended) revert Dm3ResolverNotWildcard(canonical, resolver);
        return Dm3Resolution(canonical, aliased, node, resolver, extended, address(0), "");
    }

    /// @dev ENSIP-10: the resolver of the longest suffix of `name` that has one, the namehash of `name`,
    /// and the offset of the suffix whose resolver it is (the terminator's offset when none has one).
    function _findResolver(bytes memory name) private view returns (address, bytes32, uint256) {
        (bytes32[] memory nodes, uint256[] memory offsets) = Dm3DnsName.suffixNodes(name);
        bytes32 node = nodes.length == 0 ? bytes32(0) : nodes[0];
        for (uint256 i; i < nodes.length; ++i) {
            address resolver = _ens.resolver(nodes[i]);
            if (resolver != address(0)) return (resolver, node, offsets[i]);
        }
        return (address(0), node, name.length - 1); // suffixNodes accepted the name, so it is not empty
    }

    /// @dev The two record calls, `addr(node)` and `text(node, DM3_PROFILE_KEY)`.
    function _recordCalls(bytes32 node) private pure returns (bytes[] memory calls) {
        calls = new bytes[](2);
        calls[0] = abi.encodeCall(IAddrResolver.addr, (node));
        calls[1] = abi.encodeCall(ITextResolver.text, (node, DM3_PROFILE_KEY));
    }

    /// @dev `resolve(name, multicall(records))` on the resolution's ENSIP-10 resolver.
    function _resolveRecords(Dm3Resolution memory result) private view returns (bool, bytes memory) {
        bytes memory data = abi.encodeCall(IMulticallable.multicall, (_recordCalls(result.node)));
        return result.resolver.staticcall(abi.encodeCall(IExtendedResolver.resolve, (result.name, data)));
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
    function _resolveEachRecord(Dm3Resolution memory result, bytes memory multicallRevert)
        private
        view
        returns (Dm3Resolution memory)
    {
        bytes[] memory calls = _recordCalls(result.node);
        for (uint256 i; i < calls.length; ++i) {
            (bool ok, bytes memory ret) = result.resolver.staticcall(
                abi.encodeCall(IExtendedResolver.resolve, (result.name, calls[i]))
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

    /// @dev When `ret` is an `OffchainLookup` of `resolver`, re-raises it with this contract as sender and
    /// `abi.encode(name, responses)` as extra data (what the callback replays); returns otherwise.
    function _passOnLookup(bytes memory name, address resolver, bytes memory ret, bytes[] memory responses)
        private
        view
    {
        if (!_isOffchainLookup(ret)) return;
        (address sender, string[] memory urls, bytes memory callData,,) = _decodeLookup(ret);
        if (sender != resolver) revert Dm3ResolverLookupSenderMismatch(resolver, sender);
        for (uint256 i; i < urls.length; ++i) {
            urls[i] = _replaceSender(urls[i], sender);
        }
        revert OffchainLookup(
            address(this), urls, callData, this.resolveDm3Callback.selector, abi.encode(name, responses)
        );
    }

    function _isOffchainLookup(bytes memory ret) private pure returns (bool) {
        return ret.length >= 4 && bytes4(ret) == OffchainLookup.selector;
    }

    /// @dev The arguments of `OffchainLookup` revert data (callers checked the selector).
    function _decodeLookup(bytes memory ret)
        private
        pure
        returns (address sender, string[] memory urls, bytes memory callData, bytes4 callback, bytes memory extraData)
    {
        return abi.decode(Bytes.slice(ret, 4), (address, string[], bytes, bytes4, bytes));
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
