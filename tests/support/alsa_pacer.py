"""Stands in for a sound card: ALSA's `file` plugin pipes each stream into one of these.

Usage (from .asoundrc): pacer.py OUTDIR RATE CHANNELS BITS FORMAT

It reads the stream no faster than it would play, so the writer is held back as by real
hardware, and stores the stream as OUTDIR/<arrival ns>-<pid>-<rate>-<channels>-<bits>-
<format>.raw, where arrival is time.monotonic() when ALSA started this process (the moment
the stream opened). The file appears under its final name only once the stream has ended.
Only the standard library is used and nothing is printed, so start-up stays fast.
"""

import os
import sys
import time


def main() -> None:
    arrival = time.monotonic()
    outdir, rate, channels, bits, sample_format = sys.argv[1:6]
    byte_rate = int(rate) * int(channels) * int(bits) // 8
    chunk = max(byte_rate // 200, 64)
    stem = f"{int(arrival * 1e9):020d}-{os.getpid()}-{rate}-{channels}-{bits}-{sample_format}"
    partial = os.path.join(outdir, stem + ".part")
    received = 0
    source = sys.stdin.buffer.fileno()
    with open(partial, "wb") as sink:
        while True:
            try:
                data = os.read(source, chunk)
            except OSError:
                break
            if not data:
                break
            sink.write(data)
            received += len(data)
            ahead = arrival + received / byte_rate - time.monotonic()
            if ahead > 0:
                time.sleep(ahead)
    os.rename(partial, os.path.join(outdir, stem + ".raw"))


if __name__ == "__main__":
    main()
