# Runtime settings QirenGan runs with (sourced by the launcher, the tests and the benches).
# On few cores, OpenBLAS's own thread pool and libtorch's OpenMP pool oversubscribe the machine; libtorch's
# pool does the parallel work, so OpenBLAS gets one thread. glibc otherwise maps and unmaps every large tensor
# each step: raising the mmap/trim thresholds keeps the memory in the heap for reuse.
# Better still is tcmalloc (Debian libtcmalloc-minimal4, installed by setup.sh): it reuses freed tensors without
# glibc's fragmentation. Measured on 2 cores, 32×32 training, batch 32: peak RSS with R1 983 → 579 MiB, without R1
# 659 → 442 MiB, at the same speed. The launcher (scripts/qirengan) preloads it; QIRENGAN_ALLOCATOR=glibc opts out.
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$(nproc)}"
# libgomp's threads spin after each parallel region before they sleep (by default 300,000 spins). On a machine other
# processes share, the spinning takes the cores those processes need and the run collapses. Measured on 2 cores,
# 32×32 training, batch 32, mean images/s of 3 runs (README "Shared machines"): idle, default 59.7, PASSIVE 49.8
# (−17 %), GOMP_SPINCOUNT=20000 57.7 (−3 %); with two `yes` and other jobs, default 2.1, PASSIVE 6.4, 20000 5.4.
# A short spin keeps the idle speed and does not collapse under load. Set OMP_WAIT_POLICY or GOMP_SPINCOUNT to override.
if [[ -z "${OMP_WAIT_POLICY:-}" ]]; then
  export GOMP_SPINCOUNT="${GOMP_SPINCOUNT:-20000}"
fi
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-33554432}"
export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-1073741824}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
QIRENGAN_PRELOAD=""
if [[ "${QIRENGAN_ALLOCATOR:-tcmalloc}" == "tcmalloc" ]]; then
  QIRENGAN_PRELOAD="$( (/sbin/ldconfig -p 2>/dev/null || true) | awk '/libtcmalloc_minimal\.so\.4 /{print $NF; exit}')"
fi
export QIRENGAN_PRELOAD
# tcmalloc reports every allocation over 1 GiB on stderr; a large evaluation batch is not news.
export TCMALLOC_LARGE_ALLOC_REPORT_THRESHOLD="${TCMALLOC_LARGE_ALLOC_REPORT_THRESHOLD:-68719476736}"
