// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDm3L2Registry} from "../interfaces/IDm3L2Registry.sol";
import {Dm3RegistrarBase} from "./Dm3RegistrarBase.sol";

/// @title Dm3FirstComeRegistrar
/// @notice The default registrar of a dm3 L2 registry: the first owner to consent gets a free label
/// (label rules and consent in `Dm3RegistrarBase`; EIP-712 domain "Dm3FirstComeRegistrar", version "1").
contract Dm3FirstComeRegistrar is Dm3RegistrarBase {
    /// @notice Creates the registrar for `registry_` (the registry owner must then approve it).
    /// @param registry_ The L2 registry.
    /// @param minLength_ Shortest label in bytes (>= 1).
    /// @param maxLength_ Longest label in bytes (<= 63, the DNS label limit).
    /// @param initialOwner May close and reopen registration.
    constructor(IDm3L2Registry registry_, uint256 minLength_, uint256 maxLength_, address initialOwner)
        Dm3RegistrarBase(registry_, minLength_, maxLength_, initialOwner, "Dm3FirstComeRegistrar")
    {}
}
