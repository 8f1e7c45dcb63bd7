// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IDm3L2Registry
/// @notice dm3 names on a second chain: ERC-721 subnames of one parent name that carry their own
/// resolver records (text, multi-coin addr, contenthash). Every error and event of the registry.
interface IDm3L2Registry {
    // ------------------------------------------------------------------ errors

    /// @notice `caller` may not change `node` (not its owner, an approved operator, or a valid signer).
    error Dm3RegistryUnauthorized(bytes32 node, address caller);
    /// @notice `caller` is not a registrar the registry owner approved.
    error Dm3RegistryNotRegistrar(address caller);
    /// @notice The label's subname is already registered.
    error Dm3RegistryNameTaken(bytes32 node);
    /// @notice A label must be 1 to 255 bytes long and contain no dot.
    error Dm3RegistryInvalidLabel(string label);
    /// @notice A DNS-encoded name is not well-formed (bad length byte, missing terminator, trailing bytes).
    error Dm3RegistryMalformedName(bytes name);
    /// @notice A record call names `actual` where `expected` was required.
    error Dm3RegistryNodeMismatch(bytes32 expected, bytes32 actual);
    /// @notice A record call or resolve call uses a function the registry does not serve.
    error Dm3RegistryUnsupportedCall(bytes4 selector);
    /// @notice A record call is shorter than its selector and node.
    error Dm3RegistryMalformedCall(bytes data);
    /// @notice An EVM address record (coin 60 or an ENSIP-11 chain coin type) must be 0 or 20 bytes.
    error Dm3RegistryInvalidAddressLength(uint256 coinType, uint256 length);
    /// @notice A signed update arrived after its deadline.
    error Dm3RegistrySignatureExpired(uint256 deadline);
    /// @notice A signed update used `given` where the node's next nonce is `expected` (replay or reorder).
    error Dm3RegistryInvalidNonce(bytes32 node, uint256 expected, uint256 given);
    /// @notice The signature does not verify for `signer` (EOA via ECDSA, contract via ERC-1271).
    error Dm3RegistryInvalidSignature(address signer);
    /// @notice The zero address cannot be a registrar.
    error Dm3RegistryZeroAddress();
    /// @notice Creating the data contract for a long text value of `length` bytes failed (out of gas).
    error Dm3RegistryDataWriteFailed(uint256 length);

    // ------------------------------------------------------------------ events

    /// @notice ENS-compatible: `owner` received the subnode `labelhash` of `parentNode`.
    /// @param parentNode Namehash of the parent name.
    /// @param labelhash keccak256 of the new label.
    /// @param owner The subnode's owner.
    event NewOwner(bytes32 indexed parentNode, bytes32 indexed labelhash, address owner);
    /// @notice A subname was registered through `registrar`.
    /// @param node Namehash of the new name.
    /// @param label The registered label.
    /// @param owner Receiver of the ERC-721 token.
    /// @param registrar The approved registrar that registered it.
    event NameRegistered(bytes32 indexed node, string label, address indexed owner, address indexed registrar);
    /// @notice ENS-compatible: the coin-60 address of `node` changed.
    /// @param node Namehash.
    /// @param a The new address.
    event AddrChanged(bytes32 indexed node, address a);
    /// @notice ENS-compatible: the address of `node` for `coinType` changed.
    /// @param node Namehash.
    /// @param coinType SLIP-44 or ENSIP-11 coin type.
    /// @param newAddress The new address bytes.
    event AddressChanged(bytes32 indexed node, uint256 coinType, bytes newAddress);
    /// @notice ENS-compatible: the text record `key` of `node` changed.
    /// @param node Namehash.
    /// @param indexedKey The record key (indexed, so logged as its keccak256).
    /// @param key The record key.
    /// @param value The new value.
    event TextChanged(bytes32 indexed node, string indexed indexedKey, string key, string value);
    /// @notice ENS-compatible: the contenthash of `node` changed.
    /// @param node Namehash.
    /// @param hash The new contenthash bytes.
    event ContenthashChanged(bytes32 indexed node, bytes hash);
    /// @notice The registry owner approved `registrar` to register names.
    /// @param registrar The registrar contract.
    event RegistrarApproved(address indexed registrar);
    /// @notice The registry owner revoked `registrar`.
    /// @param registrar The registrar contract.
    event RegistrarRevoked(address indexed registrar);
    /// @notice A signed update for `node` consumed `nonce`.
    /// @param node Namehash.
    /// @param nonce The nonce the update used.
    event NonceConsumed(bytes32 indexed node, uint256 nonce);

    // ------------------------------------------------------------------ registration

