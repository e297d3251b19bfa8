using BenchmarkDotNet.Attributes;
using QirenGan.Torch;
using QirenGan.Torch.Native;

namespace QirenGan.Benchmarks;

/// <summary>
/// a + b of two 1-element float32 tensors, so libtorch's kernel work is negligible and what is left is the cost of
/// an operator call: C# (Tensor.Add → Op → qg_op_call → boxed dispatch → a new handle → SafeHandle, freed again)
/// against the same add looped in C++. C# − Cpp_at_add is the binding's overhead per op; Cpp_boxed_dispatch splits
/// off the part that is the dispatcher's boxed path, leaving P/Invoke, qg_value marshalling, the result handle and
/// the C# wrappers.
/// </summary>
public class AddBenchmarks
{
    /// <summary>Additions per DisposeScope in the scoped benchmark: a training step runs many ops per scope.</summary>
    private const int OpsPerScope = 16;

    private Tensor _a = null!;
    private Tensor _b = null!;
    private Op _add = null!;

    [GlobalSetup]
    public void Setup()
    {
        _a = Tensors.FromArray([1f]);
        _b = Tensors.FromArray([2f]);
        _add = Op.Get("aten::add", "Tensor");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _a.Dispose();
        _b.Dispose();
    }

    /// <summary>libtorch alone: at::add in a C++ loop, the work every binding has to pay.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = LibtorchBaseline.OpsPerCall)]
    public void Cpp_at_add() => LibtorchBaseline.Add(_a, _b, boxed: false);

    /// <summary>The C++ loop through Dispatcher::callBoxed with an IValue stack, as qg_op_call does.</summary>
    [Benchmark(OperationsPerInvoke = LibtorchBaseline.OpsPerCall)]
    public void Cpp_boxed_dispatch() => LibtorchBaseline.Add(_a, _b, boxed: true);

    /// <summary>One op with no scope open: the result is disposed by hand.</summary>
    [Benchmark]
    public void CSharp_Add_then_Dispose()
    {
        using var sum = _a.Add(_b);
    }

    /// <summary>Tensor.Add's call with the operator looked up once and kept, as a static field would keep it:
    /// the difference to CSharp_Add_then_Dispose is Op.Get's per-call cache lookup.</summary>
    [Benchmark]
    public void CSharp_cached_Op_Call_then_Dispose()
    {
        using var sum = _add.Call(_a, _b, 1.0);
    }

    /// <summary>The way library code runs: ops in a DisposeScope that frees their results at the end.</summary>
    [Benchmark(OperationsPerInvoke = OpsPerScope)]
    public void CSharp_Add_16_per_DisposeScope()
    {
        using var scope = DisposeScope.Enter();
        for (var k = 0; k < OpsPerScope; ++k)
        {
            _a.Add(_b);
        }
    }

    /// <summary>A scope opened and closed around every single op (its own allocations included).</summary>
    [Benchmark]
    public void CSharp_Add_in_own_DisposeScope()
    {
        using var scope = DisposeScope.Enter();
        _a.Add(_b);
    }
}
