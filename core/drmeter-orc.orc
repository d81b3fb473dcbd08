# gst-drmeter SIMD kernels.
#
# Each kernel folds n samples into two lane arrays that the caller keeps per
# window: sum[i] += x[i]^2 (binary64) and peak[i] = max(peak[i], |s[i]|) as an
# unsigned integer magnitude (float peaks as sign-cleared bit patterns, which
# order like the values). Lanes make every lane's sum sequential, so results
# do not depend on how the caller splits a stream. kernels-ref.c holds the
# plain C reference of each kernel; the tests check that all paths agree.
#
# Floating-point ops never see a denormal: ORC flushes them (its C backup
# always, compiled code through MXCSR). The float kernels therefore leave
# out "flagged" samples -- invalid ones (NaN, or 2^128 and above) and tiny
# ones (F32 denormals; F64 below 2^-511, whose squares are denormal) -- and
# count those that are not zero. When the count is not zero, kernels.c
# revisits the chunk in C, which honours denormals. Flagged samples are rare.

# F32 in two passes, so that the 32-bit work runs four samples to a
# register instead of two (a kernel with a binary64 variable runs at the
# width of its widest one): drm_orc_screen_f32 folds the peaks of the fast
# samples and counts the flagged ones that are not zero; only when there
# are none does drm_orc_squares_f32 add the squares of the raw samples,
# which are then all fast. Otherwise kernels.c measures the chunk in C.
.function drm_orc_screen_f32
.dest 4 peak uint32_t
.accumulator 4 flagged int
.source 4 s float
.temp 4 bits
.temp 4 flag
.temp 4 tiny
.temp 4 fast
.temp 4 left

andl bits, s, 0x7fffffff
cmpgtsl flag, bits, 0x7f7fffff
cmpgtsl tiny, 0x00800000, bits
orl flag, flag, tiny
andnl fast, flag, bits
# left = bits of a flagged sample (0 for the rest, and for zeros).
xorl left, fast, bits
minul left, left, 1
accl flagged, left
maxul peak, peak, fast


.function drm_orc_squares_f32
.dest 8 sum double
.source 4 s float
.temp 8 wide

convfd wide, s
muld wide, wide, wide
addd sum, sum, wide


.function drm_orc_acc_f64
.dest 8 sum double
.dest 8 peak uint64_t
.dest 4 flags int32_t
.source 8 s double
.temp 8 bits
.temp 8 flag
.temp 8 tiny
.temp 8 fast
.temp 8 left
.temp 8 gt
.temp 8 keep
.temp 8 x
.temp 4 zero

# A 32-bit accumulator fed from 64-bit lanes counts wrong in compiled SSE
# code (orc 0.4.33), so this kernel writes a flag per sample and
# drm_orc_count_flags adds them up.
andq bits, s, 0x7fffffffffffffffL
cmpgtsq flag, bits, 0x47efffffffffffffL
cmpgtsq tiny, 0x2000000000000000L, bits
orq flag, flag, tiny
andnq fast, flag, bits
andq left, bits, flag
cmpeqq left, left, 0
# flags = 1 for a flagged sample that is not zero, else 0.
convql zero, left
addl flags, zero, 1
# 64-bit max of magnitudes (all below 2^63, so a signed compare).
loadq keep, peak
cmpgtsq gt, fast, keep
andq x, fast, gt
andnq keep, gt, keep
orq peak, keep, x
muld x, fast, fast
addd sum, sum, x


.function drm_orc_count_flags
.accumulator 4 count int
.source 4 flags int32_t

accl count, flags


.function drm_orc_acc_s16
.dest 8 sum double
.dest 4 peak uint32_t
.source 2 s int16_t
.doubleparam 8 scale
.temp 4 v
.temp 4 mag
.temp 8 x

convswl v, s
absl mag, v
maxul peak, peak, mag
convld x, v
muld x, x, scale
muld x, x, x
addd sum, sum, x


.function drm_orc_acc_s32
.dest 8 sum double
.dest 4 peak uint32_t
.source 4 s int32_t
.doubleparam 8 scale
.temp 4 sign
.temp 4 mag
.temp 8 x

# |s| without signed overflow: (s ^ sign) - sign is 0x80000000 for INT32_MIN.
shrsl sign, s, 31
xorl mag, s, sign
subl mag, mag, sign
maxul peak, peak, mag
convld x, s
muld x, x, scale
muld x, x, x
addd sum, sum, x


.function drm_orc_acc_s24_32
.dest 8 sum double
.dest 4 peak uint32_t
.source 4 s int32_t
.doubleparam 8 scale
.temp 4 v
.temp 4 mag
.temp 8 x

# The sample is the low 24 bits; the top byte is padding.
shll v, s, 8
shrsl v, v, 8
absl mag, v
maxul peak, peak, mag
convld x, v
muld x, x, scale
muld x, x, x
addd sum, sum, x


.function drm_orc_acc_u8
.dest 8 sum double
.dest 4 peak uint32_t
.source 1 s uint8_t
.doubleparam 8 scale
.temp 2 w
.temp 4 v
.temp 4 mag
.temp 8 x

convubw w, s
subw w, w, 128
convswl v, w
absl mag, v
maxul peak, peak, mag
convld x, v
muld x, x, scale
muld x, x, x
addd sum, sum, x
