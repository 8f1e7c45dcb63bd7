// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IDm3Registrar
/// @notice A pluggable registrar of an `IDm3L2Registry`: it decides who may register which label
/// (first come, token-gated, priced...) and then calls `IDm3L2Registry.register`. A name and the
/// records it starts with are only registered with the owner's consent: the owner registers it, or
/// signs the registration (EIP-712 `Register`) for someone else to send.
interface IDm3Registrar {
    /// @notice The label breaks the registrar's rules; `index` is the first offending byte
    /// (or the length when the length is wrong).
    error Dm3RegistrarInvalidLabel(string label, uint256 index);
    /// @notice The label is already registered.
    error Dm3RegistrarNotAvailable(string label);
    /// @notice Registration is closed by the registrar owner.
    error Dm3RegistrarClosed();
    /// @notice The length limits are inconsistent (need 1 <= min <= max <= 63).
    error Dm3RegistrarInvalidLimits(uint256 minLength, uint256 maxLength);
    /// @notice `caller` is not `owner`: registering for someone else needs their signature (`registerWithSignature`).
    error Dm3RegistrarUnauthorized(address caller, address owner);
    /// @notice A signed registration arrived after its deadline.
    error Dm3RegistrarSignatureExpired(uint256 deadline);
    /// @notice The signature does not verify for `owner` (EOA via ECDSA, contract via ERC-1271).
    error Dm3RegistrarInvalidSignature(address owner);

    /// @notice The registrar owner opened or closed registration.
    /// @param open True when registration is now open.
    event RegistrationOpenChanged(bool open);

    /// @notice Registers `label` to the caller, with `records` (resolver calls on the new node).
    /// @param label The label.
    /// @param owner Receiver of the name: must be the caller.
    /// @param records Record calls applied in the same transaction.
    /// @return node The new node.
    function register(string calldata label, address owner, bytes[] calldata records) external returns (bytes32 node);

    /// @notice Registers `label` to `owner` with `records`, as `owner` signed it (EIP-712
    /// `Register(string label,address owner,bytes[] records,uint256 deadline)`); anyone may send it.
    /// @param label The label.
    /// @param owner Receiver of the name, and the signer (EOA, or ERC-1271 contract account).
    /// @param records Record calls applied in the same transaction.
    /// @param deadline Last valid timestamp.
    /// @param signature The owner's signature over the typed data.
    /// @return node The new node.
    function registerWithSignature(
        string calldata label,
        address owner,
        bytes[] calldata records,
        uint256 deadline,
        bytes calldata signature
    ) external returns (bytes32 node);

    /// @notice Whether `label` follows the rules and is not registered yet.
    /// @param label The label.
    /// @return True when `register(label, …)` would succeed.
    function available(string calldata label) external view returns (bool);
}
