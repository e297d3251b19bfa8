using System.Collections.Concurrent;
using QirenGan.Torch;

namespace QirenGan.Generator.Quantum;

/// <summary>
/// The spectral strategy. E(x) = diag(e^{−iλ_k·x}) with λ_k ∈ {±½}ⁿ, so
/// ψ(x) = Σ_t A_t·e^{−i(S/2 − t)·x} over t ∈ {0..S}ⁿ (t_q counts the re-uploads that saw wire q in state 1):
/// the amplitude vectors A_t follow from the V_i alone by a shift-and-multiply recursion (per re-upload, basis
/// component k moves from t to t + bits(k), then V_i acts). Then
/// ⟨O⟩(x) = Σ_{t,t'} (A_t^† O A_t')·e^{i(t'−t)·x}, a real trigonometric polynomial with frequencies
/// ω ∈ {−S..S}ⁿ: (2S+1)ⁿ real coefficients per batch element and output. Every pixel then costs one matrix
/// product of its features (1, cos ω·x, sin ω·x) with the coefficients — independent of the batch size when x is
/// shared, which is what makes per-image circuits cheap.
/// </summary>
public static class SpectralSimulator
{
    /// <summary>θ [Ns, Na, S+1, A, n, 3], x [Ns, Nb, P, n] → [Ns, Na, Nb, P, O].</summary>
    public static Tensor Run(CircuitSpec spec, Tensor theta, Tensor x)
    {
        long ns = theta.Size(0), na = theta.Size(1), nb = x.Size(1), pixels = x.Size(2);
        var outputs = spec.Outputs;
        using var scope = DisposeScope.Enter();
        var coefficients = CoefficientsBatchLast(spec, theta.Reshape([ns * na, .. spec.ParameterShape])) // [O, 2E, Ns·Na]
            .View(outputs, -1, ns, na).Permute(2, 3, 0, 1).Reshape(ns, na * outputs, -1); // [Ns, Na·O, 2E]
        // Outputs come out [Ns, Na·O, Nb·P], so the gradient reaching the features is laid out like them.
        var result = coefficients.MatMul(FeatureColumns(spec, x.Reshape(ns, nb * pixels, spec.Qubits))) // [Ns, Na·O, Nb·P]
            .Reshape(ns, na, outputs, nb, pixels)
            .Permute(0, 1, 3, 4, 2); // [Ns, Na, Nb, P, O]
        return result.MoveToOuterScope();
    }

    /// <summary>
    /// The real Fourier features of x [..., n]: (cos ω·x for ω ∈ E, then sin ω·x for ω ∈ E) → [..., 2E], where E
    /// lists ω ∈ {0..S} × {−S..S}ⁿ⁻¹ in lexicographic order (every frequency up to sign; ω = 0 gives the
    /// constant 1 and a zero). Built from cos and sin of each x_q alone by complex multiplication
    /// (e^{iω·x} = Π_q (e^{ix_q})^{ω_q}): 2n transcendental evaluations per pixel instead of (2S+1)ⁿ, which
    /// matters because libtorch's CPU cos/sin are scalar while products are vectorised.
    /// </summary>
    public static Tensor Features(CircuitSpec spec, Tensor x)
    {
        using var scope = DisposeScope.Enter();
        var columns = FeatureColumns(spec, x.Reshape(1, -1, spec.Qubits)).Squeeze(0); // [2E, rows]
        return columns.T().Reshape([.. x.Shape[..^1], columns.Size(0)]).MoveToOuterScope(); // [..., 2E]
    }

