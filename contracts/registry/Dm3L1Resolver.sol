// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ERC165} from "@openzeppelin/contracts/utils/introspection/ERC165.sol";
import {IDm3L1Resolver, IDm3GatewayService} from "../interfaces/IDm3L1Resolver.sol";
import {IDm3GatewayVerifier} from "../interfaces/IDm3GatewayVerifier.sol";
import {IExtendedResolver} from "../interfaces/IEnsResolvers.sol";

/// @title Dm3L1Resolver
/// @notice ENSIP-10 wildcard resolver on L1 for a dm3 L2 registry: every lookup becomes an EIP-3668
/// `OffchainLookup` to a gateway that reads the registry on its chain; the answer is checked by a
/// replaceable `IDm3GatewayVerifier` (signed gateway today, storage proofs later).
contract Dm3L1Resolver is IDm3L1Resolver, Ownable2Step, ERC165 {
    uint256 private _chainId;
    address private _registry;
    IDm3GatewayVerifier private _verifier;
    string[] private _urls;

    /// @notice Creates the resolver.
    /// @param initialOwner May change URLs, verifier and target.
    /// @param chainId_ L2 chain id.
    /// @param registry_ L2 registry address.
    /// @param verifier_ Answer verifier.
    /// @param urls_ Gateway URL templates.
    constructor(address initialOwner, uint256 chainId_, address registry_, IDm3GatewayVerifier verifier_, string[] memory urls_)
        Ownable(initialOwner)
    {
        _setTarget(chainId_, registry_);
        _setVerifier(address(verifier_));
        _setUrls(urls_);
    }

    /// @inheritdoc IDm3L1Resolver
    function resolve(bytes calldata name, bytes calldata data) external view returns (bytes memory) {
        bytes memory request = abi.encodeCall(IDm3GatewayService.resolveL2, (name, data, _chainId, _registry));
        revert OffchainLookup(address(this), _urls, request, this.resolveWithProof.selector, request);
    }

    /// @inheritdoc IDm3L1Resolver
    function resolveWithProof(bytes calldata response, bytes calldata extraData) external view returns (bytes memory) {
        // extraData is the request: selector, then head words (name offset, data offset, chainId, registry).
        if (extraData.length < 132 || bytes4(extraData[:4]) != IDm3GatewayService.resolveL2.selector) {
            revert Dm3ResolverMalformedExtraData();
        }
        uint256 chainId_ = uint256(bytes32(extraData[68:100]));
        address registry_ = address(uint160(uint256(bytes32(extraData[100:132]))));
        if (chainId_ != _chainId || registry_ != _registry) revert Dm3ResolverTargetMismatch(chainId_, registry_);
        return _verifier.verify(extraData, response);
    }

    /// @inheritdoc IDm3L1Resolver
    function setGatewayUrls(string[] calldata urls_) external onlyOwner {
        _setUrls(urls_);
    }

    /// @inheritdoc IDm3L1Resolver
    function setVerifier(address verifier_) external onlyOwner {
        _setVerifier(verifier_);
    }

    /// @inheritdoc IDm3L1Resolver
    function setTarget(uint256 chainId_, address registry_) external onlyOwner {
        _setTarget(chainId_, registry_);
    }

    /// @inheritdoc IDm3L1Resolver
    function gatewayUrls() external view returns (string[] memory) {
        return _urls;
    }

    /// @inheritdoc IDm3L1Resolver
    function verifier() external view returns (address) {
        return address(_verifier);
    }

    /// @inheritdoc IDm3L1Resolver
    function l2Target() external view returns (uint256 chainId, address registry) {
        return (_chainId, _registry);
    }

    /// @notice ERC-165: ENSIP-10 `IExtendedResolver` and ERC-165 itself.
    /// @param interfaceId The interface id.
    /// @return True when supported.
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IExtendedResolver).interfaceId || interfaceId == type(IDm3L1Resolver).interfaceId
            || super.supportsInterface(interfaceId);
    }

    function _setUrls(string[] memory urls_) private {
        if (urls_.length == 0) revert Dm3ResolverInvalidUrls();
        for (uint256 i; i < urls_.length; ++i) {
            if (bytes(urls_[i]).length == 0) revert Dm3ResolverInvalidUrls();
        }
        _urls = urls_;
        emit GatewayUrlsChanged(urls_);
    }

    function _setVerifier(address verifier_) private {
        if (verifier_ == address(0)) revert Dm3ResolverZeroAddress();
        _verifier = IDm3GatewayVerifier(verifier_);
        emit VerifierChanged(verifier_);
    }

    function _setTarget(uint256 chainId_, address registry_) private {
        if (chainId_ == 0) revert Dm3ResolverInvalidChainId();
        if (registry_ == address(0)) revert Dm3ResolverZeroAddress();
        _chainId = chainId_;
        _registry = registry_;
        emit TargetChanged(chainId_, registry_);
    }
}
