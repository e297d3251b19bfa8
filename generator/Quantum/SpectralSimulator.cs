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
internal static class SpectralSimulator
{
    /// <summary>θ [Ns, Na, S+1, A, n, 3], x [Ns, Nb, P, n] → [Ns, Na, Nb, P, O].</summary>
    public static Tensor Run(CircuitSpec spec, Tensor theta, Tensor x)
    {
        long ns = theta.Size(0), na = theta.Size(1), nb = x.Size(1), pixels = x.Size(2);
        var outputs = spec.Outputs;
        var tables = SpectralTables.For(spec);
        using var scope = DisposeScope.Enter();
        var coefficients = Coefficients(spec, theta.Reshape([ns * na, .. spec.ParameterShape])) // [Ns·Na, O, F]
            .Reshape(ns, na, outputs, tables.Features);
        var constant = coefficients.Select(-1, 0).Reshape(ns, 1, na * outputs); // [Ns, 1, Na·O]
        var harmonics = coefficients.Narrow(-1, 1, tables.Features - 1)
            .Permute(0, 3, 1, 2).Reshape(ns, tables.Features - 1, na * outputs); // [Ns, F−1, Na·O]

        var frequencies = Tensors.FromArray(tables.FeatureWeights, [tables.Features - 1, spec.Qubits]).To(x.Device, x.DType);
        var offsets = Tensors.FromArray(tables.FeatureOffsets).To(x.Device, x.DType);
        var features = Functional.Linear(x, frequencies, offsets).Cos() // (cos ω·x, sin ω·x): [Ns, Nb, P, F−1]
            .Reshape(ns, nb * pixels, tables.Features - 1);
        var result = features.MatMul(harmonics).Add(constant) // [Ns, Nb·P, Na·O]
            .Reshape(ns, nb, pixels, na, outputs)
            .Permute(0, 3, 1, 2, 4); // [Ns, Na, Nb, P, O]
        return result.MoveToOuterScope();
    }

    /// <summary>
    /// The real Fourier coefficients of ⟨O⟩(x) per circuit: θ [B, S+1, A, n, 3] → [B, O, F] in the order
    /// (constant, cos ω_1·x … cos ω_h·x, sin ω_1·x … sin ω_h·x) over the half-set of frequencies listed by
    /// <see cref="Frequencies"/>.
    /// </summary>
    public static Tensor Coefficients(CircuitSpec spec, Tensor theta)
    {
        var tables = SpectralTables.For(spec);
        var dim = spec.Dimension;
        var batch = theta.Size(0);
        using var scope = DisposeScope.Enter();
        var r = CircuitUnitaries.Build(spec, theta); // [B, S+1, 2N, 2N]
        var amplitudes = r.Select(1, 0).Select(-1, 0).Unsqueeze(1); // V_0|0⟩ at t = 0: [B, 1, 2N]
        var zero = Tensors.Zeros([batch, 1], theta.DType, theta.Device);
        for (var j = 1; j <= spec.Reuploads; ++j)
        {
            var shift = Tensors.FromArray(tables.Shifts[j - 1]).To(theta.Device);
            var padded = Tensors.Cat([amplitudes.Flatten(1), zero], 1); // [B, M·2N + 1]; the last entry feeds empty slots
            amplitudes = padded.IndexSelect(1, shift).Reshape(batch, -1, 2 * dim) // [B, (j+1)ⁿ, 2N]
                .MatMul(r.Select(1, j).Transpose(-1, -2));
        }
        var grid = amplitudes.Size(1);
        var weighting = Tensors.FromArray(tables.Weighting, [2 * dim, tables.Weighting.Length / (2 * dim)]).To(theta.Device, theta.DType);
        var weighted = amplitudes.MatMul(weighting).Reshape(batch, grid * 2 * spec.Outputs, 2 * dim); // [B, M·2O, 2N]
        // gram[t, (t', w, part)] = Re or Im of A_t^† Z_w A_t'
        var gram = amplitudes.MatMul(weighted.Transpose(-1, -2)).Flatten(1); // [B, M·M·2O]
        var signs = Tensors.FromArray(tables.CoefficientSigns).To(theta.Device, theta.DType);
        var index = Tensors.FromArray(tables.CoefficientIndex).To(theta.Device);
        var coefficients = Tensors.Zeros([batch, spec.Outputs * tables.Features], theta.DType, theta.Device)
            .IndexAdd(1, index, gram.Mul(signs));
        return coefficients.Reshape(batch, spec.Outputs, tables.Features).MoveToOuterScope();
    }

