// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Dm3DataContract
/// @notice SSTORE2-style storage: bytes kept as the runtime code of a contract (code = 0x00 ‖ data), written
/// once with CREATE (200 gas a byte) and read back with one EXTCODECOPY (2,600 gas cold plus 3 a word)
/// instead of one SLOAD (2,100 cold) per 32 bytes.
library Dm3DataContract {
    /// @notice Longest data a data contract holds: the EIP-170 code size limit minus the leading STOP byte.
    uint256 internal constant MAX_LENGTH = 24_575;

    /// @notice Deploys a data contract holding `data`.
    /// @dev Creation code (10 bytes, then the runtime code):
    ///   61 ssss  PUSH2 s        s = data length + 1 (fits: length <= MAX_LENGTH)
    ///   80       DUP1
    ///   60 0a    PUSH1 10       where the runtime code starts in the creation code
    ///   3d       RETURNDATASIZE 0 (no call made yet): memory destination
    ///   39       CODECOPY       memory[0, s) = creation code[10, 10 + s)
    ///   3d       RETURNDATASIZE 0: memory offset
    ///   f3       RETURN         runtime code = memory[0, s)
    /// Safety: the runtime code starts with 0x00 (STOP), so a call to the data contract halts at once,
    /// whatever the data's bytes are: it cannot run code, emit, call out, SELFDESTRUCT or hold a balance
    /// it could move. Its code never changes.
    /// @param data The bytes to store (at most MAX_LENGTH).
    /// @return pointer The data contract, or zero when `data` is too long or CREATE failed (out of gas).
    function write(bytes memory data) internal returns (address pointer) {
        if (data.length > MAX_LENGTH) return address(0);
        bytes memory creation = abi.encodePacked(hex"61", uint16(data.length + 1), hex"80600a3d393df300", data);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            pointer := create(0, add(creation, 32), mload(creation))
        }
    }

    /// @notice The `length` bytes stored in data contract `pointer` by `write`.
    /// @dev The caller passes the length it stored, which saves an EXTCODESIZE. Reading past the end of the
    /// code yields zeros (EXTCODECOPY pads), so a wrong length cannot read foreign memory.
    /// @param pointer A data contract made by `write`.
    /// @param length Its data length.
    /// @return data The bytes.
    function read(address pointer, uint256 length) internal view returns (bytes memory data) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            data := mload(0x40)
            mstore(data, length)
            // Whole words: EXTCODECOPY past the end of the code writes zeros, so the padding is clean.
            let words := and(add(length, 31), not(31))
            extcodecopy(pointer, add(data, 32), 1, words)
            mstore(0x40, add(add(data, 32), words))
        }
    }
}
