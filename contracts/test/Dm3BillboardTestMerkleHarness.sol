// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// @title Test-only harness around OpenZeppelin's plain MerkleProof calldata checks
/// @notice The baseline the billboard bench compares the anchor contract's inclusion checks with.
contract Dm3BillboardTestMerkleHarness {
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
