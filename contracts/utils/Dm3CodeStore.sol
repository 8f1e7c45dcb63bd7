// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Dm3CodeStore
/// @notice Values kept as the runtime code of a data contract (code = 0x00 ‖ value, read back with
/// EXTCODECOPY), the SSTORE2 idea: code costs 200 gas a byte against ~690 for new storage.
library Dm3CodeStore {
    /// @notice Longest value a data contract can hold: the EIP-170 code size limit minus the leading STOP byte.
    uint256 internal constant MAX_LENGTH = 24_575;

    /// @notice Deploys a data contract whose runtime code is `0x00 ‖ value`.
    /// @dev Creation code (10 bytes, then the runtime code):
    ///   61 ssss  PUSH2 s        s = value length + 1 (fits: callers keep values within MAX_LENGTH)
    ///   80       DUP1
    ///   60 0a    PUSH1 10       where the runtime code starts in the creation code
    ///   3d       RETURNDATASIZE 0 (no call made yet): memory destination
    ///   39       CODECOPY       memory[0, s) = creation code[10, 10 + s)
    ///   3d       RETURNDATASIZE 0: memory offset
    ///   f3       RETURN         runtime code = memory[0, s)
    /// Safety: the runtime code starts with 0x00 (STOP), so a call to the data contract halts at once,
    /// whatever the value's bytes are: it cannot run code, emit, call out, SELFDESTRUCT or hold a
    /// balance it could move. Its code never changes.
    /// @param value The value, at most `MAX_LENGTH` bytes.
    /// @return data The data contract, or zero when the CREATE failed (out of gas).
    function write(bytes memory value) internal returns (address data) {
        bytes memory creation = abi.encodePacked(hex"61", uint16(value.length + 1), hex"80600a3d393df300", value);
        // SSTORE2-style data contract: CREATE with the hand-written creation code above.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            data := create(0, add(creation, 32), mload(creation))
        }
    }

    /// @notice The value `write` stored in `data`: its code after the leading STOP byte.
    /// @dev `data` must be an address `write` returned (non-zero).
    /// @param data The data contract.
    /// @return value The stored value.
    function read(address data) internal view returns (bytes memory value) {
        // No underflow: `data` was returned by `write`, whose runtime code is the STOP byte plus the
        // value, and that code cannot change or be removed (it never runs, so it cannot
        // SELFDESTRUCT). Hence data.code.length >= 1.
        uint256 length;
        unchecked {
            length = data.code.length - 1;
        }
        return read(data, length);
    }

    /// @notice The first `length` bytes of the value `write` stored in `data`, for a caller that kept the
    /// length: one cold EXTCODECOPY instead of EXTCODESIZE and EXTCODECOPY.
    /// @dev Past the end of the value the bytes read are zeros (EXTCODECOPY pads), never foreign memory.
    /// @param data The data contract.
    /// @param length How many bytes to read.
    /// @return value The bytes.
    function read(address data, uint256 length) internal view returns (bytes memory value) {
        // SSTORE2-style read: EXTCODECOPY of the data contract's code after its STOP byte.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            value := mload(0x40)
            mstore(value, length)
            // Copy whole words: EXTCODECOPY past the end of the code writes zeros, so the padding is clean.
            let words := and(add(length, 31), not(31))
            extcodecopy(data, add(value, 32), 1, words)
            mstore(0x40, add(add(value, 32), words))
        }
    }
}
