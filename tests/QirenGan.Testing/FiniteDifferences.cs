using QirenGan.Torch;

namespace QirenGan.Testing;

/// <summary>Central finite differences in float64: the independent reference for every gradient test.</summary>
public static class FiniteDifferences
{
    /// <summary>
    /// ∂f/∂x for a scalar function f of a float64 tensor x, by (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h for every element.
    /// </summary>
    public static double[] Gradient(Func<Tensor, double> f, double[] x, long[] shape, double h = 1e-6)
    {
        var grad = new double[x.Length];
        var probe = (double[])x.Clone();
        for (var i = 0; i < x.Length; ++i)
        {
            probe[i] = x[i] + h;
            var plus = Evaluate(f, probe, shape);
            probe[i] = x[i] - h;
            var minus = Evaluate(f, probe, shape);
            probe[i] = x[i];
            grad[i] = (plus - minus) / (2 * h);
        }
        return grad;
    }

    private static double Evaluate(Func<Tensor, double> f, double[] x, long[] shape)
    {
        using var scope = DisposeScope.Enter();
        return f(Tensors.FromArray(x, shape));
    }
}