    /// <summary>
    /// <see cref="Features"/> of x [B, rows, n] laid out [B, 2E, rows]: every elementwise op then runs over long
    /// contiguous rows instead of a short last dimension, forward and backward.
    /// </summary>
    private static Tensor FeatureColumns(CircuitSpec spec, Tensor x)
    {
        var n = spec.Qubits;
        var s = spec.Reuploads;
        using var scope = DisposeScope.Enter();
        var quarter = Tensors.FromArray(new[] { 0, -Math.PI / 2 }, [1, 2, 1, 1]).To(x.Device, x.DType);
        var trig = x.Transpose(1, 2).Unsqueeze(1).Add(quarter).Cos(); // (cos x_q, sin x_q): [B, 2, n, rows]
        var c = trig.Select(1, 0);
        var si = trig.Select(1, 1);
        // e^{ikx_q} for k = 0..S by the angle-addition recurrence: [B, n, rows] each
        var re = new List<Tensor> { Tensors.OnesLike(c), c };
        var im = new List<Tensor> { Tensors.ZerosLike(c), si };
        for (var k = 2; k <= s; ++k)
        {
            re.Add(re[k - 1].Mul(c).Sub(im[k - 1].Mul(si)));
            im.Add(im[k - 1].Mul(c).Add(re[k - 1].Mul(si)));
        }
        var featureRe = Tensors.Stack([.. re], 1).Select(2, 0); // wire 0: ω_0 ∈ 0..S, [B, S+1, rows]
        var featureIm = Tensors.Stack([.. im], 1).Select(2, 0);
        if (n > 1)
        {
            // wires 1..n−1: ω_q = −S..S, with e^{−ikx} = conj(e^{ikx}): [B, 2S+1, n, rows]
            var descending = Enumerable.Range(1, s).Reverse().ToArray();
            var fullRe = Tensors.Stack([.. descending.Select(k => re[k]), .. re], 1);
            var fullIm = Tensors.Cat([Tensors.Stack([.. descending.Select(k => im[k])], 1).Neg(), Tensors.Stack([.. im], 1)], 1);
            for (var q = 1; q < n; ++q)
            {
                var br = fullRe.Select(2, q).Unsqueeze(1); // [B, 1, 2S+1, rows]
                var bi = fullIm.Select(2, q).Unsqueeze(1);
                var ar = featureRe.Unsqueeze(2); // [B, E so far, 1, rows]
                var ai = featureIm.Unsqueeze(2);
                featureRe = ar.Mul(br).Sub(ai.Mul(bi)).Flatten(1, 2); // [B, E so far·(2S+1), rows]
                featureIm = ar.Mul(bi).Add(ai.Mul(br)).Flatten(1, 2);
            }
        }
        return Tensors.Cat([featureRe, featureIm], 1).MoveToOuterScope(); // [B, 2E, rows]
    }

    /// <summary>
    /// The real Fourier coefficients of ⟨O⟩(x) per circuit: θ [B, S+1, A, n, 3] → [B, O, 2E] such that
    /// ⟨O_w⟩(x) = Σ_j coefficients[w, j]·features_j(x) with the features of <see cref="Features"/> (frequencies
    /// listed by <see cref="Frequencies"/>; ω and −ω are the same frequency, each counted once).
    /// </summary>
    public static Tensor Coefficients(CircuitSpec spec, Tensor theta)
    {
        using var scope = DisposeScope.Enter();
        return CoefficientsBatchLast(spec, theta).Permute(2, 0, 1).MoveToOuterScope();
    }

