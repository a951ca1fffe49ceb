// The declarations in include/CLibFuzzer.h are implemented by libFuzzer itself.
