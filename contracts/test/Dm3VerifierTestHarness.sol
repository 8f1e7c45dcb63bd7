// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDm3ProfileVerifier} from "../interfaces/IDm3ProfileVerifier.sol";

/// @title Test-only harness that calls the profile verifier inside a transaction
/// @notice Lets tests measure what a contract pays to verify a profile (receipt gas), test mock only.
contract Dm3VerifierTestHarness {
    /// @notice Emitted with the verifier's answer, so the call has an observable effect.
    /// @param node The name checked.
    /// @param valid The answer.
    event Dm3VerifierTestChecked(bytes32 indexed node, bool valid);

    IDm3ProfileVerifier private immutable _verifier;

    /// @notice Creates a harness around `verifier`.
    /// @param verifier The profile verifier.
    constructor(IDm3ProfileVerifier verifier) {
        _verifier = verifier;
    }

    /// @notice Calls `verify` and emits its answer.
    /// @param node The namehash.
    /// @param profile The profile.
    /// @param signature The profile signature.
    /// @return valid The verifier's answer.
    function check(
        bytes32 node,
        IDm3ProfileVerifier.Profile calldata profile,
        bytes calldata signature
    ) external returns (bool valid) {
        (valid, ) = _verifier.verify(node, profile, signature);
        emit Dm3VerifierTestChecked(node, valid);
    }
}
