namespace QirenGan.TensorNet;

/// <summary>
/// The shape of a TT-matrix (Novikov et al. 2015, "Tensorizing Neural Networks"): W [∏m_k, ∏n_k] with
/// W[(j_1…j_d), (i_1…i_d)] = G_1[:, j_1, i_1, :] · G_2[:, j_2, i_2, :] ⋯ G_d[:, j_d, i_d, :], cores
/// G_k [r_{k−1}, m_k, n_k, r_k], r_0 = r_d = 1. Indices are row-major: i_1 is the most significant digit of the input
/// index, j_1 of the output index.
/// </summary>
/// <param name="InFeatures">Input width (≤ ∏ n_k; the rest is zero padding).</param>
/// <param name="OutFeatures">Output width (≤ ∏ m_k; the rest is truncated).</param>
/// <param name="InModes">n_k, one per core.</param>
/// <param name="OutModes">m_k, one per core.</param>
/// <param name="Ranks">The d − 1 inner ranks r_1 … r_{d−1} (r_0 = r_d = 1 are implied).</param>
public sealed record TensorTrainShape(int InFeatures, int OutFeatures, int[] InModes, int[] OutModes, int[] Ranks)
{
    /// <summary>Number of cores d.</summary>
    public int Cores => InModes.Length;

    /// <summary>∏ n_k: the padded input width.</summary>
    public long PaddedIn => InModes.Aggregate(1L, (a, b) => a * b);

    /// <summary>∏ m_k: the padded output width.</summary>
    public long PaddedOut => OutModes.Aggregate(1L, (a, b) => a * b);

    /// <summary>r_k for k = 0 … d (with the boundary ranks 1).</summary>
    public int Rank(int k) => k == 0 || k == Cores ? 1 : Ranks[k - 1];

    /// <summary>Shape of core k: [r_{k−1}, m_k, n_k, r_k].</summary>
    public long[] CoreShape(int k) => [Rank(k), OutModes[k], InModes[k], Rank(k + 1)];

    /// <summary>Closed form: Σ_k r_{k−1}·m_k·n_k·r_k (+ out for the bias).</summary>
    public long ParameterCount(bool bias) =>
        Enumerable.Range(0, Cores).Sum(k => (long)Rank(k) * OutModes[k] * InModes[k] * Rank(k + 1)) + (bias ? OutFeatures : 0);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistency.</summary>
    public void Validate()
    {
        if (InFeatures < 1 || OutFeatures < 1)
        {
            throw new ArgumentException($"TensorTrainLinear: features must be positive, got {InFeatures}→{OutFeatures}");
        }
        if (InModes.Length < 1 || InModes.Length != OutModes.Length || Ranks.Length != InModes.Length - 1)
        {
            throw new ArgumentException($"TensorTrainLinear: need d input modes, d output modes and d − 1 ranks, got " +
                $"{InModes.Length}, {OutModes.Length} and {Ranks.Length}");
        }
        if (InModes.Concat(OutModes).Any(m => m < 1))
        {
            throw new ArgumentException($"TensorTrainLinear: modes must be positive, got [{string.Join(", ", InModes)}] and [{string.Join(", ", OutModes)}]");
        }
        if (Ranks.Any(r => r < 1))
        {
            throw new ArgumentException($"TensorTrainLinear: ranks must be at least 1, got [{string.Join(", ", Ranks)}]");
        }
        if (PaddedIn < InFeatures || PaddedOut < OutFeatures)
        {
            throw new ArgumentException($"TensorTrainLinear: modes [{string.Join("·", InModes)}] → [{string.Join("·", OutModes)}] " +
                $"cannot hold {InFeatures} → {OutFeatures} features");
        }
    }

    /// <summary>
    /// A shape with <paramref name="cores"/> cores and every inner rank = <paramref name="rank"/>. Each width is split
    /// into the most balanced exact factorisation with every mode ≥ 2 (256 with 4 cores: 4·4·4·4); when none exists
    /// (a prime width, too few prime factors) it is padded to ⌈n^{1/d}⌉^d, or rejected when <paramref name="allowPadding"/>
    /// is false.
    /// </summary>
    public static TensorTrainShape Create(int inFeatures, int outFeatures, int cores, int rank, bool allowPadding = true)
    {
        if (cores < 1)
        {
            throw new ArgumentException($"TensorTrainLinear: cores must be at least 1, got {cores}");
        }
        if (rank < 1)
        {
            throw new ArgumentException($"TensorTrainLinear: rank (bond dimension) must be at least 1, got {rank}");
        }
        if (inFeatures < 1 || outFeatures < 1)
        {
            throw new ArgumentException($"TensorTrainLinear: features must be positive, got {inFeatures}→{outFeatures}");
        }
        var shape = new TensorTrainShape(inFeatures, outFeatures, Modes(inFeatures, cores, allowPadding),
            Modes(outFeatures, cores, allowPadding), Enumerable.Repeat(rank, cores - 1).ToArray());
        shape.Validate();
        return shape;
    }

    /// <summary>Most balanced exact factorisation of n into d factors ≥ 2 (largest first), else padding.</summary>
    public static int[] Modes(int n, int d, bool allowPadding)
    {
        if (d == 1)
        {
            return [n];
        }
        int[]? best = null;
        Search(n, d, n, [], ref best);
        if (best != null)
        {
            return best;
        }
        if (!allowPadding)
        {
            throw new ArgumentException($"TensorTrainLinear: {n} does not factor into {d} modes ≥ 2 without padding " +
                "(allow padding or choose another width or core count)");
        }
        var q = Math.Max(2, Padding.CeilRoot(n, d));
        return Enumerable.Repeat(q, d).ToArray();
    }

    // Depth-first over non-increasing factors; keeps the factorisation with the smallest largest factor.
    private static void Search(int rest, int left, int maxFactor, List<int> prefix, ref int[]? best)
    {
        if (left == 1)
        {
            if (rest >= 2 && rest <= maxFactor)
            {
                var candidate = prefix.Append(rest).ToArray();
                if (best == null || candidate[0] < best[0])
                {
                    best = candidate;
                }
            }
            return;
        }
        for (var f = Math.Min(maxFactor, rest); f >= 2; --f)
        {
            if (rest % f != 0 || Math.Pow(f, left) < rest)
            {
                continue;
            }
            prefix.Add(f);
            Search(rest / f, left - 1, f, prefix, ref best);
            prefix.RemoveAt(prefix.Count - 1);
        }
    }
}
