module cairn.dev/bench/loadgen

go 1.19
