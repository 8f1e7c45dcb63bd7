// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IDm3BillboardAnchor
/// @notice On-chain anchors of dm3 billboard (DM3BMP) message batches: each batch of messages is a
/// Merkle tree (OpenZeppelin `StandardMerkleTree` of {BillboardLeaf}) whose root is anchored once,
/// so that anyone can prove that a message was on a billboard by the batch's block time.
/// @dev A billboard is identified by the namehash of its ENS name. Its ENS owner, and the mediators
/// that owner approved, may anchor. A root can be anchored once, ever (on any billboard). Batches
/// of a billboard are numbered 0, 1, 2, ... in anchoring order. Per batch the contract stores one
/// slot, keyed by the root (a second slot mapping sequence numbers to roots would cost another
/// 22,100 gas per batch): lookups by sequence number go through the {BatchAnchored} event, which
/// indexes it, and the batch's `uri` (where its messages can be fetched) is only in that event.
interface IDm3BillboardAnchor {
    // ------------------------------------------------------------------ types

    /// @notice What a Merkle leaf of a billboard batch commits to (leaf encoding
    /// `["bytes32", "bytes32", "uint64"]`, leaf hash `keccak256(bytes.concat(keccak256(abi.encode(leaf))))`).
    /// @param messageHash dm3's message hash: `sha256(stringify(message))` of the signed dm3 message.
    /// @param sender Namehash of the message's normalized `metadata.from` name.
    /// @param timestamp The message's `metadata.timestamp` (milliseconds, as the sender claims it).
    struct BillboardLeaf {
        bytes32 messageHash;
        bytes32 sender;
        uint64 timestamp;
    }

    /// @notice An anchored batch.
    /// @param billboard Namehash of the billboard name.
    /// @param sequence Position of the batch in the billboard's sequence (0 for the first).
    /// @param root Merkle root of the batch.
    /// @param messageCount Number of messages (leaves) in the batch.
    /// @param firstTimestamp Earliest message timestamp in the batch (milliseconds).
    /// @param lastTimestamp Latest message timestamp in the batch (milliseconds).
    /// @param anchoredAt Block time of the anchoring transaction (seconds).
    struct Batch {
        bytes32 billboard;
        uint32 sequence;
        bytes32 root;
        uint32 messageCount;
        uint48 firstTimestamp;
        uint48 lastTimestamp;
        uint40 anchoredAt;
    }

    // ------------------------------------------------------------------ errors

    /// @notice A zero address was given where the ENS registry or a mediator is required.
    error Dm3BillboardZeroAddress();
    /// @notice `caller` is neither the ENS owner of `billboard` nor a mediator that owner approved.
    error Dm3BillboardUnauthorized(bytes32 billboard, address caller);
    /// @notice The root is zero (no tree has that root).
    error Dm3BillboardZeroRoot();
    /// @notice A batch must hold at least one message.
    error Dm3BillboardEmptyBatch();
    /// @notice `firstTimestamp` is later than `lastTimestamp`.
    error Dm3BillboardTimestampOrder(uint48 firstTimestamp, uint48 lastTimestamp);
    /// @notice `root` is already anchored, as batch `sequence` of `billboard`.
    error Dm3BillboardRootAlreadyAnchored(bytes32 root, bytes32 billboard, uint32 sequence);
    /// @notice No batch has the root `root`.
    error Dm3BillboardUnknownRoot(bytes32 root);
    /// @notice `mediator` is already approved for `billboard` by its current owner.
    error Dm3BillboardMediatorExists(bytes32 billboard, address mediator);
    /// @notice `mediator` is not approved for `billboard` by its current owner.
    error Dm3BillboardMediatorMissing(bytes32 billboard, address mediator);
    /// @notice A multi-proof check was given no leaves.
    error Dm3BillboardNoLeaves();
    /// @notice The multi-proof's sizes do not fit together: `leaves + proof` must equal `flags + 1`
    /// and the number of false flags must equal `proof`.
    error Dm3BillboardMalformedMultiproof(uint256 leaves, uint256 proof, uint256 flags);

    // ------------------------------------------------------------------ events

    /// @notice A batch was anchored. Its message count and timestamps are in storage, which never
    /// changes once written: read them with {batchByRoot}.
    /// @param billboard Namehash of the billboard name.
    /// @param sequence Position of the batch in the billboard's sequence.
    /// @param root Merkle root of the batch.
    /// @param anchorer The owner or mediator that anchored it.
    /// @param uri Where the batch's messages can be fetched ("" when not published).
    event BatchAnchored(
        bytes32 indexed billboard,
        uint32 indexed sequence,
        bytes32 indexed root,
        address anchorer,
        string uri
    );

    /// @notice `owner`, the ENS owner of `billboard`, approved `mediator` to anchor batches.
    /// @param billboard Namehash of the billboard name.
    /// @param owner The approving owner (the approval lapses when the name changes hands).
    /// @param mediator The approved account.
    event MediatorAdded(bytes32 indexed billboard, address indexed owner, address indexed mediator);

