namespace QirenGan.Cli;

/// <summary>The environment settings the launcher (scripts/qirengan) fixes, reported by `info` and the benches.</summary>
public static class RuntimeSettings
{
    public static readonly string[] Variables =
    [
        "OMP_NUM_THREADS",
        "OMP_WAIT_POLICY",
        "GOMP_SPINCOUNT",
        "OPENBLAS_NUM_THREADS",
        "MALLOC_MMAP_THRESHOLD_",
        "MALLOC_TRIM_THRESHOLD_",
        "LD_PRELOAD",
        "QIRENGAN_DETECTOR",
    ];
}
