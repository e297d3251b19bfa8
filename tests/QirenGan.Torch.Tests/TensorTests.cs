namespace QirenGan.Torch.Tests;

[Collection(TorchCollection.Name)]
public sealed class TensorTests
{
    [Fact]
    public void Creation_functions_produce_the_documented_values()
    {
        using var scope = DisposeScope.Enter();
        Assert.Equal([0f, 0f], Tensors.Zeros([2]).ToArray<float>());
        Assert.Equal([1.0, 1.0, 1.0], Tensors.Ones([3], ScalarType.Float64).ToArray<double>());
        Assert.Equal([7L, 7L], Tensors.Full([2], 7, ScalarType.Int64).ToArray<long>());
        Assert.Equal([0f, 0.5f, 1f, 1.5f], Tensors.Arange(0, 2, 0.5).ToArray<float>());
        Assert.Equal([-1f, 0f, 1f], Tensors.Linspace(-1, 1, 3).ToArray<float>());
        Assert.Equal([1f, 0f, 0f, 1f], Tensors.Eye(2).ToArray<float>());
        Assert.Equal(new long[] { 2, 3, 4 }, Tensors.Empty([2, 3, 4]).Shape);
        Assert.Equal([3.5], Tensors.FullLike(Tensors.Zeros([1], ScalarType.Float64), 3.5).ToArray<double>());
        var perm = Tensors.RandPerm(6, new RandomGenerator(1)).ToArray<long>();
        Assert.Equal([0L, 1, 2, 3, 4, 5], perm.Order());
        var ints = Tensors.RandInt(3, 5, [100], new RandomGenerator(2)).ToArray<long>();
        Assert.All(ints, i => Assert.InRange(i, 3, 4));
    }

    [Fact]
    public void Random_samples_have_the_right_moments()
    {
        using var scope = DisposeScope.Enter();
        var n = Tensors.Randn([20000], new RandomGenerator(5), ScalarType.Float64);
        Close.Scalar(0, n.Mean().ToDouble(), 0.03, "mean");
        Close.Scalar(1, n.Std([0]).ToDouble(), 0.03, "std");
        var u = Tensors.Rand([20000], new RandomGenerator(6), ScalarType.Float64);
        Close.Scalar(0.5, u.Mean().ToDouble(), 0.01, "uniform mean");
        Close.Scalar(1.0 / 12, u.Var([0]).ToDouble(), 0.005, "uniform variance");
    }

    [Fact]
    public void Arrays_and_spans_round_trip_with_shape()
    {
        using var scope = DisposeScope.Enter();
        var data = new[] { 1.5f, 2, 3, 4, 5, 6 };
        var t = Tensors.FromArray(data, [2, 3]);
        Assert.Equal(new long[] { 2, 3 }, t.Shape);
        Assert.Equal(2, t.Dim);
        Assert.Equal(3, t.Size(-1));
        Assert.Equal(6, t.Numel);
        Assert.Equal(ScalarType.Float32, t.DType);
        Assert.Equal(Device.Cpu.Type, t.Device.Type);
        Assert.Equal(data, t.ToArray<float>());
        var span = new float[6];
        t.T().CopyTo<float>(span);
        Assert.Equal([1.5f, 4, 2, 5, 3, 6], span);
        Assert.Equal(3.0, t.Select(1, 2).Select(0, 0).ToDouble());
    }

    [Fact]
    public void Matmul_bmm_and_einsum_agree_with_hand_products()
    {
        using var scope = DisposeScope.Enter();
        var a = Tensors.FromArray(new double[] { 1, 2, 3, 4 }, [2, 2]);
        var b = Tensors.FromArray(new double[] { 5, 6, 7, 8 }, [2, 2]);
        double[] expected = [19, 22, 43, 50];
        Assert.Equal(expected, a.MatMul(b).ToArray<double>());
        Assert.Equal(expected, a.Mm(b).ToArray<double>());
        Assert.Equal(expected, a.Unsqueeze(0).Bmm(b.Unsqueeze(0)).ToArray<double>());
        Assert.Equal(expected, Tensors.Einsum("ij,jk->ik", a, b).ToArray<double>());
    }

    [Fact]
    public void Conv2d_with_a_delta_kernel_is_the_identity_and_channels_last_keeps_values()
    {
        using var scope = DisposeScope.Enter();
        var x = Tensors.Randn([1, 2, 4, 4], new RandomGenerator(3));
        var w = Tensors.Zeros([2, 1, 3, 3]);
        using (Autograd.NoGrad())
        {
            w.Select(2, 1).Select(2, 1).Fill_(1);
        }
        var y = Functional.Conv2d(x, w, null, padding: 1, groups: 2);
        Assert.Equal(x.ToArray<float>(), y.ToArray<float>());
        Assert.Equal(x.ToArray<float>(), x.ChannelsLast().Contiguous().ToArray<float>());
    }

    [Fact]
    public void Complex_tensors_view_as_real_pairs()
    {
        using var scope = DisposeScope.Enter();
        var pairs = Tensors.FromArray(new float[] { 1, 2, 3, 4 }, [2, 2]);
        var z = pairs.ViewAsComplex();
        Assert.Equal(ScalarType.Complex64, z.DType);
        var squared = z.Mul(z).ViewAsReal();
        // (1+2i)² = −3+4i; (3+4i)² = −7+24i
        Assert.Equal([-3f, 4, -7, 24], squared.ToArray<float>());
    }

    [Fact]
    public void Runtime_reports_version_threads_and_build()
    {
        Assert.Matches(@"^\d+\.\d+\.\d+$", TorchRuntime.Version);
        Assert.Contains("BLAS", TorchRuntime.BuildConfig);
        var threads = TorchRuntime.Threads;
        TorchRuntime.Threads = 1;
        Assert.Equal(1, TorchRuntime.Threads);
        TorchRuntime.Threads = threads;
    }

    [Fact]
    public void Torchscript_module_runs_forward_with_a_flag_argument()
    {
        using var scope = DisposeScope.Enter();
        using var module = TorchScript.Load(Repo.Fixture("tiny-detector.pt"));
        var x = Tensors.Arange(0, 2 * 3 * 20 * 20, dtype: ScalarType.Int64).Remainder(256).To(ScalarType.UInt8).Reshape(2, 3, 20, 20);
        var f = module.Forward(x, true);
        Assert.Equal(new long[] { 2, 2048 }, f.Shape);
        // Values PyTorch 1.13 printed for the same module and input (tests/fixtures/tiny-detector-reference.txt).
        Close.All([-0.30028238892555237, 0.14272823929786682, -0.528541088104248, 0.7005243301391602],
            f.Select(0, 0).Narrow(0, 0, 4).Double().ToArray<double>(), 1e-6);
        Close.Scalar(12.921312546881381, f.Double().Sum().ToDouble(), 1e-3, "feature sum");
    }
}
