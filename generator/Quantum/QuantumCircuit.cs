using QirenGan.Torch;

namespace QirenGan.Generator.Quantum;

/// <summary>
/// Batched exact simulation of the QIREN data re-uploading circuit (DESIGN.md §4; Zhao et al., "Quantum Implicit
/// Neural Representations", ICML 2024). Everything is plain differentiable tensor ops on real tensors (complex
/// numbers as real and imaginary parts), so autograd works to any order, in float32 or float64, on any device.
/// </summary>
public static class QuantumCircuit
{
    /// <summary>
    /// ⟨O⟩ of the circuit for every pixel. θ [*batchA, S+1, A, n, 3] (U3 angles θ, φ, λ), x [*batchB, P, n]
    /// (RZ encoding angles per pixel); batchA and batchB have the same rank and broadcast (each dimension equal or
    /// 1), e.g. θ [B, C, …] with x [1, C, P, n] for B images × C circuits. Per-image parameters are broadcast
    /// over pixels, never copied per pixel. Returns [*broadcast batch, P, Outputs] (possibly a strided view).
    /// </summary>
    public static Tensor Evaluate(CircuitSpec spec, Tensor theta, Tensor x)
    {
        spec.Validate();
        var batchRank = CheckShapes(spec, theta, x);
        var layout = new BatchLayout(theta.Shape[..batchRank], x.Shape[..batchRank]);
        using var scope = DisposeScope.Enter();
        var canonicalTheta = layout.CanonicalTheta(theta); // [Ns, Na, S+1, A, n, 3]
        var canonicalX = layout.CanonicalX(x); // [Ns, Nb, P, n]
        if (spec.Ansatz == Ansatz.StronglyEntangling)
        {
            return layout.Restore(Expectations(spec, StronglyEntanglingSimulator.StateProbabilities(spec, canonicalTheta, canonicalX), canonicalX))
                .MoveToOuterScope();
        }
        var strategy = spec.Strategy == SimulationStrategy.Auto
            ? ChooseStrategy(spec, layout.Shared, layout.ThetaOnly, layout.XOnly, x.Size(-2))
            : spec.Strategy;
        var canonical = strategy switch
        {
            SimulationStrategy.Folded => FoldedSimulator.Run(spec, canonicalTheta, canonicalX),
            SimulationStrategy.GateByGate => Expectations(spec, GateByGateSimulator.StateProbabilities(spec, canonicalTheta, canonicalX), canonicalX),
            SimulationStrategy.Spectral => SpectralSimulator.Run(spec, canonicalTheta, canonicalX),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), strategy, "unknown simulation strategy"),
        };
        return layout.Restore(canonical).MoveToOuterScope();
    }

    /// <summary>
    /// Exact outcome probabilities |ψ_k(x)|² of measuring every wire in the computational basis (simulated gate by
    /// gate, or by <see cref="StronglyEntanglingSimulator"/> for that ansatz; what finite shots sample from on a
    /// noiseless device). θ and x as in <see cref="Evaluate"/>; returns [*broadcast batch, P, 2ⁿ].
    /// </summary>
    public static Tensor Probabilities(CircuitSpec spec, Tensor theta, Tensor x)
    {
        spec.Validate();
        var batchRank = CheckShapes(spec, theta, x);
        var layout = new BatchLayout(theta.Shape[..batchRank], x.Shape[..batchRank]);
        using var scope = DisposeScope.Enter();
        var canonicalTheta = layout.CanonicalTheta(theta);
        var canonicalX = layout.CanonicalX(x);
        var state = spec.Ansatz == Ansatz.StronglyEntangling
            ? StronglyEntanglingSimulator.StateProbabilities(spec, canonicalTheta, canonicalX)
            : GateByGateSimulator.StateProbabilities(spec, canonicalTheta, canonicalX); // [Ns, Na, 2ⁿ, Nb·P]
        return layout.Restore(Gates.PerPixelOutcomes(spec, state, canonicalX.Size(1), canonicalX.Size(2))).MoveToOuterScope();
    }

    /// <summary>⟨O⟩ from a statevector simulator's final |ψ_k|² [Ns, Na, 2ⁿ, Nb·P] → [Ns, Na, Nb, P, O].</summary>
    private static Tensor Expectations(CircuitSpec spec, Tensor stateProbabilities, Tensor canonicalX) =>
        Gates.ZExpectations(spec, stateProbabilities, canonicalX.Size(1), canonicalX.Size(2));

    /// <summary>
    /// The strategy <see cref="SimulationStrategy.Auto"/> runs for Ns·Na circuits (θ) evaluated on Ns·Nb·P
    /// inputs: the one with the smallest estimated cost (memory passes and multiply-adds, calibrated with
    /// `qirengan bench quantum --sweep` on the 2-core reference machine). In practice: spectral when many
    /// per-image circuits share inputs and n ≤ 4 (the GAN's per-image encoder), folded for shared circuits up to
    /// n ≈ 6, gate by gate beyond.
    /// </summary>
    public static SimulationStrategy ChooseStrategy(CircuitSpec spec, long shared, long thetaOnly, long xOnly, long pixels)
    {
        var costs = new[]
        {
            (SimulationStrategy.Spectral, EstimatedCost(spec, SimulationStrategy.Spectral, shared, thetaOnly, xOnly, pixels)),
            (SimulationStrategy.Folded, EstimatedCost(spec, SimulationStrategy.Folded, shared, thetaOnly, xOnly, pixels)),
            (SimulationStrategy.GateByGate, EstimatedCost(spec, SimulationStrategy.GateByGate, shared, thetaOnly, xOnly, pixels)),
        };
        return costs.MinBy(c => c.Item2).Item1;
    }

    /// <summary>Relative cost estimate of one forward pass (arbitrary units, comparable across strategies).</summary>
    public static double EstimatedCost(CircuitSpec spec, SimulationStrategy strategy, long shared, long thetaOnly,
        long xOnly, long pixels)
    {
        double n = spec.Qubits, dim = spec.Dimension, s = spec.Reuploads, a = spec.Depth, o = spec.Outputs;
        double circuits = shared * thetaOnly;
        double inputs = shared * xOnly * pixels;
        double evaluations = circuits * xOnly * pixels;
        const double perOp = 2e4; // fixed cost of one tensor op, in the units of one touched element
        switch (strategy)
        {
            case SimulationStrategy.Spectral:
            {
                double features = SpectralSimulator.FeatureCount(spec.Qubits, spec.Reuploads);
                var grid = Math.Pow(s + 1, n);
                if (features > MaxSpectralFeatures || grid * grid * 2 * o > MaxSpectralGram)
                {
                    return double.PositiveInfinity;
                }
                var unitaries = circuits * (s + 1) * a * 4 * dim * dim * 3 + circuits * (s + 1) * (a - 1) * 8 * dim * dim * dim;
                // building features runs at memory speed; the products with coefficients are BLAS-efficient
                var recursion = circuits * (s * grid * 8 * dim * dim + grid * grid * 2 * o * 2 * dim) * 0.1;
                return inputs * features * 5 + evaluations * features * o * 0.1 + unitaries + recursion + perOp * (30 + 4 * s + 2 * n);
            }
            case SimulationStrategy.Folded:
            {
                if (dim > MaxFoldedDimension)
                {
                    return double.PositiveInfinity;
                }
                var unitaries = circuits * (s + 1) * a * 4 * dim * dim * 3 + circuits * (s + 1) * (a - 1) * 8 * dim * dim * dim;
                return evaluations * (s * (2 * dim * 4 * dim * 0.25 + 3 * 2 * dim) + 2 * dim * 2 * dim * 0.25 + 4 * dim)
                    + unitaries + perOp * (15 + 3 * s + 2 * n);
            }
            case SimulationStrategy.GateByGate:
            {
                var gates = (s + 1) * a * n;
                var cnots = (s + 1) * a * (n - 1);
                return evaluations * (gates * 2 * dim * 3 + cnots * 2 * dim + s * n * 2 * dim * 4 + 4 * dim)
                    + perOp * (gates * 3 + cnots + s * n * 4 + 10);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Auto has no cost of its own");
        }
    }

    // Beyond these the strategy's tables or matrices no longer fit comfortably in memory.
    private const double MaxSpectralFeatures = 1 << 14;
    private const double MaxSpectralGram = 1 << 24;
    private const double MaxFoldedDimension = 1 << 9;

    internal static int CheckShapes(CircuitSpec spec, Tensor theta, Tensor x)
    {
        var expected = spec.ParameterShape;
        if (theta.Dim < 4 || !theta.Shape[^4..].SequenceEqual(expected))
        {
            throw new ArgumentException(
                $"QuantumCircuit ({spec}): θ must be [*batch, {string.Join(", ", expected)}] (S+1, A, n, 3), got [{string.Join(", ", theta.Shape)}]");
        }
        if (x.Dim < 2 || x.Size(-1) != spec.Qubits)
        {
            throw new ArgumentException(
                $"QuantumCircuit ({spec}): x must be [*batch, P, {spec.Qubits}], got [{string.Join(", ", x.Shape)}]");
        }
        var batchRank = theta.Dim - 4;
        if (x.Dim - 2 != batchRank)
        {
            throw new ArgumentException(
                $"QuantumCircuit ({spec}): θ [{string.Join(", ", theta.Shape)}] and x [{string.Join(", ", x.Shape)}] must have batch dimensions of the same rank");
        }
        if (theta.DType is not (ScalarType.Float32 or ScalarType.Float64) || theta.DType != x.DType)
        {
            throw new ArgumentException($"QuantumCircuit: θ and x must both be float32 or both float64, got {theta.DType} and {x.DType}");
        }
        if (theta.Device != x.Device)
        {
            throw new ArgumentException($"QuantumCircuit: θ is on {theta.Device} but x on {x.Device}");
        }
        return batchRank;
    }
}
