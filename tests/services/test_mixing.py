"""The mix: sounds placed in time add up, never wrap past 16 bits, and fill exactly the length
asked for, however they overlap."""

from __future__ import annotations

from array import array

from handcue.services.mixing import CHANNELS, RATE, Clip, mix, to_output


def _clip(start: float, value: int, frames: int, end: float | None = None) -> Clip:
    samples = array("h", [value] * (frames * CHANNELS))
    return Clip(start, lambda: array("h", samples), frames / RATE, end=end)


def _mixed(clips: list[Clip], seconds: float) -> array[int]:
    out = bytearray()
    frames = mix(clips, seconds, out.extend)
    samples = array("h")
    samples.frombytes(bytes(out))
    assert frames * CHANNELS == len(samples)
    return samples


def test_the_file_is_as_long_as_asked_with_silence_around_the_sounds() -> None:
    samples = _mixed([_clip(0.5, 1000, RATE // 10)], 2.0)
    assert len(samples) == 2 * RATE * CHANNELS
    start, stop = RATE // 2 * CHANNELS, (RATE // 2 + RATE // 10) * CHANNELS
    assert set(samples[:start]) == {0}
    assert set(samples[start:stop]) == {1000}
    assert set(samples[stop:]) == {0}


def test_overlapping_sounds_add_and_stop_at_the_largest_sample() -> None:
    frames = RATE // 10
    samples = _mixed([_clip(0.0, 30000, frames), _clip(0.05, 30000, frames)], 0.2)
    half = frames // 2 * CHANNELS
    assert set(samples[:half]) == {30000}
    assert set(samples[half : frames * CHANNELS]) == {32767}
    assert set(samples[frames * CHANNELS : (frames + frames // 2) * CHANNELS]) == {30000}


def test_a_sound_cut_off_ends_where_it_is_cut() -> None:
    samples = _mixed([_clip(0.0, 500, RATE, end=0.25)], 1.0)
    cut = RATE // 4 * CHANNELS
    assert set(samples[:cut]) == {500}
    assert set(samples[cut:]) == {0}


def test_mono_at_half_the_rate_becomes_stereo_at_the_mix_rate() -> None:
    mono = array("h", [0, 1000, 2000, 3000])
    stereo = to_output(mono.tobytes(), 1, RATE // 2)
    assert len(stereo) == 2 * len(mono) * CHANNELS
    left, right = stereo[0::2], stereo[1::2]
    assert left == right
    assert list(left[:6]) == [0, 500, 1000, 1500, 2000, 2500]
