// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IDm3BillboardAnchor} from "../interfaces/IDm3BillboardAnchor.sol";
import {IEnsRegistry} from "../interfaces/IEnsRegistry.sol";

/// @title Dm3BillboardAnchor
/// @notice Anchors Merkle roots of dm3 billboard message batches, authorized by ENS ownership of
/// the billboard name, and checks message inclusion against them.
/// @dev Storage per batch is one new slot (`_batches[root]`, packed below), plus one rewrite of
/// the billboard's slot (batch counter). A billboard gets a 32-bit id at its first batch, so that
/// a root's slot can name its billboard. The uri lives only in the event.
contract Dm3BillboardAnchor is IDm3BillboardAnchor {
    using EnumerableSet for EnumerableSet.AddressSet;

    // Layout of a `_batches` word (low bits first). A word is never 0 once written: `anchoredAt`
    // is a block time, which is never 0 after genesis. Widths: 48-bit millisecond timestamps last
    // until the year 10889 (the SDK refuses later ones), 40-bit block times until the year 36812.
    uint256 private constant _SEQUENCE_SHIFT = 32;
    uint256 private constant _COUNT_SHIFT = 64;
    uint256 private constant _FIRST_SHIFT = 96;
    uint256 private constant _LAST_SHIFT = 144;
    uint256 private constant _ANCHORED_SHIFT = 192;

    /// @dev Per billboard: its id (0 until its first batch) and its number of batches. One slot.
    struct BillboardState {
        uint32 id;
        uint32 batchCount;
    }

    IEnsRegistry private immutable _ens;

    /// @dev root => billboard id (32) | sequence (32) | messageCount (32) | first (48) | last (48) | anchoredAt (40).
    mapping(bytes32 root => uint256) private _batches;
    /// @dev billboard namehash => id and batch count.
    mapping(bytes32 billboard => BillboardState) private _billboards;
    /// @dev billboard id => billboard namehash.
    mapping(uint32 id => bytes32) private _nodes;
    /// @dev Number of billboards that have an id (the last id given out).
    uint32 private _billboardTotal;
    /// @dev keccak256(abi.encode(billboard, approving owner)) => approved mediators.
    mapping(bytes32 approval => EnumerableSet.AddressSet) private _mediators;

    /// @notice Creates the anchor contract.
    /// @param ens_ ENS registry whose owners control billboards.
    constructor(IEnsRegistry ens_) {
        if (address(ens_) == address(0)) revert Dm3BillboardZeroAddress();
        _ens = ens_;
    }

    // ------------------------------------------------------------------ anchoring

    /// @inheritdoc IDm3BillboardAnchor
    function anchor(
        bytes32 billboard,
        bytes32 root,
        uint32 messageCount,
        uint48 firstTimestamp,
        uint48 lastTimestamp,
        string calldata uri
    ) external returns (uint32 sequence) {
        if (root == bytes32(0)) revert Dm3BillboardZeroRoot();
        if (messageCount == 0) revert Dm3BillboardEmptyBatch();
        if (firstTimestamp > lastTimestamp) revert Dm3BillboardTimestampOrder(firstTimestamp, lastTimestamp);
        _checkAnchorer(billboard);

        uint256 existing = _batches[root];
        if (existing != 0) {
            revert Dm3BillboardRootAlreadyAnchored(root, _nodes[uint32(existing)], uint32(existing >> _SEQUENCE_SHIFT));
        }

        BillboardState storage state = _billboards[billboard];
        uint32 billboardId = state.id;
        if (billboardId == 0) {
            billboardId = ++_billboardTotal;
            _nodes[billboardId] = billboard;
            state.id = billboardId;
        }
        sequence = state.batchCount;
        state.batchCount = sequence + 1;
        _batches[root] = uint256(billboardId) | (uint256(sequence) << _SEQUENCE_SHIFT)
            | (uint256(messageCount) << _COUNT_SHIFT) | (uint256(firstTimestamp) << _FIRST_SHIFT)
            | (uint256(lastTimestamp) << _LAST_SHIFT) | (uint256(uint40(block.timestamp)) << _ANCHORED_SHIFT);

        emit BatchAnchored(billboard, sequence, root, msg.sender, uri);
    }

    // ------------------------------------------------------------------ mediators

    /// @inheritdoc IDm3BillboardAnchor
    function addMediator(bytes32 billboard, address mediator) external {
        if (mediator == address(0)) revert Dm3BillboardZeroAddress();
        address owner = _ens.owner(billboard);
        if (owner != msg.sender) revert Dm3BillboardUnauthorized(billboard, msg.sender);
        if (!_mediators[_approval(billboard, owner)].add(mediator)) revert Dm3BillboardMediatorExists(billboard, mediator);
        emit MediatorAdded(billboard, owner, mediator);
    }

    /// @inheritdoc IDm3BillboardAnchor
    function removeMediator(bytes32 billboard, address mediator) external {
        address owner = _ens.owner(billboard);
        if (owner != msg.sender) revert Dm3BillboardUnauthorized(billboard, msg.sender);
        if (!_mediators[_approval(billboard, owner)].remove(mediator)) {
            revert Dm3BillboardMediatorMissing(billboard, mediator);
        }
        emit MediatorRemoved(billboard, owner, mediator);
    }

    /// @inheritdoc IDm3BillboardAnchor
    function isMediator(bytes32 billboard, address account) external view returns (bool) {
        return _mediators[_approval(billboard, _ens.owner(billboard))].contains(account);
    }

    /// @inheritdoc IDm3BillboardAnchor
    function mediators(bytes32 billboard) external view returns (address[] memory) {
        return _mediators[_approval(billboard, _ens.owner(billboard))].values();
    }

    /// @inheritdoc IDm3BillboardAnchor
    function canAnchor(bytes32 billboard, address account) external view returns (bool) {
        address owner = _ens.owner(billboard);
        if (owner == address(0)) return false;
        return account == owner || _mediators[_approval(billboard, owner)].contains(account);
    }

    // ------------------------------------------------------------------ batches

    /// @inheritdoc IDm3BillboardAnchor
    function batchCount(bytes32 billboard) external view returns (uint32) {
        return _billboards[billboard].batchCount;
    }

    /// @inheritdoc IDm3BillboardAnchor
    function batchByRoot(bytes32 root) external view returns (Batch memory batch) {
        uint256 word = _batches[root];
        if (word == 0) revert Dm3BillboardUnknownRoot(root);
        batch = Batch({
            billboard: _nodes[uint32(word)],
            sequence: uint32(word >> _SEQUENCE_SHIFT),
            root: root,
            messageCount: uint32(word >> _COUNT_SHIFT),
            firstTimestamp: uint48(word >> _FIRST_SHIFT),
            lastTimestamp: uint48(word >> _LAST_SHIFT),
            anchoredAt: uint40(word >> _ANCHORED_SHIFT)
        });
    }

    /// @inheritdoc IDm3BillboardAnchor
    function isAnchored(bytes32 billboard, bytes32 root) external view returns (bool) {
        return _isAnchored(billboard, root);
    }

    // ------------------------------------------------------------------ inclusion

    /// @inheritdoc IDm3BillboardAnchor
    function leafHash(BillboardLeaf calldata leaf) external pure returns (bytes32) {
        return _leafHash(leaf);
    }

    /// @inheritdoc IDm3BillboardAnchor
    function verifyMessage(
        bytes32 billboard,
        bytes32 root,
        BillboardLeaf calldata leaf,
        bytes32[] calldata proof
    ) external view returns (bool) {
        return _isAnchored(billboard, root) && MerkleProof.verifyCalldata(proof, root, _leafHash(leaf));
    }

    /// @inheritdoc IDm3BillboardAnchor
    function verifyMessages(
        bytes32 billboard,
        bytes32 root,
        BillboardLeaf[] calldata leaves,
        bytes32[] calldata proof,
        bool[] calldata proofFlags
    ) external view returns (bool) {
        uint256 count = leaves.length;
        _checkMultiproofShape(count, proof.length, proofFlags);
        if (!_isAnchored(billboard, root)) return false;
        bytes32[] memory hashes = new bytes32[](count);
        for (uint256 i; i < count; ++i) {
            hashes[i] = _leafHash(leaves[i]);
        }
        return MerkleProof.multiProofVerifyCalldata(proof, proofFlags, root, hashes);
    }

    /// @inheritdoc IDm3BillboardAnchor
    function ens() external view returns (address) {
        return address(_ens);
    }

    // ------------------------------------------------------------------ internal

    /// @dev Reverts unless the caller is the ENS owner of `billboard` or a mediator that owner approved.
    function _checkAnchorer(bytes32 billboard) private view {
        address owner = _ens.owner(billboard);
        if (msg.sender == owner) return;
        if (owner == address(0) || !_mediators[_approval(billboard, owner)].contains(msg.sender)) {
            revert Dm3BillboardUnauthorized(billboard, msg.sender);
        }
    }

    /// @dev Reverts unless a multi-proof's sizes fit together. OpenZeppelin reverts with its own
    /// error on a malformed multi-proof and accepts "no leaves, proof = [root]": checked here so
    /// that every refusal is one of ours.
    function _checkMultiproofShape(uint256 leafCount, uint256 proofLength, bool[] calldata proofFlags) private pure {
        if (leafCount == 0) revert Dm3BillboardNoLeaves();
        uint256 flagCount = proofFlags.length;
        uint256 siblings;
        // Counts the false flags (zero words). Assembly: the Solidity loop costs ~160 gas more per flag.
        // A word other than 0 or 1 is no bool; OpenZeppelin's loop, reading bool[] calldata, reverts on it.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let end := add(proofFlags.offset, shl(5, flagCount))
            for { let p := proofFlags.offset } lt(p, end) { p := add(p, 0x20) } {
                siblings := add(siblings, iszero(calldataload(p)))
            }
        }
        if (leafCount + proofLength != flagCount + 1 || siblings != proofLength) {
            revert Dm3BillboardMalformedMultiproof(leafCount, proofLength, flagCount);
        }
    }

    /// @dev Whether `root` is a batch of `billboard` (its word names the billboard's id; ids start at 1).
    function _isAnchored(bytes32 billboard, bytes32 root) private view returns (bool) {
        uint256 word = _batches[root];
        return word != 0 && _billboards[billboard].id == uint32(word);
    }

    /// @dev Key of the mediator set that `owner` approved for `billboard`.
    function _approval(bytes32 billboard, address owner) private pure returns (bytes32) {
        return keccak256(abi.encode(billboard, owner));
    }

    /// @dev `StandardMerkleTree`'s leaf hash of ["bytes32", "bytes32", "uint64"] values (double keccak).
    function _leafHash(BillboardLeaf calldata leaf) private pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(leaf.messageHash, leaf.sender, leaf.timestamp))));
    }
}
