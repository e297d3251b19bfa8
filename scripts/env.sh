# Runtime settings QirenGan runs with (sourced by the launcher, the tests and the benches).
# On few cores, OpenBLAS's own thread pool and libtorch's OpenMP pool oversubscribe the machine; libtorch's
# pool does the parallel work, so OpenBLAS gets one thread. glibc otherwise maps and unmaps every large tensor
# each step: raising the mmap/trim thresholds keeps the memory in the heap for reuse.
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$(nproc)}"
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-33554432}"
export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-1073741824}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
