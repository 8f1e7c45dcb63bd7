// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// @title Test-only harness around OpenZeppelin's plain MerkleProof calldata checks
/// @notice The baseline the billboard bench compares the anchor contract's inclusion checks with,
/// and a meter of the execution gas of a call (transaction gas on a Prague-or-later chain is often
/// the EIP-7623 calldata floor for proof checks, which hides the work done).
contract Dm3BillboardTestMerkleHarness {
    /// @notice Gas that a static call to `target` with `data` uses, measured from inside the EVM
    /// (includes the call's own cost, e.g. 2,600 for a cold `target`).
    /// @param target Contract to call.
    /// @param data Call data.
    /// @return gasUsed Gas the call used.
    /// @return ok Whether it succeeded.
    /// @return result What it returned.
    function meter(address target, bytes calldata data) external view returns (uint256 gasUsed, bool ok, bytes memory result) {
        uint256 start = gasleft();
        (ok, result) = target.staticcall(data);
        gasUsed = start - gasleft();
    }

    /// @notice `MerkleProof.verifyCalldata(proof, root, leaf)`.
    /// @param proof Sibling hashes.
    /// @param root Merkle root.
    /// @param leaf Leaf hash.
    /// @return Whether the proof holds.
    function verify(bytes32[] calldata proof, bytes32 root, bytes32 leaf) external pure returns (bool) {
        return MerkleProof.verifyCalldata(proof, root, leaf);
    }

    /// @notice `MerkleProof.multiProofVerifyCalldata(proof, proofFlags, root, leaves)`.
    /// @param proof Sibling hashes.
    /// @param proofFlags Multi-proof flags.
    /// @param root Merkle root.
    /// @param leaves Leaf hashes.
    /// @return Whether the multi-proof holds.
    function multiVerify(
        bytes32[] calldata proof,
        bool[] calldata proofFlags,
        bytes32 root,
        bytes32[] calldata leaves
    ) external pure returns (bool) {
        return MerkleProof.multiProofVerifyCalldata(proof, proofFlags, root, leaves);
    }
}