    /// @notice `owner` withdrew `mediator`'s approval for `billboard`.
    /// @param billboard Namehash of the billboard name.
    /// @param owner The owner that withdrew it.
    /// @param mediator The account no longer approved.
    event MediatorRemoved(bytes32 indexed billboard, address indexed owner, address indexed mediator);

    // ------------------------------------------------------------------ anchoring

    /// @notice Anchors a batch of messages of `billboard`: stores its root with the next sequence
    /// number and the block time, and emits {BatchAnchored}. ENS owner of `billboard` or one of
    /// its approved mediators only.
    /// @param billboard Namehash of the billboard name.
    /// @param root Merkle root of the batch (never anchored before, on any billboard).
    /// @param messageCount Number of messages in the batch (at least one).
    /// @param firstTimestamp Earliest message timestamp (milliseconds).
    /// @param lastTimestamp Latest message timestamp (milliseconds, not before `firstTimestamp`).
    /// @param uri Where the batch's messages can be fetched (emitted, not stored; may be empty).
    /// @return sequence The batch's sequence number.
    function anchor(
        bytes32 billboard,
        bytes32 root,
        uint32 messageCount,
        uint48 firstTimestamp,
        uint48 lastTimestamp,
        string calldata uri
    ) external returns (uint32 sequence);

    // ------------------------------------------------------------------ mediators

    /// @notice Approves `mediator` to anchor batches of `billboard`. ENS owner of `billboard` only.
    /// @dev Approvals belong to the approving owner: when the name changes hands they stop counting
    /// (and count again if it comes back).
    /// @param billboard Namehash of the billboard name.
    /// @param mediator The account to approve.
    function addMediator(bytes32 billboard, address mediator) external;

    /// @notice Withdraws `mediator`'s approval for `billboard`. ENS owner of `billboard` only.
    /// @param billboard Namehash of the billboard name.
    /// @param mediator The account to withdraw.
    function removeMediator(bytes32 billboard, address mediator) external;

    /// @notice Whether `account` is a mediator of `billboard` approved by its current ENS owner.
    /// @param billboard Namehash of the billboard name.
    /// @param account The account to check.
    /// @return True when approved.
    function isMediator(bytes32 billboard, address account) external view returns (bool);

    /// @notice The mediators of `billboard` approved by its current ENS owner.
    /// @param billboard Namehash of the billboard name.
    /// @return The mediator accounts (in no particular order).
    function mediators(bytes32 billboard) external view returns (address[] memory);

    /// @notice Whether `account` may anchor batches of `billboard` now (its ENS owner or a mediator).
    /// @param billboard Namehash of the billboard name.
    /// @param account The account to check.
    /// @return True when it may.
    function canAnchor(bytes32 billboard, address account) external view returns (bool);

    // ------------------------------------------------------------------ batches

    /// @notice Number of batches anchored for `billboard` (the next batch's sequence number).
    /// @param billboard Namehash of the billboard name.
    /// @return The count.
    function batchCount(bytes32 billboard) external view returns (uint32);

    /// @notice The batch with root `root`; reverts with {Dm3BillboardUnknownRoot} when none has it.
    /// @param root Merkle root.
    /// @return batch The batch.
    function batchByRoot(bytes32 root) external view returns (Batch memory batch);

    /// @notice Whether `root` is anchored as a batch of `billboard`.
    /// @param billboard Namehash of the billboard name.
    /// @param root Merkle root.
    /// @return True when it is.
    function isAnchored(bytes32 billboard, bytes32 root) external view returns (bool);

    // ------------------------------------------------------------------ inclusion

    /// @notice The Merkle leaf hash of `leaf`, as `StandardMerkleTree` computes it.
    /// @param leaf The leaf.
    /// @return `keccak256(bytes.concat(keccak256(abi.encode(leaf.messageHash, leaf.sender, leaf.timestamp))))`.
    function leafHash(BillboardLeaf calldata leaf) external pure returns (bytes32);

    /// @notice Whether `leaf` is in the batch with root `root` and that batch is anchored for `billboard`.
    /// @param billboard Namehash of the billboard name.
    /// @param root Root of the batch the proof is for.
    /// @param leaf The message's leaf.
    /// @param proof Merkle proof (`StandardMerkleTree.getProof`).
    /// @return True when both hold.
    function verifyMessage(
        bytes32 billboard,
        bytes32 root,
        BillboardLeaf calldata leaf,
        bytes32[] calldata proof
    ) external view returns (bool);

    /// @notice Whether all `leaves` are in the batch with root `root` and that batch is anchored for
    /// `billboard`; reverts on an empty or malformed multi-proof.
    /// @param billboard Namehash of the billboard name.
    /// @param root Root of the batch the proof is for.
    /// @param leaves The messages' leaves, in the order of `StandardMerkleTree.getMultiProof().leaves`.
    /// @param proof The multi-proof's sibling nodes.
    /// @param proofFlags The multi-proof's flags.
    /// @return True when all hold.
    function verifyMessages(
        bytes32 billboard,
        bytes32 root,
        BillboardLeaf[] calldata leaves,
        bytes32[] calldata proof,
        bool[] calldata proofFlags
    ) external view returns (bool);

    /// @notice The ENS registry whose owners control billboards.
    /// @return The registry address.
    function ens() external view returns (address);
}
