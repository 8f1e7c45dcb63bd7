// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {
    IAddrResolver,
    IAddressResolver,
    IContentHashResolver,
    ITextResolver,
    IVersionableResolver
} from "./IEnsResolvers.sol";

// The record API of a dm3 registry, one interface per record mixin (contracts/registry/records/),
// each extending the ENS profile it serves. Selectors of record calls come from these interfaces.

/// @title IDm3Records
/// @notice What every record mixin shares: who may write, record versions (a new version starts
/// empty), and the shape of record calls.
interface IDm3Records is IVersionableResolver {
    /// @notice `caller` may not change `node` (not its owner, an approved operator, or a valid signer).
    error Dm3RegistryUnauthorized(bytes32 node, address caller);
    /// @notice A record call names `actual` where `expected` was required.
    error Dm3RegistryNodeMismatch(bytes32 expected, bytes32 actual);
    /// @notice A record call or resolve call uses a function the registry does not serve.
    error Dm3RegistryUnsupportedCall(bytes4 selector);
    /// @notice A record call is shorter than its selector and node.
    error Dm3RegistryMalformedCall(bytes data);

    /// @notice Removes every record of `node` by moving it to a new record version (ENS `clearRecords`).
    /// Like every direct record change, it also invalidates outstanding signed updates.
    /// @param node Namehash.
    function clearRecords(bytes32 node) external;
}

/// @title IDm3TextRecords
/// @notice Text records (ENSIP-5); long values are kept as data-contract code.
interface IDm3TextRecords is ITextResolver {
    /// @notice Creating the data contract for a long text value of `length` bytes failed (out of gas).
    error Dm3RegistryDataWriteFailed(uint256 length);

    /// @notice Sets the text record `key` of `node`.
    /// @param node Namehash.
    /// @param key Record key.
    /// @param value Record value.
    function setText(bytes32 node, string calldata key, string calldata value) external;
}

/// @title IDm3AddrRecords
/// @notice The coin-60 address record (ENSIP-1).
interface IDm3AddrRecords is IAddrResolver {
    /// @notice Sets the coin-60 (Ethereum) address of `node`.
    /// @param node Namehash.
    /// @param a The address.
    function setAddr(bytes32 node, address a) external;
}

/// @title IDm3AddressRecords
/// @notice Multi-coin address records (ENSIP-9, ENSIP-11 for EVM chains).
interface IDm3AddressRecords is IAddressResolver {
    /// @notice An EVM address record (coin 60 or an ENSIP-11 chain coin type) must be 0 or 20 bytes.
    error Dm3RegistryInvalidAddressLength(uint256 coinType, uint256 length);

    /// @notice Sets the address of `node` for `coinType` (ENSIP-9 / ENSIP-11).
    /// @param node Namehash.
    /// @param coinType SLIP-44 or ENSIP-11 coin type.
    /// @param a Address bytes.
    function setAddr(bytes32 node, uint256 coinType, bytes calldata a) external;
}

/// @title IDm3ContenthashRecords
/// @notice The contenthash record (ENSIP-7).
interface IDm3ContenthashRecords is IContentHashResolver {
    /// @notice Sets the contenthash (ENSIP-7) of `node`.
    /// @param node Namehash.
    /// @param hash Contenthash bytes.
    function setContenthash(bytes32 node, bytes calldata hash) external;
}

/// @title IDm3SignedRecords
/// @notice Record updates signed by the owner (EIP-712 `SetRecords`) and relayed by anyone.
/// @dev A node's nonce advances with every signed update and every direct record change, transfer,
/// `clearRecords` and `invalidateNonce`, so a signed update applies only to the records its signer saw.
interface IDm3SignedRecords {
    /// @notice A signed update arrived after its deadline.
    error Dm3RegistrySignatureExpired(uint256 deadline);
    /// @notice A signed update used `given` where the node's next nonce is `expected` (replay, reorder,
    /// or a change made since it was signed).
    error Dm3RegistryInvalidNonce(bytes32 node, uint256 expected, uint256 given);
    /// @notice The signature does not verify for `signer` (EOA via ECDSA, contract via ERC-1271).
    error Dm3RegistryInvalidSignature(address signer);

    /// @notice `nonce` of `node` was used by a signed update, or invalidated by its owner.
    /// @param node Namehash.
    /// @param nonce The nonce used up.
    event NonceConsumed(bytes32 indexed node, uint256 nonce);

    /// @notice Applies `records` to `node` on behalf of `signer` (EIP-712 `SetRecords`, EOA or ERC-1271).
    /// @param node Namehash every record call must name.
    /// @param records Record calls.
    /// @param nonce Must equal `nonces(node)`.
    /// @param deadline Last valid timestamp.
    /// @param signer Owner or approved operator of `node`.
    /// @param signature The signer's signature over the typed data.
    function setRecordsWithSignature(
        bytes32 node,
        bytes[] calldata records,
        uint256 nonce,
        uint256 deadline,
        address signer,
        bytes calldata signature
    ) external;

    /// @notice Uses up the current nonce of `node`, so every signed update not yet relayed lapses.
    /// @param node Namehash.
    function invalidateNonce(bytes32 node) external;

    /// @notice The next nonce a signed update of `node` must use.
    /// @param node Namehash.
    /// @return The nonce.
    function nonces(bytes32 node) external view returns (uint256);
}
