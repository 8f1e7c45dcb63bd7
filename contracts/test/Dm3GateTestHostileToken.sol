// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Dm3GateTestHostileToken
/// @notice Test-only token that misbehaves on every call (`balanceOf`, `ownerOf`, ...) in one of several ways.
contract Dm3GateTestHostileToken {
    /// @notice How the token answers.
    enum Mode {
        REVERT,
        REVERT_HUGE,
        EMPTY,
        SHORT,
        LONG,
        DIRTY_ADDRESS,
        BURN_GAS,
        RETURN_HUGE,
        WRITE_STATE
    }

    Mode private immutable _mode;
    uint256 private _writes;

    /// @notice Creates the token.
    /// @param mode_ How it answers.
    constructor(Mode mode_) {
        _mode = mode_;
    }

    /// @notice Answers every call according to the mode.
    fallback() external {
        _answer();
    }

    /// @dev Misbehaves according to the mode; never returns normally.
    function _answer() private {
        Mode mode = _mode;
        if (mode == Mode.WRITE_STATE) {
            // Would work in a plain call; a STATICCALL makes the SSTORE fail.
            ++_writes;
            _returnWord(1_000_000);
        } else if (mode == Mode.BURN_GAS) {
            // solhint-disable-next-line no-empty-blocks
            while (gasleft() > 0) {}
        }
        // Not memory-safe: it returns and reverts with memory beyond what Solidity allocated.
        // solhint-disable-next-line no-inline-assembly
        assembly {
            switch mode
            case 0 { revert(0, 0) }
            case 1 { revert(0, 65536) }
            case 2 { return(0, 0) }
            case 3 {
                mstore(0, 1000000)
                return(1, 31)
            }
            case 4 {
                mstore(0, 1000000)
                mstore(32, 1000000)
                return(0, 64)
            }
            case 5 {
                // An "address" with bits above 160 set: the caller address with the top byte set.
                mstore(0, or(caller(), shl(248, 0xff)))
                return(0, 32)
            }
            default { return(0, 65536) }
        }
    }

    /// @dev Returns `value` as one word.
    function _returnWord(uint256 value) private pure {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0, value)
            return(0, 32)
        }
    }
}
