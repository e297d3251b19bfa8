using QirenGan.Eval.Metrics;

namespace QirenGan.Eval.Tests.Metrics;

[Collection(TorchCollection.Name)]
public sealed class KidTests
{
    [Fact]
    public void One_dimensional_sets_give_the_design_value()
    {
        // x = {0, 1, 2}, y = {1, 2, 3}, one subset of everything: (926/2 − 2·597/3) / 3 = 65/3.
        using var scope = DisposeScope.Enter();
        var x = Tensors.FromArray(new double[] { 0, 1, 2 }, [3, 1]);
        var y = Tensors.FromArray(new double[] { 1, 2, 3 }, [3, 1]);

        Assert.Equal(21.666666666666668, Kid.Compute(x, y, subsets: 1), 12);
        Assert.Equal(21.666666666666668, Kid.Compute(y, x), 12);
    }

    [Fact]
    public void Matches_a_direct_double_loop_when_the_subset_is_the_whole_set()
    {
        // Given 6 points per set in 3-d and subsets as large as the sets (so sampling only reorders rows),
        // when KID is computed, then it equals the unbiased MMD² written out term by term.
        using var scope = DisposeScope.Enter();
        var g = new RandomGenerator(4);
        var real = Tensors.Randn([6, 3], g, ScalarType.Float64);
        var fake = Tensors.Randn([6, 3], g, ScalarType.Float64).Add(0.7);
        var r = Rows(real);
        var f = Rows(fake);
        double K(double[] a, double[] b) => Math.Pow(a.Zip(b, (p, q) => p * q).Sum() / 3 + 1, 3);
        double xx = 0, yy = 0, xy = 0;
        for (var i = 0; i < 6; ++i)
        {
            for (var j = 0; j < 6; ++j)
            {
                if (i != j)
                {
                    xx += K(f[i], f[j]);
                    yy += K(r[i], r[j]);
                }
                xy += K(f[i], r[j]);
            }
        }
        var expected = (xx + yy) / (6 * 5) - 2 * xy / (6 * 6);

        Close.Scalar(expected, Kid.Compute(real, fake, subsets: 7, seed: 3), 1e-12, "KID");
    }

    private static double[][] Rows(Tensor t)
    {
        var flat = t.ToArray<double>();
        var d = (int)t.Size(1);
        return Enumerable.Range(0, (int)t.Size(0)).Select(i => flat[(i * d)..((i + 1) * d)]).ToArray();
    }
}
