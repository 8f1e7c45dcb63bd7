// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IDm3GatewayVerifier
/// @notice Checks an EIP-3668 gateway answer for the resolver that calls it. The signed-gateway
/// verifier implements it today; a storage-proof verifier can replace it without touching the resolver.
interface IDm3GatewayVerifier {
    /// @notice The answer's validity ended at `expires` (block time `blockTime`).
    error Dm3GatewayResponseExpired(uint64 expires, uint256 blockTime);
    /// @notice The answer was signed by `signer`, which is not (or no longer) a gateway signer.
    error Dm3GatewayUnknownSigner(address signer);
    /// @notice The answer was signed for request hash `signed`, not for this request (`expected`).
    error Dm3GatewayRequestMismatch(bytes32 expected, bytes32 signed);
    /// @notice The answer was signed for resolver `signed`, not for the calling resolver `expected`.
    error Dm3GatewayWrongResolver(address expected, address signed);
    /// @notice The answer is not `abi.encode(bytes result, uint64 expires, bytes sig)` with a well-formed signature.
    error Dm3GatewayMalformedResponse();
    /// @notice `signer` is already a gateway signer.
    error Dm3GatewaySignerExists(address signer);
    /// @notice `signer` is not a gateway signer.
    error Dm3GatewaySignerMissing(address signer);
    /// @notice The zero address cannot be a signer.
    error Dm3GatewayZeroSigner();

    /// @notice `signer` may now sign gateway answers.
    /// @param signer The gateway signer.
    event SignerAdded(address indexed signer);
    /// @notice `signer` may no longer sign gateway answers.
    /// @param signer The gateway signer.
    event SignerRemoved(address indexed signer);

    /// @notice Verifies `response` to `request` for the calling resolver (`msg.sender`) and returns its result.
    /// @param request The `callData` the resolver put into its `OffchainLookup`.
    /// @param response The gateway's answer, `abi.encode(bytes result, uint64 expires, bytes sig)`.
    /// @return result The verified result bytes.
    function verify(bytes calldata request, bytes calldata response) external view returns (bytes memory result);

    /// @notice The current gateway signers, so a deployment can converge the set to a wanted list.
    /// @dev Order is unspecified and may change when a signer is removed. Unbounded: meant for
    /// off-chain reads (the set is a handful of gateway keys).
    /// @return The addresses whose signatures `verify` accepts.
    function signers() external view returns (address[] memory);
}
