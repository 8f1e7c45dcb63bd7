// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IDm3Registrar
/// @notice A pluggable registrar of an `IDm3L2Registry`: it decides who may register which label
/// (first come, token-gated, priced...) and then calls `IDm3L2Registry.register`.
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

    /// @notice The registrar owner opened or closed registration.
    /// @param open True when registration is now open.
    event RegistrationOpenChanged(bool open);

    /// @notice Registers `label` to `owner` with `records` (resolver calls on the new node).
    /// @param label The label.
    /// @param owner Receiver of the name.
    /// @param records Record calls applied in the same transaction.
    /// @return node The new node.
    function register(string calldata label, address owner, bytes[] calldata records) external returns (bytes32 node);

    /// @notice Whether `label` follows the rules and is not registered yet.
    /// @param label The label.
    /// @return True when `register(label, …)` would succeed.
    function available(string calldata label) external view returns (bool);
}