    /// @notice Mints the subname `label` of the parent to `owner` and applies `records` in the same transaction.
    /// @param label The label (the registrar checks its rules; the registry only its DNS limits).
    /// @param owner Receiver of the ERC-721 token.
    /// @param records Resolver calls (`setText`, `setAddr`, `setContenthash`) whose node must be the new node.
    /// @return node The namehash of the new name (its token id is `uint256(node)`).
    function register(string calldata label, address owner, bytes[] calldata records) external returns (bytes32 node);

    /// @notice Approves `registrar` to call `register`. Registry owner only.
    /// @param registrar The registrar contract.
    function approveRegistrar(address registrar) external;

    /// @notice Revokes `registrar`. Registry owner only.
    /// @param registrar The registrar contract.
    function revokeRegistrar(address registrar) external;

    // ------------------------------------------------------------------ records

    /// @notice Sets the text record `key` of `node`.
    /// @param node Namehash.
    /// @param key Record key.
    /// @param value Record value.
    function setText(bytes32 node, string calldata key, string calldata value) external;

    /// @notice Sets the coin-60 (Ethereum) address of `node`.
    /// @param node Namehash.
    /// @param a The address.
    function setAddr(bytes32 node, address a) external;

    /// @notice Sets the address of `node` for `coinType` (ENSIP-9 / ENSIP-11).
    /// @param node Namehash.
    /// @param coinType SLIP-44 or ENSIP-11 coin type.
    /// @param a Address bytes.
    function setAddr(bytes32 node, uint256 coinType, bytes calldata a) external;

    /// @notice Sets the contenthash (ENSIP-7) of `node`.
    /// @param node Namehash.
    /// @param hash Contenthash bytes.
    function setContenthash(bytes32 node, bytes calldata hash) external;

    /// @notice Applies several record calls; the caller must be authorized for each call's node.
    /// @param data Record calls.
    /// @return results One empty result per call (record setters return nothing).
    function multicall(bytes[] calldata data) external returns (bytes[] memory results);

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

    // ------------------------------------------------------------------ reads

    /// @notice The text record `key` of `node`.
    /// @param node Namehash.
    /// @param key Record key.
    /// @return The value ("" when unset).
    function text(bytes32 node, string calldata key) external view returns (string memory);

    /// @notice The coin-60 address of `node`.
    /// @param node Namehash.
    /// @return The address (zero when unset).
    // solhint 6.2.4 reads `address payable` as a return named `payable`; naming it would change the ABI.
    // solhint-disable-next-line use-natspec
    function addr(bytes32 node) external view returns (address payable);

    /// @notice The address of `node` for `coinType`.
    /// @param node Namehash.
    /// @param coinType Coin type.
    /// @return Address bytes (empty when unset).
    function addr(bytes32 node, uint256 coinType) external view returns (bytes memory);

    /// @notice The contenthash of `node`.
    /// @param node Namehash.
    /// @return Contenthash bytes (empty when unset).
    function contenthash(bytes32 node) external view returns (bytes memory);

    /// @notice ENSIP-10 style read for the gateway: answers `text`, both `addr` forms, `contenthash` and
    /// `multicall(bytes[])` of those, after checking that each call's node is the namehash of `name`.
    /// @param name DNS-encoded name.
    /// @param data The inner resolver call.
    /// @return The ABI-encoded answer of the inner call.
    function resolve(bytes calldata name, bytes calldata data) external view returns (bytes memory);

    /// @notice Owner of `node` (zero when unregistered; never reverts).
    /// @param node Namehash.
    /// @return The token owner.
    function owner(bytes32 node) external view returns (address);

    /// @notice The DNS-encoded name of `node` (empty when unregistered; the parent's for the parent node).
    /// @param node Namehash.
    /// @return DNS-encoded name.
    function dnsName(bytes32 node) external view returns (bytes memory);

    /// @notice Namehash of the parent name.
    /// @return The parent node.
    function parentNode() external view returns (bytes32);

    /// @notice The namehash of `label` under the parent.
    /// @param label The label.
    /// @return The node.
    function makeNode(string calldata label) external view returns (bytes32);

    /// @notice Whether `registrar` may register names.
    /// @param registrar Address to check.
    /// @return True when approved.
    function isRegistrar(address registrar) external view returns (bool);

    /// @notice The next nonce a signed update of `node` must use.
    /// @param node Namehash.
    /// @return The nonce.
    function nonces(bytes32 node) external view returns (uint256);

    /// @notice The ENSIP-11 coin type of this chain (`0x80000000 | chainid`).
    /// @return The coin type.
    function chainCoinType() external view returns (uint256);
}