    /// <summary>θ [B, S+1, A, n, 3] → coefficients [O, 2E, B], batch last (see <see cref="SmallMatMul"/>).</summary>
    private static Tensor CoefficientsBatchLast(CircuitSpec spec, Tensor theta)
    {
        var tables = SpectralTables.For(spec);
        var dim = spec.Dimension;
        var batch = theta.Size(0);
        var outputs = spec.Outputs;
        using var scope = DisposeScope.Enter();
        var r = CircuitUnitaries.BuildBatchLast(spec, theta); // [2N, 2N, S+1, B]
        var amplitudes = r.Select(2, 0).Narrow(1, 0, 1).Permute(1, 0, 2); // V_0|0⟩ at t = 0: [1, 2N, B]
        var zero = Tensors.Zeros([1, batch], theta.DType, theta.Device);
        for (var j = 1; j <= spec.Reuploads; ++j)
        {
            var shift = Tensors.FromArray(tables.Shifts[j - 1]).To(theta.Device);
            var padded = Tensors.Cat([amplitudes.Reshape(-1, batch), zero], 0); // [M·2N + 1, B]; the last row feeds empty slots
            var shifted = padded.IndexSelect(0, shift).View(-1, 2 * dim, batch); // [(j+1)ⁿ, 2N, B]
            // a_t ← R_j·a_t for every t: [2N, 2N, B] with [2N, M, B]
            amplitudes = SmallMatMul.Multiply(r.Select(2, j), shifted.Permute(1, 0, 2)).Permute(1, 0, 2); // [M, 2N, B]
        }
        var grid = amplitudes.Size(0);
        var weighting = Tensors.FromArray(tables.Weighting, [2 * dim, tables.Weighting.Length / (2 * dim)]).To(theta.Device, theta.DType);
        // weighted[(w, part, c), t', B] = Σ_r Weighting[r, (w, part, c)]·a[t', r, B]
        var weighted = weighting.T().MatMul(amplitudes.Permute(1, 0, 2).Reshape(2 * dim, -1)) // [2O·2N, M·B]
            .View(2 * outputs, 2 * dim, grid, batch).Permute(1, 0, 2, 3).Reshape(2 * dim, 2 * outputs * grid, batch);
        // gram[t, (w, part, t'), B] = Re or Im of A_t^† Z_w A_t'
        var gram = SmallMatMul.Multiply(amplitudes, weighted).Reshape(-1, batch); // [M·2O·M, B]
        var signs = Tensors.FromArray(tables.CoefficientSigns, [tables.CoefficientSigns.Length, 1]).To(theta.Device, theta.DType);
        var index = Tensors.FromArray(tables.CoefficientIndex).To(theta.Device);
        var coefficients = Tensors.Zeros([outputs * (long)tables.Columns, batch], theta.DType, theta.Device)
            .IndexAdd(0, index, gram.Mul(signs));
        return coefficients.View(outputs, tables.Columns, batch).MoveToOuterScope();
    }

    /// <summary>E, the frequencies of <see cref="Features"/>: {0..S} × {−S..S}ⁿ⁻¹ in lexicographic order.</summary>
    public static int[][] Frequencies(int qubits, int reuploads)
    {
        var count = FeatureCount(qubits, reuploads) / 2;
        var result = new int[count][];
        for (var e = 0; e < count; ++e)
        {
            var omega = new int[qubits];
            var rest = e;
            for (var q = qubits - 1; q >= 1; --q)
            {
                omega[q] = rest % (2 * reuploads + 1) - reuploads;
                rest /= 2 * reuploads + 1;
            }
            omega[0] = rest;
            result[e] = omega;
        }
        return result;
    }

    /// <summary>2E = 2·(S+1)·(2S+1)ⁿ⁻¹, the number of features (and coefficients per output).</summary>
    public static long FeatureCount(int qubits, int reuploads) =>
        2L * (reuploads + 1) * (long)Math.Pow(2 * reuploads + 1, qubits - 1);

    /// <summary>Index tables of one (n, S, observable), computed once.</summary>
    private sealed class SpectralTables
    {
        private static readonly ConcurrentDictionary<(int, int, int), SpectralTables> Cache = new();

        public static SpectralTables For(CircuitSpec spec) =>
            Cache.GetOrAdd((spec.Qubits, spec.Reuploads, spec.Outputs), _ => new SpectralTables(spec));

