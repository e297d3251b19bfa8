using Xunit;

namespace QirenGan.Testing;

public static class Close
{
    /// <summary>Asserts |a − e| ≤ atol + rtol·|e| elementwise, reporting the worst index.</summary>
    public static void All(double[] expected, double[] actual, double atol, double rtol = 0, string what = "values")
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; ++i)
        {
            var tol = atol + rtol * Math.Abs(expected[i]);
            if (!(Math.Abs(actual[i] - expected[i]) <= tol))
            {
                Assert.Fail($"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (tolerance {tol:G3})");
            }
        }
    }

    public static void All(float[] expected, float[] actual, double atol, double rtol = 0, string what = "values") =>
        All(expected.Select(x => (double)x).ToArray(), actual.Select(x => (double)x).ToArray(), atol, rtol, what);

    public static void Scalar(double expected, double actual, double atol, string what = "value")
    {
        if (!(Math.Abs(actual - expected) <= atol))
        {
            Assert.Fail($"{what}: expected {expected:R}, got {actual:R} (tolerance {atol:G3})");
        }
    }
}
