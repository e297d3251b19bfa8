using QirenGan.Eval.Metrics;

namespace QirenGan.Eval.Tests.Metrics;

[Collection(TorchCollection.Name)]
public sealed class PrecisionRecallTests
{
    private static Tensor Column(params double[] v) => Tensors.FromArray(v, [v.Length, 1]);

    [Fact]
    public void Identical_sets_have_full_precision_and_recall()
    {
        using var scope = DisposeScope.Enter();
        var points = Tensors.Randn([20, 4], new RandomGenerator(1));

        var (precision, recall) = PrecisionRecall.Compute(points, points.Clone());

        Assert.Equal((1.0, 1.0), (precision, recall));
    }

    [Fact]
    public void Far_apart_clusters_have_zero_precision_and_recall()
    {
        using var scope = DisposeScope.Enter();
        var g = new RandomGenerator(2);
        var real = Tensors.Randn([10, 3], g);
        var fake = Tensors.Randn([12, 3], g).Add(100);

        Assert.Equal((0.0, 0.0), PrecisionRecall.Compute(real, fake));
    }

    [Fact]
    public void A_one_dimensional_case_gives_the_hand_computed_values()
    {
        // Reals 0..4 with k = 3: radii 3, 2, 2, 2, 3. Fakes 3.8, 4.2, 4.6, 5 fall in the ball of 4 (radius 3), 30 in
        // none: precision 4/5. Fake radii: 1.2, 0.8, 0.8, 1.2 and 25.8 (for 30: its 3rd neighbour is 4.2); reals 3 and 4
        // lie within 1.2 of 3.8, reals 0, 1, 2 are farther than 1.2 from 3.8 and than 25.8 from 30: recall 2/5.
        using var scope = DisposeScope.Enter();
        var real = Column(0, 1, 2, 3, 4);
        var fake = Column(3.8, 4.2, 4.6, 5.0, 30);

        var (precision, recall) = PrecisionRecall.Compute(real, fake, k: 3, rowBatch: 2);

        Close.Scalar(0.8, precision, 1e-15, "precision");
        Close.Scalar(0.4, recall, 1e-15, "recall");
    }

    [Fact]
    public void Random_sets_match_a_brute_force_nearest_neighbour_count()
    {
        using var scope = DisposeScope.Enter();
        var g = new RandomGenerator(3);
        var real = Tensors.Randn([40, 5], g, ScalarType.Float64);
        var fake = Tensors.Randn([30, 5], g, ScalarType.Float64).Mul(1.3).Add(0.4);

        var (precision, recall) = PrecisionRecall.Compute(real, fake, k: 3, rowBatch: 7);

        Close.Scalar(BruteForce(Rows(real), Rows(fake), 3), precision, 1e-15, "precision");
        Close.Scalar(BruteForce(Rows(fake), Rows(real), 3), recall, 1e-15, "recall");
    }

    private static double BruteForce(double[][] manifold, double[][] probes, int k)
    {
        static double Dist(double[] a, double[] b) => Math.Sqrt(a.Zip(b, (p, q) => (p - q) * (p - q)).Sum());
        var radii = manifold.Select(m => manifold.Select(o => Dist(m, o)).Order().ElementAt(k)).ToArray();
        return probes.Count(p => manifold.Select((m, i) => Dist(p, m) <= radii[i]).Any(x => x)) / (double)probes.Length;
    }

    private static double[][] Rows(Tensor t)
    {
        var flat = t.ToArray<double>();
        var d = (int)t.Size(1);
        return Enumerable.Range(0, (int)t.Size(0)).Select(i => flat[(i * d)..((i + 1) * d)]).ToArray();
    }
}