        private SpectralTables(CircuitSpec spec)
        {
            var n = spec.Qubits;
            var s = spec.Reuploads;
            var dim = spec.Dimension;
            var outputs = spec.Outputs;

            // Shift j maps the grid {0..j−1}ⁿ (flattened with 2N components) to {0..j}ⁿ: component k goes from t
            // to t + bits(k); slots no component reaches read the padding zero at index M_old·2N.
            Shifts = new long[s][];
            for (var j = 1; j <= s; ++j)
            {
                var oldSide = j;
                var newSide = j + 1;
                var oldCount = Pow(oldSide, n);
                var newCount = Pow(newSide, n);
                var shift = new long[newCount * 2 * dim];
                for (var t = 0; t < newCount; ++t)
                {
                    var digits = Digits(t, newSide, n);
                    for (var c = 0; c < 2 * dim; ++c)
                    {
                        var k = c % dim;
                        var source = 0;
                        var valid = true;
                        for (var q = 0; q < n; ++q)
                        {
                            var old = digits[q] - Gates.Bit(k, q, n);
                            valid &= old >= 0 && old < oldSide;
                            source = source * oldSide + Math.Max(0, Math.Min(old, oldSide - 1));
                        }
                        shift[t * 2 * dim + c] = valid ? (long)source * 2 * dim + c : (long)oldCount * 2 * dim;
                    }
                }
                Shifts[j - 1] = shift;
            }

            // Weighting [2N, (w, part, 2N)]: part 0 = (Re A ∘ z_w, Im A ∘ z_w) so that A_t·(part 0 of A_t') = Re(A_t^† Z A_t');
            // part 1 = (z_w ∘ Im A, −z_w ∘ Re A) giving Im(A_t^† Z A_t').
            var z = Gates.ZSigns(spec);
            var columns = 2 * outputs * 2 * dim;
            Weighting = new double[2 * dim * columns];
            for (var w = 0; w < outputs; ++w)
            {
                for (var k = 0; k < dim; ++k)
                {
                    var sign = z[k * outputs + w];
                    var part0 = (2 * w) * 2 * dim;
                    var part1 = (2 * w + 1) * 2 * dim;
                    Weighting[k * columns + part0 + k] = sign;
                    Weighting[(dim + k) * columns + part0 + dim + k] = sign;
                    Weighting[(dim + k) * columns + part1 + k] = sign;
                    Weighting[k * columns + part1 + dim + k] = -sign;
                }
            }

            // Σ_{t,t'} Re G·cos((t'−t)·x) − Im G·sin((t'−t)·x), collected on the feature list E (ω_0 ≥ 0): a pair
            // with ω = t' − t in E adds (Re G, −Im G) to (cos ω, sin ω); otherwise −ω is in E, and cos is even and
            // sin odd: (Re G, +Im G). ω = 0 adds Re G to cos 0 = 1 (Im G sums to zero there).
            var side = s + 1;
            var width = 2 * s + 1;
            var entries = side * Pow(width, n - 1);
            Columns = 2 * entries;
            var grid = Pow(side, n);
            CoefficientIndex = new long[grid * grid * outputs * 2];
            CoefficientSigns = new double[grid * grid * outputs * 2];
            for (var t = 0; t < grid; ++t)
            {
                var a = Digits(t, side, n);
                for (var u = 0; u < grid; ++u)
                {
                    var b = Digits(u, side, n);
                    var omega = Enumerable.Range(0, n).Select(q => b[q] - a[q]).ToArray();
                    var first = omega.FirstOrDefault(v => v != 0);
                    var inList = omega[0] >= 0 && !(omega[0] == 0 && first < 0);
                    var representative = inList ? omega : omega.Select(v => -v).ToArray();
                    var entry = representative[0];
                    for (var q = 1; q < n; ++q)
                    {
                        entry = entry * width + representative[q] + s;
                    }
                    for (var w = 0; w < outputs; ++w)
                    {
                        for (var part = 0; part < 2; ++part)
                        {
                            // gram rows are ordered (t, w, part, t')
                            var position = ((t * outputs + w) * 2 + part) * grid + u;
                            CoefficientIndex[position] = (long)w * Columns + (part == 0 ? entry : entries + entry);
                            CoefficientSigns[position] = part == 0 ? 1 : first == 0 ? 0 : inList ? -1 : 1;
                        }
                    }
                }
            }
        }

        public long[][] Shifts { get; }
        public double[] Weighting { get; }
        /// <summary>2E: cos and sin of every listed frequency.</summary>
        public int Columns { get; }
        public long[] CoefficientIndex { get; }
        public double[] CoefficientSigns { get; }

        private static int Pow(int b, int e)
        {
            var r = 1;
            for (var i = 0; i < e; ++i)
            {
                r *= b;
            }
            return r;
        }

        /// <summary>The n base-<paramref name="side"/> digits of <paramref name="value"/>, most significant first.</summary>
        private static int[] Digits(int value, int side, int n)
        {
            var digits = new int[n];
            for (var q = n - 1; q >= 0; --q)
            {
                digits[q] = value % side;
                value /= side;
            }
            return digits;
        }
    }
}
