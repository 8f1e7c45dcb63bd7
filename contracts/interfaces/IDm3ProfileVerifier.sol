// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title On-chain verification of dm3 user profiles
/// @notice Rebuilds the exact message a dm3 wallet signs to publish a profile (canonical JSON of the
///         profile inside the reference's profile-creation text, EIP-191 hashed) and checks the
///         signature against the `addr` record of an ENS name, for EOAs (ECDSA) and contract
///         accounts (ERC-1271). It can also check that the name's `network.dm3.profile` text record
///         is exactly the signed profile as a `data:application/json,` URI.
/// @dev Answers are views: an invalid signature or a different record yields `false`, never a
///      revert. A name that cannot answer the question (no resolver, no `addr` record) reverts with
///      a custom error, as the reference library throws "Couldn't resolve name" in that case.
interface IDm3ProfileVerifier {
    /// @notice A dm3 user profile, field for field the reference's `UserProfile`.
    /// @param publicEncryptionKey X25519 public key, base64 (as published; any string is accepted).
    /// @param publicSigningKey Ed25519 public key, base64 (as published; any string is accepted).
    /// @param deliveryServices ENS names of the user's delivery services, in order of preference,
    ///        already normalized (ENSIP-15) off-chain.
    struct Profile {
        string publicEncryptionKey;
        string publicSigningKey;
        string[] deliveryServices;
    }

    /// @notice The registry address given to the constructor has no code.
    /// @param registry The address that was given.
    error Dm3ProfileVerifierInvalidRegistry(address registry);

    /// @notice The name has no resolver in the ENS registry, so it has no records to check against.
    /// @param node The namehash that was asked about.
    error Dm3ProfileVerifierNoResolver(bytes32 node);

    /// @notice The name's resolver gives no `addr` record (zero, or the call failed or returned
    ///         something that is not an address), so no signer is known for the name.
    /// @param node The namehash that was asked about.
    /// @param resolver The name's resolver.
    error Dm3ProfileVerifierNoAddress(bytes32 node, address resolver);

    /// @notice The ENS registry this verifier reads.
    /// @return The registry address.
    function ensRegistry() external view returns (address);

    /// @notice The text record key of a dm3 user profile, `network.dm3.profile`.
    /// @return The key.
    function profileRecordKey() external pure returns (string memory);

    /// @notice Checks that `signature` authorizes `profile` for the ENS name `node`: the signer must
    ///         be the name's `addr` record, as in the reference's `checkUserProfile`.
    /// @dev Reverts with `Dm3ProfileVerifierNoResolver` / `Dm3ProfileVerifierNoAddress` when the name
    ///      has no resolver / no address; returns `valid = false` for any signature that does not verify.
    /// @param node The namehash of the (normalized) name.
    /// @param profile The profile as published.
    /// @param signature The wallet's signature over the profile-creation message.
    /// @return valid True when the signature is valid for the name's address.
    /// @return signer The name's `addr` record, against which the signature was checked.
    function verifyProfile(
        bytes32 node,
        Profile calldata profile,
        bytes calldata signature
    ) external view returns (bool valid, address signer);

    /// @notice Checks that the name's `network.dm3.profile` text record is exactly
    ///         `data:application/json,` + the canonical JSON of `{profile, signature}`, with the
    ///         signature as lowercase `0x` hex (what dm3 writers publish). The signature is not checked here.
    /// @dev Reverts with `Dm3ProfileVerifierNoResolver` when the name has no resolver; a resolver
    ///      without that record (or one whose `text` call fails) gives `false`.
    /// @param node The namehash of the (normalized) name.
    /// @param profile The profile expected in the record.
    /// @param signature The signature expected in the record.
    /// @return True when the record matches byte for byte.
    function verifyRecord(
        bytes32 node,
        Profile calldata profile,
        bytes calldata signature
    ) external view returns (bool);

    /// @notice Both checks: the signature authorizes the profile for the name (`verifyProfile`) and
    ///         the name publishes exactly this signed profile (`verifyRecord`).
    /// @dev Reverts like `verifyProfile` when the name has no resolver or no address.
    /// @param node The namehash of the (normalized) name.
    /// @param profile The profile.
    /// @param signature The wallet's signature over the profile-creation message.
    /// @return valid True when both checks pass.
    /// @return signer The name's `addr` record.
    function verify(
        bytes32 node,
        Profile calldata profile,
        bytes calldata signature
    ) external view returns (bool valid, address signer);

    /// @notice Checks `signature` over the profile-creation message of `profile` for `account`,
    ///         without ENS (the reference's `checkUserProfileWithAddress`, plus ERC-1271).
    /// @param profile The profile.
    /// @param account The account that should have signed.
    /// @param signature The signature.
    /// @return True when the signature is valid for `account`.
    function checkProfileSignature(
        Profile calldata profile,
        address account,
        bytes calldata signature
    ) external view returns (bool);

    /// @notice The canonical JSON of `profile` (dm3's `stringify`): sorted keys, no whitespace,
    ///         strings escaped like `JSON.stringify`.
    /// @param profile The profile.
    /// @return The JSON text.
    function profileJson(Profile calldata profile) external pure returns (string memory);

    /// @notice The exact message a wallet signs to publish `profile` for `account` (the reference's
    ///         `getProfileCreationMessage`, with the EIP-55 checksummed address).
    /// @param profile The profile.
    /// @param account The signing account.
    /// @return The message text.
    function profileCreationMessage(Profile calldata profile, address account) external pure returns (string memory);

    /// @notice The EIP-191 hash of the profile-creation message, i.e. what the signature signs.
    /// @param profile The profile.
    /// @param account The signing account.
    /// @return The digest.
    function profileMessageHash(Profile calldata profile, address account) external pure returns (bytes32);

    /// @notice The record value dm3 publishes for a signed profile:
    ///         `data:application/json,{"profile":{…},"signature":"0x…"}`.
    /// @param profile The profile.
    /// @param signature The signature (written as lowercase `0x` hex).
    /// @return The data URI.
    function profileRecord(Profile calldata profile, bytes calldata signature) external pure returns (string memory);
}
