# Runtime settings QirenGan runs with (sourced by the launcher, the tests and the benches).
# On few cores, OpenBLAS's own thread pool and libtorch's OpenMP pool oversubscribe the machine; libtorch's
# pool does the parallel work, so OpenBLAS gets one thread. glibc otherwise maps and unmaps every large tensor
# each step: raising the mmap/trim thresholds keeps the memory in the heap for reuse.
# Better still is tcmalloc (Debian libtcmalloc-minimal4, installed by setup.sh): it reuses freed tensors without
# glibc's fragmentation. Measured on 2 cores, 32×32 training, batch 32: peak RSS with R1 983 → 579 MiB, without R1
# 659 → 442 MiB, at the same speed. The launcher (scripts/qirengan) preloads it; QIRENGAN_ALLOCATOR=glibc opts out.
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$(nproc)}"
# libgomp's threads spin after each parallel region before they sleep. On a machine other processes share, the spinning
# takes the cores those processes need and the run collapses: 32×32 training with two `yes` and other builds running
# went from 1.6 images/s (default) to 7.0 with PASSIVE (4.4 with one thread). Idle, PASSIVE measured 31–42 against 44–45 images/s (noisy runs; an open item: see the stop-12 note).
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY-PASSIVE}"   # set but empty: libgomp's own default
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
