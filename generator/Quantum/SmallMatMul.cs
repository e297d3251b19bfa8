using QirenGan.Torch;

namespace QirenGan.Generator.Quantum;

/// <summary>
/// Products of many small matrices stored batch-last: a [i, k, …batch] · b [k, j, …batch] → [i, j, …batch].
/// libtorch's CPU bmm calls BLAS once per matrix (microseconds each) and its elementwise kernels crawl over
/// short trailing dimensions; with the batch last and contiguous, one broadcast multiply and one sum over k run
/// over long vectorised rows. Large matrices go to bmm instead.
/// </summary>
internal static class SmallMatMul
{
    /// <summary>Above this many multiply-adds per matrix product, bmm (batch-first) is faster.</summary>
    private const long Threshold = 32768;

    public static Tensor Multiply(Tensor a, Tensor b)
    {
        using var scope = DisposeScope.Enter();
        long i = a.Size(0), k = a.Size(1), j = b.Size(1);
        if (i * k * j <= Threshold)
        {
            return a.Unsqueeze(2).Mul(b.Unsqueeze(0)).Sum(1).MoveToOuterScope(); // [i, k, j, …] summed over k
        }
        var batch = a.Shape[2..];
        var count = batch.Aggregate(1L, (p, s) => p * s);
        var first = a.Reshape(i, k, count).Permute(2, 0, 1); // [batch, i, k]
        var second = b.Reshape(k, j, count).Permute(2, 0, 1); // [batch, k, j]
        return first.MatMul(second).Permute(1, 2, 0).Reshape([i, j, .. batch]).MoveToOuterScope();
    }
}
