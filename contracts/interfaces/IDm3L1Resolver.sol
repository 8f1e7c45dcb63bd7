// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IDm3L1Resolver
/// @notice ENSIP-10 resolver on L1 for the names of a dm3 L2 registry, answered through EIP-3668 CCIP-Read.
interface IDm3L1Resolver {
    /// @notice EIP-3668: fetch `callData` from one of `urls`, then call `callbackFunction(response, extraData)` on `sender`.
    error OffchainLookup(address sender, string[] urls, bytes callData, bytes4 callbackFunction, bytes extraData);
    /// @notice The gateway URL list must not be empty, nor contain an empty URL.
    error Dm3ResolverInvalidUrls();
    /// @notice A zero address was given where a contract is required.
    error Dm3ResolverZeroAddress();
    /// @notice The target chain id must not be zero.
    error Dm3ResolverInvalidChainId();
    /// @notice `extraData` is not what `resolve` produced (`abi.encode(bytes request)`).
    error Dm3ResolverMalformedExtraData();
    /// @notice The answered request was for another L2 target than the current one.
    error Dm3ResolverTargetMismatch(uint256 chainId, address registry);

    /// @notice The gateway URL templates changed.
    /// @param urls The new URL templates.
    event GatewayUrlsChanged(string[] urls);
    /// @notice The answer verifier changed.
    /// @param verifier The new verifier.
    event VerifierChanged(address indexed verifier);
    /// @notice The L2 registry the resolver reads from changed.
    /// @param chainId Chain id of the L2.
    /// @param registry The L2 registry address.
    event TargetChanged(uint256 indexed chainId, address indexed registry);

    /// @notice ENSIP-10: always reverts `OffchainLookup` with a request bound to the target chain and registry.
    /// @param name DNS-encoded name.
    /// @param data Inner resolver call.
    /// @return Never returns.
    function resolve(bytes calldata name, bytes calldata data) external view returns (bytes memory);

    /// @notice EIP-3668 callback: verifies the gateway's answer and returns the result.
    /// @param response The gateway's answer.
    /// @param extraData What `resolve` put into `OffchainLookup`.
    /// @return The inner call's ABI-encoded answer.
    function resolveWithProof(bytes calldata response, bytes calldata extraData) external view returns (bytes memory);

    /// @notice Replaces the gateway URL templates (`…/{sender}/{data}.json` or POST URLs). Owner only.
    /// @param urls New URL list.
    function setGatewayUrls(string[] calldata urls) external;

    /// @notice Replaces the answer verifier. Owner only.
    /// @param verifier New verifier.
    function setVerifier(address verifier) external;

    /// @notice Points the resolver at another L2 registry. Owner only.
    /// @param chainId The L2 chain id.
    /// @param registry The registry on that chain.
    function setTarget(uint256 chainId, address registry) external;

    /// @notice The gateway URL templates.
    /// @return The URLs.
    function gatewayUrls() external view returns (string[] memory);

    /// @notice The answer verifier.
    /// @return The verifier.
    function verifier() external view returns (address);

    /// @notice The L2 target.
    /// @return chainId The L2 chain id.
    /// @return registry The registry address on it.
    function l2Target() external view returns (uint256 chainId, address registry);
}

/// @title IDm3GatewayService
/// @notice The request a dm3 L1 resolver sends to its gateway (ABI only, never deployed): read
/// `IDm3L2Registry.resolve(name, data)` on chain `chainId` at `registry`.
interface IDm3GatewayService {
    /// @notice Gateway request.
    /// @param name DNS-encoded name.
    /// @param data Inner resolver call.
    /// @param chainId L2 chain id.
    /// @param registry L2 registry address.
    /// @return result ABI-encoded answer.
    /// @return expires Validity end (unix seconds).
    /// @return sig Gateway signature.
    function resolveL2(bytes calldata name, bytes calldata data, uint256 chainId, address registry)
        external
        view
        returns (bytes memory result, uint64 expires, bytes memory sig);
}
