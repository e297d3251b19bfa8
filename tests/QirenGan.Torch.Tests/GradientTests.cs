using F = QirenGan.Torch.Functional;

namespace QirenGan.Torch.Tests;

/// <summary>Every differentiable operation the binding exposes, checked against central finite differences in float64.</summary>
[Collection(TorchCollection.Name)]
public sealed class GradientTests
{
    private sealed record Case(string Name, long[] Shape, Func<Tensor, Tensor> F, double Low = 0.5, double High = 1.5);

    private static Tensor Const(params long[] shape)
    {
        // A fixed, irregular float64 tensor: sin of a ramp, away from zero.
        var n = shape.Aggregate(1L, (a, b) => a * b);
        var values = Enumerable.Range(0, (int)n).Select(i => 0.7 + 0.5 * Math.Sin(1.3 * i + 0.4)).ToArray();
        return Tensors.FromArray(values, shape);
    }

    private static readonly Case[] Cases =
    [
        new("add", [2, 3], x => x.Add(Const(2, 3), 0.5)),
        new("add scalar", [2, 3], x => x + 2.0),
        new("sub", [2, 3], x => x - Const(3)),
        new("rsub", [2, 3], x => 1.0 - x),
        new("mul", [2, 3], x => x * Const(2, 3)),
        new("div", [2, 3], x => Const(2, 3) / x),
        new("neg", [2, 3], x => -x),
        new("pow", [2, 3], x => x.Pow(2.5)),
        new("pow tensor", [2, 3], x => x.Pow(Const(2, 3))),
        new("square", [2, 3], x => x.Square()),
        new("sqrt", [2, 3], x => x.Sqrt()),
        new("rsqrt", [2, 3], x => x.Rsqrt()),
        new("reciprocal", [2, 3], x => x.Reciprocal()),
        new("exp", [2, 3], x => x.Exp()),
        new("log", [2, 3], x => x.Log()),
        new("log1p", [2, 3], x => x.Log1p()),
        new("sin", [2, 3], x => x.Sin()),
        new("cos", [2, 3], x => x.Cos()),
        new("tanh", [2, 3], x => x.Tanh()),
        new("atan2", [2, 3], x => x.Atan2(Const(2, 3))),
        new("sigmoid", [2, 3], x => x.Sigmoid()),
        new("abs", [2, 3], x => (x - 1.0).Abs(), 0.1, 0.8),
        new("relu", [2, 3], x => (x - 1.0).Relu()),
        new("leaky relu", [2, 3], x => (x - 1.0).LeakyRelu(0.2)),
        new("softplus", [2, 3], x => x.Softplus()),
        new("softmax", [2, 3], x => x.Softmax(1)),
        new("log softmax", [2, 3], x => x.LogSoftmax(0)),
        new("clamp", [2, 3], x => x.Clamp(0.8, 1.2)),
        new("maximum", [2, 3], x => x.Maximum(Const(2, 3))),
        new("minimum", [2, 3], x => x.Minimum(Const(2, 3))),
        new("lerp", [2, 3], x => x.Lerp(Const(2, 3), 0.3)),
        new("lerp tensor", [2, 3], x => Const(2, 3).Lerp(x, x)),
        new("addcmul", [2, 3], x => Const(2, 3).Addcmul(x, x, 0.7)),
        new("where", [2, 3], x => Tensors.Where(Const(2, 3).Gt(0.7), x, x.Square())),
        new("masked fill", [2, 3], x => x.MaskedFill(Const(2, 3).Gt(0.7), 0.25)),
        new("sum", [2, 3], x => x.Sum()),
        new("sum dims", [2, 3], x => x.Sum(1, keepDim: true)),
        new("mean", [2, 3], x => x.Mean([0])),
        new("prod", [2, 3], x => x.Prod()),
        new("max", [2, 3], x => x.Max()),
        new("min", [2, 3], x => x.Min()),
        new("amax", [2, 3], x => x.Amax([1])),
        new("amin", [2, 3], x => x.Amin([0])),
        new("max dim", [2, 3], x => x.Max(1).Values),
        new("var", [2, 3], x => x.Var([1])),
        new("std", [2, 3], x => x.Std([0, 1], unbiased: false)),
        new("norm", [2, 3], x => x.Norm()),
        new("norm dims", [2, 3], x => x.Norm(2, [1])),
        new("logsumexp", [2, 3], x => x.LogSumExp([1])),
        new("cumsum", [2, 3], x => x.CumSum(1)),
        new("matmul", [2, 3], x => x.MatMul(Const(3, 4))),
        new("mm", [2, 3], x => Const(4, 2).Mm(x)),
        new("bmm", [2, 2, 3], x => x.Bmm(Const(2, 3, 2))),
        new("outer", [3], x => x.Outer(Const(2))),
        new("einsum", [2, 3], x => Tensors.Einsum("ij,jk->ik", x, Const(3, 2))),
        new("mse loss", [2, 3], x => x.MseLoss(Const(2, 3))),
        new("reshape", [2, 3], x => x.Reshape(3, 2).MatMul(Const(2, 2))),
        new("view", [2, 3], x => x.View(6) * Const(6)),
        new("permute", [2, 3, 2], x => x.Permute(2, 0, 1) * Const(2, 2, 3)),
        new("transpose", [2, 3], x => x.Transpose(0, 1) * Const(3, 2)),
        new("t", [2, 3], x => x.T() * Const(3, 2)),
        new("squeeze unsqueeze", [2, 1, 3], x => x.Squeeze(1).Unsqueeze(0) * Const(1, 2, 3)),
        new("flatten", [2, 3, 2], x => x.Flatten(1) * Const(2, 6)),
        new("narrow", [4, 3], x => x.Narrow(0, 1, 2)),
        new("slice", [6, 2], x => x.Slice(0, 1, 6, 2)),
        new("select", [3, 4], x => x.Select(1, 2)),
        new("index select", [4, 3], x => x.IndexSelect(0, Tensors.FromArray(new long[] { 3, 0, 3 }))),
        new("index", [4, 3], x => x.Index(Tensors.FromArray(new long[] { 2, 2, 1 }))),
        new("gather", [2, 3], x => x.Gather(1, Tensors.FromArray(new long[] { 0, 2, 1, 1 }, [2, 2]))),
        new("expand", [2, 1], x => x.Expand(2, 3) * Const(2, 3)),
        new("expand as", [1, 3], x => x.ExpandAs(Const(2, 3)) * Const(2, 3)),
        new("repeat", [2, 3], x => x.Repeat(2, 1) * Const(4, 3)),
        new("flip", [2, 3], x => x.Flip(1) * Const(2, 3)),
        new("roll", [2, 3], x => x.Roll([1], [1]) * Const(2, 3)),
        new("chunk", [4, 3], x => x.Chunk(2)[1] * x.Chunk(2)[0]),
        new("split", [4, 3], x => x.Split(1, 1)[2]),
        new("unbind", [3, 2], x => x.Unbind(0)[0] * x.Unbind(0)[2]),
        new("contiguous", [2, 3], x => x.T().Contiguous() * Const(3, 2)),
        new("clone", [2, 3], x => x.Clone().Square()),
        new("cat", [2, 3], x => Tensors.Cat([x, x.Square()], 1)),
        new("stack", [2, 3], x => Tensors.Stack([x, x.Exp()], 0)),
        new("linear", [2, 3], x => F.Linear(x, Const(4, 3), Const(4))),
        new("conv2d", [1, 2, 5, 5], x => F.Conv2d(x, Const(3, 2, 3, 3), Const(3), padding: 1)),
        new("conv2d stride", [1, 2, 6, 6], x => F.Conv2d(x, Const(2, 2, 3, 3), null, stride: 2)),
        new("conv2d groups", [1, 4, 4, 4], x => F.Conv2d(x, Const(4, 1, 3, 3), null, padding: 1, groups: 4)),
        new("avg pool", [1, 2, 4, 4], x => F.AvgPool2d(x, 2)),
        new("max pool", [1, 1, 4, 4], x => F.MaxPool2d(x, 2)),
        new("adaptive avg pool", [1, 2, 4, 4], x => F.AdaptiveAvgPool2d(x, 2, 2)),
        new("bilinear up", [1, 1, 3, 3], x => F.Interpolate(x, 5, 6, InterpolationMode.Bilinear)),
        new("bilinear antialias down", [1, 1, 6, 6], x => F.Interpolate(x, 4, 4, InterpolationMode.Bilinear, antialias: true)),
        new("bicubic", [1, 1, 3, 3], x => F.Interpolate(x, 5, 5, InterpolationMode.Bicubic, alignCorners: true)),
        new("nearest", [1, 1, 3, 3], x => F.Interpolate(x, 6, 6, InterpolationMode.Nearest)),
        new("area", [1, 1, 4, 4], x => F.Interpolate(x, 2, 2, InterpolationMode.Area)),
        new("batch norm", [4, 3], x => F.BatchNorm(x, null, null, Const(3), Const(3), training: true)),
        new("layer norm", [2, 4], x => F.LayerNorm(x, [4], Const(4), Const(4))),
        new("pad", [1, 2, 3], x => F.Pad(x, [1, 2], 0.5)),
        new("reflection pad", [1, 1, 3, 3], x => F.ReflectionPad2d(x, [1, 1, 1, 1])),
    ];

    public static TheoryData<string> Names => new(Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Autograd_gradient_matches_central_finite_differences(string name)
    {
        // Given a scalar objective Σ w ⊙ op(x) with fixed irregular weights w
        var c = Cases.Single(k => k.Name == name);
        var n = (int)c.Shape.Aggregate(1L, (a, b) => a * b);
        var x0 = Enumerable.Range(0, n).Select(i => c.Low + (c.High - c.Low) * (0.5 + 0.5 * Math.Sin(2.1 * i + 1))).ToArray();
        double Objective(Tensor x)
        {
            var y = c.F(x);
            return y.Mul(Const(y.Shape)).Sum().ToDouble();
        }

        // When autograd differentiates it
        using var scope = DisposeScope.Enter();
        var x = Tensors.FromArray(x0, c.Shape).RequiresGrad_();
        var y = c.F(x);
        Assert.Equal(ScalarType.Float64, y.DType);
        var loss = y.Mul(Const(y.Shape)).Sum();
        var grad = Autograd.Grad(loss, x).ToArray<double>();

        // Then it matches central differences
        var expected = FiniteDifferences.Gradient(Objective, x0, c.Shape);
        Close.All(expected, grad, atol: 1e-6, rtol: 1e-5, what: name);
    }
}
