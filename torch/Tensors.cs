using QirenGan.Torch.Native;

namespace QirenGan.Torch;

/// <summary>Tensor creation and joins, as torch.* in Python. Floating tensors default to float32 on the CPU.</summary>
public static unsafe partial class Tensors
{
    public static Tensor Zeros(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        Op.Get("aten::zeros").Call(shape, dtype, Arg.Default, device ?? Device.Cpu);

    public static Tensor Ones(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        Op.Get("aten::ones").Call(shape, dtype, Arg.Default, device ?? Device.Cpu);

    public static Tensor Full(long[] shape, double value, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        Op.Get("aten::full").Call(shape, value, dtype, Arg.Default, device ?? Device.Cpu);

    public static Tensor Empty(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        Op.Get("aten::empty", "memory_format").Call(shape, dtype, Arg.Default, device ?? Device.Cpu);

    /// <summary>[start, end) in steps of <paramref name="step"/>.</summary>
    public static Tensor Arange(double start, double end, double step = 1, ScalarType dtype = ScalarType.Float32,
        Device? device = null) =>
        Op.Get("aten::arange", "start_step").Call(start, end, step, dtype, Arg.Default, device ?? Device.Cpu);

    public static Tensor Linspace(double start, double end, long steps, ScalarType dtype = ScalarType.Float32,
        Device? device = null) =>
        Op.Get("aten::linspace").Call(start, end, steps, dtype, Arg.Default, device ?? Device.Cpu);

    public static Tensor Eye(long n, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        Op.Get("aten::eye").Call(n, dtype, Arg.Default, device ?? Device.Cpu);

    /// <summary>Standard normal samples drawn from <paramref name="generator"/> (reproducible), or the global one.</summary>
    public static Tensor Randn(long[] shape, RandomGenerator? generator = null, ScalarType dtype = ScalarType.Float32,
        Device? device = null) =>
        Op.Get("aten::randn", "generator").Call(shape, generator, dtype, Arg.Default, device ?? Device.Cpu);

    /// <summary>Uniform samples in [0, 1).</summary>
    public static Tensor Rand(long[] shape, RandomGenerator? generator = null, ScalarType dtype = ScalarType.Float32,
        Device? device = null) =>
        Op.Get("aten::rand", "generator").Call(shape, generator, dtype, Arg.Default, device ?? Device.Cpu);

    /// <summary>Integers uniform in [low, high).</summary>
    public static Tensor RandInt(long low, long high, long[] shape, RandomGenerator? generator = null, Device? device = null) =>
        Op.Get("aten::randint", "low_generator").Call(low, high, shape, generator, ScalarType.Int64, Arg.Default,
            device ?? Device.Cpu);

    /// <summary>
    /// Binomial samples: successes in <paramref name="count"/> trials of probability <paramref name="probability"/>
    /// (same shape and floating dtype), as torch.binomial (exact sampling: BTRS for large counts, inversion otherwise).
    /// </summary>
    public static Tensor Binomial(Tensor count, Tensor probability, RandomGenerator? generator = null) =>
        Op.Get("aten::binomial").Call(count, probability, generator);

    /// <summary>A random permutation of 0..n-1.</summary>
    public static Tensor RandPerm(long n, RandomGenerator? generator = null, Device? device = null) =>
        Op.Get("aten::randperm", "generator").Call(n, generator, ScalarType.Int64, Arg.Default, device ?? Device.Cpu);

    public static Tensor ZerosLike(Tensor t) => Op.Get("aten::zeros_like").Call(t);

    public static Tensor OnesLike(Tensor t) => Op.Get("aten::ones_like").Call(t);

    public static Tensor FullLike(Tensor t, double value) => Op.Get("aten::full_like").Call(t, value);

    /// <summary>A 0-d tensor holding <paramref name="value"/>.</summary>
    public static Tensor Scalar(double value, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        Full([], value, dtype, device);

    /// <summary>Copies a .NET array into a new tensor of the given shape (default: 1-d).</summary>
    public static Tensor FromArray<T>(T[] data, long[]? shape = null, Device? device = null) where T : unmanaged =>
        FromSpan<T>(data, shape, device);

    /// <summary>Copies a span into a new tensor of the given shape (default: 1-d).</summary>
    public static Tensor FromSpan<T>(ReadOnlySpan<T> data, long[]? shape = null, Device? device = null)
        where T : unmanaged
    {
        shape ??= [data.Length];
        long count = 1;
        foreach (var s in shape)
        {
            count *= s;
        }
        if (count != data.Length)
        {
            throw new ArgumentException(
                $"shape [{string.Join(", ", shape)}] holds {count} elements but {data.Length} were given");
        }
        var d = device ?? Device.Cpu;
        fixed (T* p = data)
        fixed (long* s = shape)
        {
            return new Tensor(NativeMethods.qg_tensor_from_data(p, s, shape.Length, (int)Tensor.ElementTypeOf<T>(),
                (int)d.Type, d.Index));
        }
    }

    /// <summary>Copies raw bytes (row-major) into a new tensor of the given dtype and shape.</summary>
    public static Tensor FromBytes(ReadOnlySpan<byte> data, ScalarType dtype, long[] shape, Device? device = null)
    {
        long count = 1;
        foreach (var s in shape)
        {
            count *= s;
        }
        if (count * dtype.ElementSize() != data.Length)
        {
            throw new ArgumentException(
                $"shape [{string.Join(", ", shape)}] of {dtype} needs {count * dtype.ElementSize()} bytes, got {data.Length}");
        }
        var d = device ?? Device.Cpu;
        fixed (byte* p = data)
        fixed (long* s = shape)
        {
            return new Tensor(NativeMethods.qg_tensor_from_data(p, s, shape.Length, (int)dtype, (int)d.Type, d.Index));
        }
    }

    public static Tensor Cat(Tensor[] tensors, long dim = 0) => Op.Get("aten::cat").Call(tensors, dim);

    public static Tensor Stack(Tensor[] tensors, long dim = 0) => Op.Get("aten::stack").Call(tensors, dim);

    /// <summary>Einstein summation, e.g. <c>Einsum("bij,bjk->bik", a, b)</c>.</summary>
    public static Tensor Einsum(string equation, params Tensor[] operands) =>
        Op.Get("aten::einsum").Call(equation, operands);

    /// <summary>A complex tensor from real and imaginary parts of the same shape.</summary>
    public static Tensor Complex(Tensor real, Tensor imag) => Op.Get("aten::complex").Call(real, imag);

    public static Tensor Where(Tensor condition, Tensor a, Tensor b) => Op.Get("aten::where", "self").Call(condition, a, b);
}

/// <summary>Restores the previous autograd mode when disposed.</summary>
public readonly struct GradModeGuard : IDisposable
{
    private readonly int _previous;

    internal GradModeGuard(bool enabled) => _previous = NativeMethods.qg_grad_mode_set(enabled ? 1 : 0);

    public void Dispose() => NativeMethods.qg_grad_mode_set(_previous);
}
