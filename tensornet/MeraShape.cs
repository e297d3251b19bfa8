namespace QirenGan.TensorNet;

/// <summary>
/// The shape of a binary MERA linear layer (Hallam et al. 2018, "Compact Neural Networks based on the Multiscale
/// Entanglement Renormalization Ansatz"), read from the input side. The input vector is a tensor with n_0 legs of
/// dimension d (row-major: leg 0 is the most significant digit). Level ℓ = 1 … T acts on n_{ℓ−1} = n_0/2^{ℓ−1}
/// legs of dimension D_{ℓ−1}:
/// <list type="number">
/// <item>disentanglers: one 4-leg tensor [D, D, D, D] on each neighbour pair (1,2), (3,4), …, (n−1, 0) — offset by
/// one from the isometries' pairs and periodic, so every pair of neighbours meets a tensor at this scale (skipped
/// when only 2 legs are left: the pair (1, 0) is the isometry's own pair, which the isometry already mixes);</item>
/// <item>isometries: one 3-leg tensor [D_ℓ, D, D] on each pair (0,1), (2,3), …, coarse-graining two legs into one
/// of dimension D_ℓ = χ (the bond dimension), except at the last level, where D_T = d_out.</item>
/// </list>
/// The n_T = <see cref="OutputLegs"/> legs of dimension d_out left after level T are the output.
/// n_0 is the smallest OutputLegs·2^T (T ≥ 1) with d^{n_0} ≥ in; d_out the smallest integer with
/// d_out^{OutputLegs} ≥ out. When those products exceed the widths the input is zero-padded and the output truncated
/// (<see cref="Padding"/>); with padding off that is an error.
/// </summary>
public sealed record MeraShape
{
    /// <summary>Largest padded input the layer accepts (the first level's state has B·d^{n_0} entries).</summary>
    public const long MaxPaddedIn = 1L << 22;

    private MeraShape(int inFeatures, int outFeatures, int legDim, int bondDim, int outputLegs, int inputLegs, int outLegDim)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        LegDim = legDim;
        BondDim = bondDim;
        OutputLegs = outputLegs;
        InputLegs = inputLegs;
        OutLegDim = outLegDim;
        Levels = (int)Math.Round(Math.Log2((double)inputLegs / outputLegs));
    }

    public int InFeatures { get; }
    public int OutFeatures { get; }

    /// <summary>d: dimension of every input leg.</summary>
    public int LegDim { get; }

    /// <summary>χ: dimension of the legs between levels.</summary>
    public int BondDim { get; }

    /// <summary>n_T: number of output legs.</summary>
    public int OutputLegs { get; }

    /// <summary>n_0: number of input legs.</summary>
    public int InputLegs { get; }

    /// <summary>d_out: dimension of every output leg.</summary>
    public int OutLegDim { get; }

    /// <summary>T: number of disentangler + isometry levels.</summary>
    public int Levels { get; }

    public long PaddedIn => Padding.Pow(LegDim, InputLegs);

    public long PaddedOut => Padding.Pow(OutLegDim, OutputLegs);

    /// <summary>n_ℓ: legs after level ℓ (ℓ = 0 is the input).</summary>
    public int LegsAfter(int level) => InputLegs >> level;

    /// <summary>D_ℓ: leg dimension after level ℓ (d, then χ, then d_out at ℓ = T).</summary>
    public int DimAfter(int level) => level == 0 ? LegDim : level == Levels ? OutLegDim : BondDim;

    /// <summary>Disentanglers of level ℓ (1-based): n_{ℓ−1}/2, or 0 when only 2 legs enter it.</summary>
    public int Disentanglers(int level) => LegsAfter(level - 1) >= 4 ? LegsAfter(level - 1) / 2 : 0;

    /// <summary>Isometries of level ℓ (1-based): n_{ℓ−1}/2.</summary>
    public int Isometries(int level) => LegsAfter(level - 1) / 2;

    /// <summary>Closed form: Σ_ℓ [#dis_ℓ·D_{ℓ−1}⁴ + (n_{ℓ−1}/2)·D_ℓ·D_{ℓ−1}²] (+ out for the bias).</summary>
    public long ParameterCount(bool bias)
    {
        var total = 0L;
        for (var level = 1; level <= Levels; ++level)
        {
            long d = DimAfter(level - 1), dn = DimAfter(level);
            total += Disentanglers(level) * d * d * d * d + Isometries(level) * dn * d * d;
        }
        return total + (bias ? OutFeatures : 0);
    }

    /// <summary>Factorises the widths as described above; throws <see cref="ArgumentException"/> on bad sizes.</summary>
    /// <param name="inFeatures">Input width.</param>
    /// <param name="outFeatures">Output width.</param>
    /// <param name="bondDim">χ ≥ 1.</param>
    /// <param name="legDim">d ≥ 2 (2 = the paper's qubit-like legs).</param>
    /// <param name="outputLegs">n_T ≥ 1 (2: the 256-wide mapping layer ends on two legs of 16).</param>
    /// <param name="allowPadding">Zero-pad inputs / truncate outputs when the widths are not exact powers.</param>
    public static MeraShape Create(int inFeatures, int outFeatures, int bondDim, int legDim = 2, int outputLegs = 2, bool allowPadding = true)
    {
        if (inFeatures < 1 || outFeatures < 1)
        {
            throw new ArgumentException($"MeraLinear: features must be positive, got {inFeatures}→{outFeatures}");
        }
        if (bondDim < 1)
        {
            throw new ArgumentException($"MeraLinear: bond dimension χ must be at least 1, got {bondDim}");
        }
        if (legDim < 2)
        {
            throw new ArgumentException($"MeraLinear: leg dimension must be at least 2, got {legDim}");
        }
        if (outputLegs < 1)
        {
            throw new ArgumentException($"MeraLinear: output legs must be at least 1, got {outputLegs}");
        }
        var inputLegs = outputLegs * 2;
        while (Math.Pow(legDim, inputLegs) < inFeatures)
        {
            inputLegs *= 2;
        }
        if (Math.Pow(legDim, inputLegs) > MaxPaddedIn)
        {
            throw new ArgumentException($"MeraLinear: {inFeatures} inputs need {inputLegs} legs of {legDim} " +
                $"(padded width {Math.Pow(legDim, inputLegs)} > {MaxPaddedIn}); use fewer output legs or another leg dimension");
        }
        var outLegDim = Math.Max(1, Padding.CeilRoot(outFeatures, outputLegs));
        var shape = new MeraShape(inFeatures, outFeatures, legDim, bondDim, outputLegs, inputLegs, outLegDim);
        if (!allowPadding && shape.PaddedIn != inFeatures)
        {
            throw new ArgumentException($"MeraLinear: {inFeatures} inputs are not {legDim}^n with n = {outputLegs}·2^T legs " +
                $"(nearest: {shape.PaddedIn}) and padding is off");
        }
        if (!allowPadding && shape.PaddedOut != outFeatures)
        {
            throw new ArgumentException($"MeraLinear: {outFeatures} outputs are not a power d_out^{outputLegs} " +
                $"(nearest: {shape.PaddedOut}) and padding is off");
        }
        return shape;
    }
}
