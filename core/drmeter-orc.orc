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
# always, compiled code through MXCSR). F32 denormals are widened through an
# integer conversion instead; F64 data is screened by drm_orc_check_f64 and
# routed to the C reference when it holds tiny or invalid samples.

.function drm_orc_acc_f32
.dest 8 sum double
.dest 4 peak uint32_t
.accumulator 4 invalid int
.source 4 s float
.doubleparam 8 denorm_scale
.temp 4 bits
.temp 4 bad
.temp 4 tiny
.temp 8 wide
.temp 8 wtiny
.temp 8 mask
.temp 4 one

# |s| as bits; NaN and Inf (bits above the largest finite) count and read 0.
andl bits, s, 0x7fffffff
cmpgtsl bad, bits, 0x7f7fffff
andnl bits, bad, bits
andl one, bad, 1
accl invalid, one
maxul peak, peak, bits
# Denormals (bits below the smallest normal): value = bits * 2^-149, exactly.
cmpgtsl tiny, 0x00800000, bits
convfd wide, bits
convld wtiny, bits
muld wtiny, wtiny, denorm_scale
convslq mask, tiny
andq wtiny, wtiny, mask
andnq wide, mask, wide
orq wide, wide, wtiny
muld wide, wide, wide
addd sum, sum, wide


.function drm_orc_acc_f64
.dest 8 sum double
.dest 8 peak uint64_t
.source 8 s double
.temp 8 bits
.temp 8 gt
.temp 8 keep
.temp 8 x

# Only for data drm_orc_check_f64 passed: finite, no square below 2^-1022.
andq bits, s, 0x7fffffffffffffffL
loadq keep, peak
cmpgtsq gt, bits, keep
andq bits, bits, gt
andnq keep, gt, keep
orq peak, keep, bits
muld x, s, s
addd sum, sum, x


.function drm_orc_check_f64
.accumulator 4 flagged int
.source 8 s double
.temp 4 hi
.temp 4 tiny
.temp 4 nonzero
.temp 4 big
.temp 4 one

# Counts samples the compiled path must not take: 0 < |x| < 2^-511 (its
# square would be denormal) and |x| >= 2^128 or NaN (invalid).
select1ql hi, s
andl hi, hi, 0x7fffffff
cmpgtsl tiny, 0x20000000, hi
cmpgtsl nonzero, hi, 0
andl tiny, tiny, nonzero
cmpgtsl big, hi, 0x47efffff
orl tiny, tiny, big
andl one, tiny, 1
accl flagged, one


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
