"""Reads `perf script -F ip,sym` (call stacks, one block per sample) on standard input and prints the
functions holding the most samples of a DataFlowBench run's timed part: samples under loading the
raw tables (`RawTable`) or computing the checksum are left out, so what remains is the workload.
Symbols stay mangled here; profile.sh demangles the output."""
import collections
import re
import sys

UNTIMED = re.compile(r"RawTable|checksum")
STAGES = re.compile(r"Operator|Exchange|Join|Aggregat|Sort|Window|Writer|Reader|Scan|Decoder|Encoder|Job|Kernel|Hash|Filter|Project|Parquet|CSV")


def samples(lines):
    stack = []
    for line in lines:
        line = line.strip()
        if not line:
            if stack:
                yield stack
            stack = []
            continue
        parts = line.split(None, 1)
        stack.append(re.sub(r"\+0x[0-9a-f]+$", "", parts[1]) if len(parts) > 1 else "[unknown]")
    if stack:
        yield stack


def main() -> None:
    own, inclusive, total = collections.Counter(), collections.Counter(), 0
    for stack in samples(sys.stdin):
        if any(UNTIMED.search(frame) for frame in stack):
            continue
        total += 1
        own[stack[0]] += 1
        for frame in set(stack):
            inclusive[frame] += 1
    if total == 0:
        sys.exit("no samples in the timed part")
    print(f"== operators and stages, inclusive ({total} samples of the timed runs) ==")
    for frame, count in [(f, c) for f, c in inclusive.most_common() if STAGES.search(f)][:20]:
        print(f"{100 * count / total:6.1f}%  {frame}")
    print("== self ==")
    for frame, count in own.most_common(20):
        print(f"{100 * count / total:6.1f}%  {frame}")


if __name__ == "__main__":
    main()
