#!/usr/bin/env bash
# Rebuilds demo.wav from Speech Commands clips (CC BY 4.0). Needs sox and the clip folder
# (Speech Commands layout); the default is the ../shared/data/speech folder beside the repo.
# The committed demo.wav is the output of this script; see ATTRIBUTION.md for the clips.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
speech="${1:-$here/../../../../shared/data/speech}"
out="${2:-$here/demo.wav}"
p=thegtagamer--PICO-tinyML-benchmark__

# start time (s) and clip, in order of appearance
clips=(
  "1.0 yes/${p}189cbabe_nohash_0.wav"
  "2.5 house/${p}house_84d1e469_nohash_0.wav.wav"
  "4.0 no/${p}2796ac50_nohash_0.wav"
  "5.5 up/${p}0d53e045_nohash_1.wav"
  "7.0 yes/${p}1093c8e7_nohash_0.wav"
  "8.5 left/${p}0cb74144_nohash_1.wav"
  "10.0 no/${p}5ff3f9a1_nohash_0.wav"
)
noise="_background_noise_/hj-hejie--hj-speech-commands__exercise_bike.wav"
length=12

inputs=()
for c in "${clips[@]}"; do
  set -- $c
  inputs+=(-v 1 "|sox \"$speech/$2\" -p pad $1")
done
# Background: 12 s of the noise recording at a low level (roughly 25 dB below the speech).
inputs+=(-v 1 "|sox \"$speech/$noise\" -p trim 5 $length vol 0.12")

# -v 1 on every input: sox -m would otherwise scale each input by 1/n.
sox -m "${inputs[@]}" -r 16000 -c 1 -b 16 -e signed-integer "$out"
echo "wrote $out"
