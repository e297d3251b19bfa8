namespace QirenGan.Torch;

public enum DeviceType
{
    Cpu = 0,
    Cuda = 1,
}

/// <summary>Where a tensor lives. <see cref="Cuda"/> fails with a clear message on a LibTorch built without CUDA.</summary>
public readonly record struct Device(DeviceType Type, int Index)
{
    public static readonly Device Cpu = new(DeviceType.Cpu, -1);

    /// <summary>The CUDA device <paramref name="index"/>; throws when this build or machine has none.</summary>
    public static Device Cuda(int index = 0)
    {
        var count = TorchRuntime.CudaDeviceCount;
        if (count == 0)
        {
            throw new TorchException(
                "CUDA was requested but this native build has no CUDA device (a CPU-only LibTorch, or no GPU). " +
                "Rebuild with scripts/setup.sh --cuda on a machine with a GPU.");
        }
        if (index < 0 || index >= count)
        {
            throw new TorchException($"CUDA device {index} requested but only {count} present");
        }
        return new Device(DeviceType.Cuda, index);
    }

    /// <summary>Parses "cpu", "cuda" or "cuda:N".</summary>
    public static Device Parse(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t == "cpu")
        {
            return Cpu;
        }
        if (t == "cuda")
        {
            return Cuda();
        }
        if (t.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(t.AsSpan(5), out var index))
        {
            return Cuda(index);
        }
        throw new ArgumentException($"unknown device '{text}' (expected cpu, cuda or cuda:N)");
    }

    public bool IsCuda => Type == DeviceType.Cuda;

    public override string ToString() => Type == DeviceType.Cpu ? "cpu" : Index < 0 ? "cuda" : $"cuda:{Index}";
}
