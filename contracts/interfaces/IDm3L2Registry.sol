// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMulticallable, IExtendedResolver} from "./IEnsResolvers.sol";
import {
    IDm3Records,
    IDm3TextRecords,
    IDm3AddrRecords,
    IDm3AddressRecords,
    IDm3ContenthashRecords,
    IDm3SignedRecords
} from "./IDm3Records.sol";
import {IDm3DnsName} from "./IDm3DnsName.sol";

/// @title IDm3L2Registry
/// @notice dm3 names on a second chain: ERC-721 subnames of one parent name that carry their own
/// resolver records (text, multi-coin addr, contenthash; see IDm3Records), registered by approved
/// registrars and read by a CCIP-Read gateway through ENSIP-10 `resolve`.
interface IDm3L2Registry is
    IDm3DnsName,
    IExtendedResolver,
    IDm3TextRecords,
    IDm3AddrRecords,
    IDm3AddressRecords,
    IDm3ContenthashRecords,
    IDm3SignedRecords,
    IMulticallable,
    IDm3Records
{
    // ------------------------------------------------------------------ errors

    /// @notice `caller` is not a registrar the registry owner approved.
    error Dm3RegistryNotRegistrar(address caller);
    /// @notice The label's subname is already registered.
    error Dm3RegistryNameTaken(bytes32 node);
    /// @notice A label must be 1 to 255 bytes long and contain no dot.
    error Dm3RegistryInvalidLabel(string label);
    /// @notice The zero address cannot be a registrar.
    error Dm3RegistryZeroAddress();

    // ------------------------------------------------------------------ events

    /// @notice ENS-compatible: `owner` received the subnode `labelhash` of `parentNode`.
    /// @param parentNode Namehash of the parent name.
    /// @param labelhash keccak256 of the new label.
    /// @param owner The subnode's owner.
    event NewOwner(bytes32 indexed parentNode, bytes32 indexed labelhash, address owner);
    /// @notice A subname was registered through `registrar`.
    /// @param node Namehash of the new name.
    /// @param label The registered label.
    /// @param owner Receiver of the ERC-721 token.
    /// @param registrar The approved registrar that registered it.
    event NameRegistered(bytes32 indexed node, string label, address indexed owner, address indexed registrar);
    /// @notice The registry owner approved `registrar` to register names.
    /// @param registrar The registrar contract.
    event RegistrarApproved(address indexed registrar);
    /// @notice The registry owner revoked `registrar`.
    /// @param registrar The registrar contract.
    event RegistrarRevoked(address indexed registrar);

    // ------------------------------------------------------------------ registration

    /// @notice Mints the subname `label` of the parent to `owner` and applies `records` in the same
    /// transaction. The registrar answers for the owner's consent to `records` (see IDm3Registrar).
    /// @param label The label (the registrar checks its rules; the registry only its DNS limits).
    /// @param owner Receiver of the ERC-721 token.
    /// @param records Resolver calls (`setText`, `setAddr`, `setContenthash`) whose node must be the new node.
    /// @return node The namehash of the new name (its token id is `uint256(node)`).
    function register(string calldata label, address owner, bytes[] calldata records) external returns (bytes32 node);

    /// @notice Approves `registrar` to call `register`. Registry owner only.
    /// @param registrar The registrar contract.
    function approveRegistrar(address registrar) external;

    /// @notice Revokes `registrar`. Registry owner only.
    /// @param registrar The registrar contract.
    function revokeRegistrar(address registrar) external;

    // ------------------------------------------------------------------ reads

    /// @notice Owner of `node` (zero when unregistered; never reverts).
    /// @param node Namehash.
    /// @return The token owner.
    function owner(bytes32 node) external view returns (address);

    /// @notice The DNS-encoded name of `node` (empty when unregistered; the parent's for the parent node).
    /// @param node Namehash.
    /// @return DNS-encoded name.
    function dnsName(bytes32 node) external view returns (bytes memory);

    /// @notice Namehash of the parent name.
    /// @return The parent node.
    function parentNode() external view returns (bytes32);

    /// @notice The namehash of `label` under the parent.
    /// @param label The label.
    /// @return The node.
    function makeNode(string calldata label) external view returns (bytes32);

    /// @notice Whether `registrar` may register names.
    /// @param registrar Address to check.
    /// @return True when approved.
    function isRegistrar(address registrar) external view returns (bool);

    /// @notice The ENSIP-11 coin type of this chain (`0x80000000 | chainid`).
    /// @return The coin type.
    function chainCoinType() external view returns (uint256);
}