    /// <summary>The half-set of frequencies ω ∈ {−S..S}ⁿ whose first non-zero entry is positive, in lexicographic order.</summary>
    public static int[][] Frequencies(int qubits, int reuploads) => SpectralTables.HalfSet(qubits, reuploads);

    /// <summary>Number of real coefficients per output: (2S+1)ⁿ.</summary>
    public static long FeatureCount(int qubits, int reuploads) => (long)Math.Pow(2 * reuploads + 1, qubits);

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

            // Σ_{t,t'} Re G·cos((t'−t)·x) − Im G·sin((t'−t)·x) collected on the half-set: a pair with ω = t' − t in
            // the half-set adds (Re G, −Im G) to (cos ω, sin ω); with −ω in it, cos is even and sin odd: (Re G, +Im G).
            var half = HalfSet(n, s);
            var lookup = new Dictionary<string, int>();
            for (var i = 0; i < half.Length; ++i)
            {
                lookup[string.Join(",", half[i])] = i;
            }
            var h = half.Length;
            Features = 1 + 2 * h;
            var side = s + 1;
            var grid = Pow(side, n);
            CoefficientIndex = new long[grid * grid * outputs * 2];
            CoefficientSigns = new double[grid * grid * outputs * 2];
            var position = 0;
            for (var t = 0; t < grid; ++t)
            {
                var a = Digits(t, side, n);
                for (var u = 0; u < grid; ++u)
                {
                    var b = Digits(u, side, n);
                    var omega = Enumerable.Range(0, n).Select(q => b[q] - a[q]).ToArray();
                    var isZero = omega.All(v => v == 0);
                    var positive = !isZero && lookup.ContainsKey(string.Join(",", omega));
                    var feature = isZero ? -1 : positive
                        ? lookup[string.Join(",", omega)]
                        : lookup[string.Join(",", omega.Select(v => -v))];
                    for (var w = 0; w < outputs; ++w)
                    {
                        for (var part = 0; part < 2; ++part)
                        {
                            long column;
                            double sign;
                            if (isZero)
                            {
                                column = 0;
                                sign = part == 0 ? 1 : 0; // Im G vanishes on the diagonal sum
                            }
                            else
                            {
                                column = part == 0 ? 1 + feature : 1 + h + feature;
                                sign = part == 0 ? 1 : positive ? -1 : 1;
                            }
                            CoefficientIndex[position] = w * Features + column;
                            CoefficientSigns[position] = sign;
                            ++position;
                        }
                    }
                }
            }

            // Features cos(ω·x) then cos(ω·x − π/2) = sin(ω·x).
            FeatureWeights = new double[2 * h * n];
            FeatureOffsets = new double[2 * h];
            for (var i = 0; i < h; ++i)
            {
                for (var q = 0; q < n; ++q)
                {
                    FeatureWeights[i * n + q] = half[i][q];
                    FeatureWeights[(h + i) * n + q] = half[i][q];
                }
                FeatureOffsets[h + i] = -Math.PI / 2;
            }
        }

        public long[][] Shifts { get; }
        public double[] Weighting { get; }
        public int Features { get; }
        public long[] CoefficientIndex { get; }
        public double[] CoefficientSigns { get; }
        public double[] FeatureWeights { get; }
        public double[] FeatureOffsets { get; }

        public static int[][] HalfSet(int n, int s)
        {
            var side = 2 * s + 1;
            var result = new List<int[]>();
            for (var i = 0; i < Pow(side, n); ++i)
            {
                var omega = Digits(i, side, n).Select(d => d - s).ToArray();
                var first = omega.FirstOrDefault(v => v != 0);
                if (first > 0)
                {
                    result.Add(omega);
                }
            }
            return [.. result];
        }

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
