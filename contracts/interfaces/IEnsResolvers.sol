// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// The ENS resolver profiles dm3's contracts serve or read, one interface per profile as in
// ens-contracts `resolvers/profiles/I*Resolver.sol` (ERC-165 ids via `type(I).interfaceId`).
// 0.8 views with the ENS ABI; the genuine 0.7 ENS sources compile separately (contracts/ens/).

/// @title IExtendedResolver
/// @notice ENSIP-10 wildcard resolution (interface id 0x9061b923).
interface IExtendedResolver {
    /// @notice Answers the resolver call `data` for the DNS-encoded `name`.
    /// @param name DNS-encoded name.
    /// @param data ABI-encoded resolver call.
    /// @return The call's ABI-encoded answer.
    function resolve(bytes calldata name, bytes calldata data) external view returns (bytes memory);
}

/// @title IAddrResolver
/// @notice ENSIP-1 address record (coin type 60).
interface IAddrResolver {
    /// @notice ENS-compatible: the coin-60 address of `node` changed.
    /// @param node Namehash.
    /// @param a The new address.
    event AddrChanged(bytes32 indexed node, address a);

    /// @notice The coin-60 address of `node`.
    /// @param node Namehash.
    /// @return The address (zero when unset).
    // solhint 6.2.4 reads `address payable` as a return named `payable`; naming it would change the ABI.
    // solhint-disable-next-line use-natspec
    function addr(bytes32 node) external view returns (address payable);
}

/// @title IAddressResolver
/// @notice ENSIP-9 multi-coin address record.
interface IAddressResolver {
    /// @notice ENS-compatible: the address of `node` for `coinType` changed.
    /// @param node Namehash.
    /// @param coinType SLIP-44 or ENSIP-11 coin type.
    /// @param newAddress The new address bytes.
    event AddressChanged(bytes32 indexed node, uint256 coinType, bytes newAddress);

    /// @notice The address of `node` for `coinType`.
    /// @param node Namehash.
    /// @param coinType Coin type.
    /// @return Address bytes (empty when unset).
    function addr(bytes32 node, uint256 coinType) external view returns (bytes memory);
}

/// @title ITextResolver
/// @notice ENSIP-5 text records.
interface ITextResolver {
    /// @notice ENS-compatible: the text record `key` of `node` changed.
    /// @param node Namehash.
    /// @param indexedKey The record key (indexed, so logged as its keccak256).
    /// @param key The record key.
    /// @param value The new value.
    event TextChanged(bytes32 indexed node, string indexed indexedKey, string key, string value);

    /// @notice The text record `key` of `node`.
    /// @param node Namehash.
    /// @param key Record key.
    /// @return The value ("" when unset).
    function text(bytes32 node, string calldata key) external view returns (string memory);
}

/// @title IContentHashResolver
/// @notice ENSIP-7 contenthash.
interface IContentHashResolver {
    /// @notice ENS-compatible: the contenthash of `node` changed.
    /// @param node Namehash.
    /// @param hash The new contenthash bytes.
    event ContenthashChanged(bytes32 indexed node, bytes hash);

    /// @notice The contenthash of `node`.
    /// @param node Namehash.
    /// @return Contenthash bytes (empty when unset).
    function contenthash(bytes32 node) external view returns (bytes memory);
}

/// @title IMulticallable
/// @notice A batch of resolver calls, as in ENS's PublicResolver.
interface IMulticallable {
    /// @notice Runs each call and returns each answer (empty for a setter), in order.
    /// @param data ABI-encoded resolver calls.
    /// @return results ABI-encoded answers, in order.
    function multicall(bytes[] calldata data) external returns (bytes[] memory results);
}

/// @title IVersionableResolver
/// @notice ENS record versions: records live under a version per node; a new version starts empty.
interface IVersionableResolver {
    /// @notice ENS-compatible: the records of `node` moved to `newVersion` (all earlier records are gone).
    /// @param node Namehash.
    /// @param newVersion The version now in use.
    event VersionChanged(bytes32 indexed node, uint64 newVersion);

    /// @notice The current record version of `node`.
    /// @param node Namehash.
    /// @return The version.
    function recordVersions(bytes32 node) external view returns (uint64);
}
