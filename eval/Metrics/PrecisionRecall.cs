using QirenGan.Torch;

namespace QirenGan.Eval.Metrics;

/// <summary>
/// Improved precision and recall (Kynkäänniemi et al. 2019) as StyleGAN2-ADA's
/// <c>metrics/precision_recall.py</c> computes them: each feature vector of a set gets a ball whose radius is the
/// distance to its k-th nearest neighbour within that set (itself excluded); precision is the fraction of fakes
/// inside at least one ball of the reals, recall the fraction of reals inside at least one ball of the fakes.
/// Distances come from batched matrix products (‖a‖² + ‖b‖² − 2aᵀb, as torch.cdist does for large inputs) in the
/// features' dtype; squared distances are compared, which orders them as distances do.
/// Published pr50k3 numbers use StyleGAN2-ADA's VGG16 detector (vgg16.pt), not Inception.
/// </summary>
public static class PrecisionRecall
{
    /// <summary>StyleGAN2-ADA's neighbourhood size for pr50k3.</summary>
    public const int DefaultNeighbours = 3;

    /// <summary>(precision, recall) of fake [M, D] against real [N, D] features.</summary>
    /// <param name="real">Real features [N, D]; N must exceed <paramref name="k"/>.</param>
    /// <param name="fake">Generated features [M, D]; M must exceed <paramref name="k"/>.</param>
    /// <param name="k">Neighbourhood size (the k-th neighbour, itself not counted).</param>
    /// <param name="rowBatch">Rows per distance block: memory is rowBatch × max(N, M) elements.</param>
    public static (double Precision, double Recall) Compute(Tensor real, Tensor fake, int k = DefaultNeighbours,
        int rowBatch = 1024)
    {
        if (real.Dim != 2 || fake.Dim != 2 || real.Size(1) != fake.Size(1))
        {
            throw new ArgumentException(
                $"PrecisionRecall: expected real [N, D] and fake [M, D] features, got [{string.Join(", ", real.Shape)}] and [{string.Join(", ", fake.Shape)}]");
        }
        if (k < 1 || real.Size(0) <= k || fake.Size(0) <= k)
        {
            throw new ArgumentException($"PrecisionRecall: needs more than k = {k} rows in each set, got {real.Size(0)} real and {fake.Size(0)} fake");
        }
        using var scope = DisposeScope.Enter();
        using var _ = Autograd.NoGrad();
        var precision = Coverage(manifold: real.Detach(), probes: fake.Detach(), k, rowBatch);
        var recall = Coverage(manifold: fake.Detach(), probes: real.Detach(), k, rowBatch);
        return (precision, recall);
    }

    /// <summary>The fraction of probes inside at least one k-NN ball of the manifold set.</summary>
    private static double Coverage(Tensor manifold, Tensor probes, int k, int rowBatch)
    {
        var kth = new List<Tensor>();
        foreach (var rows in manifold.Split(rowBatch))
        {
            using var step = DisposeScope.Enter();
            // k + 1: the point itself is its own nearest neighbour, at distance 0.
            kth.Add(SquaredDistances(rows, manifold).KthValue(k + 1, dim: 1).Values.MoveToOuterScope());
        }
        var radii = Tensors.Cat([.. kth]);  // [N]
        long inside = 0;
        foreach (var rows in probes.Split(rowBatch))
        {
            using var step = DisposeScope.Enter();
            inside += (long)SquaredDistances(rows, manifold).Le(radii.Unsqueeze(0)).Any(1).To(ScalarType.Int64).Sum().ToDouble();
        }
        return (double)inside / probes.Size(0);
    }

    /// <summary>‖aᵢ − bⱼ‖² for rows a [R, D] and b [C, D] → [R, C], clamped at 0 against rounding.</summary>
    private static Tensor SquaredDistances(Tensor a, Tensor b)
    {
        var aa = a.Square().Sum(1, keepDim: true);     // [R, 1]
        var bb = b.Square().Sum(1).Unsqueeze(0);       // [1, C]
        return aa.Add(bb).Sub(a.Mm(b.T()).Mul(2)).Clamp(min: 0);
    }
}
