using QirenGan.Torch;
using QirenGan.Torch.Nn;
using Rng = QirenGan.Torch.Generator;

namespace QirenGan.Generator.Quantum;

/// <summary>
/// The official QIREN GAN's "RELU+QCF" coordinate encoder: u = F·p → BatchNorm → C independent 2-qubit circuits
/// fed with (u_{2c}, u_{2c+1}), each reading ⟨Z⟩ on wire 0 → C features in [−1, 1]. The circuit angles θ are
/// shared by all images (the official model) or offset per image by the hypernet (this project's extension).
/// </summary>
public sealed class QuantumFeatureEncoder : Module
{
    private readonly Parameter _frequencies;
    private readonly Parameter _bnWeight;
    private readonly Parameter _bnBias;
    private readonly Parameter _runningMean;
    private readonly Parameter _runningVar;
    private readonly Parameter _theta;

    /// <param name="circuits">C: number of 2-qubit circuits (features).</param>
    /// <param name="depth">A: ansatz layers per block.</param>
    /// <param name="reuploads">S: encodings of u per circuit.</param>
    /// <param name="seed">Seed of the initial F and θ.</param>
    /// <param name="strategy">Circuit simulation strategy.</param>
    public QuantumFeatureEncoder(int circuits = 8, int depth = 2, int reuploads = 2, ulong seed = 0,
        SimulationStrategy strategy = SimulationStrategy.Auto)
    {
        Spec = new CircuitSpec(2, depth, reuploads, Observable.ZOnWire0, strategy);
        Circuits = circuits;
        using var g = new Rng(seed);
        using var scope = DisposeScope.Enter();
        _frequencies = RegisterParameter("frequencies", Tensors.Randn([2L * circuits, 2], g));
        _bnWeight = RegisterParameter("bn_weight", Tensors.Ones([2L * circuits]));
        _bnBias = RegisterParameter("bn_bias", Tensors.Zeros([2L * circuits]));
        _runningMean = RegisterBuffer("bn_running_mean", Tensors.Zeros([2L * circuits]));
        _runningVar = RegisterBuffer("bn_running_var", Tensors.Ones([2L * circuits]));
        _theta = RegisterParameter("theta", Tensors.Rand(ThetaShape, g).Mul(2 * Math.PI));
    }

    public CircuitSpec Spec { get; }

    public int Circuits { get; }

    /// <summary>[C, S+1, A, 2, 3].</summary>
    public long[] ThetaShape => new long[] { Circuits }.Concat(Spec.ThetaShape).ToArray();

    /// <summary>coords [P, 2] and optional per-image θ offsets [B, C, S+1, A, 2, 3] → features [B or 1, P, C].</summary>
    public Tensor Forward(Tensor coords, Tensor? thetaOffset = null)
    {
        if (coords.Dim != 2 || coords.Size(1) != 2)
        {
            throw new ArgumentException($"QuantumFeatureEncoder: coords must be [P, 2], got [{string.Join(", ", coords.Shape)}]");
        }
        using var scope = DisposeScope.Enter();
        var p = coords.Size(0);
        var u = Functional.Linear(coords, _frequencies);                        // [P, 2C]
        u = Functional.BatchNorm(u, _runningMean, _runningVar, _bnWeight, _bnBias, Training);
        var x = u.Reshape(p, Circuits, 2).Permute(1, 0, 2).Unsqueeze(0);       // [1, C, P, 2]
        Tensor theta = _theta.Value.Unsqueeze(0);                               // [1, C, S+1, A, 2, 3]
        if (thetaOffset is not null)
        {
            var want = new long[] { thetaOffset.Size(0) }.Concat(ThetaShape).ToArray();
            if (!thetaOffset.Shape.SequenceEqual(want))
            {
                throw new ArgumentException(
                    $"QuantumFeatureEncoder: θ offset must be [B, {string.Join(", ", ThetaShape)}], got [{string.Join(", ", thetaOffset.Shape)}]");
            }
            theta = theta.Add(thetaOffset);
        }
        var z = QuantumCircuit.Evaluate(Spec, theta, x);                        // [B|1, C, P, 1]
        return z.Squeeze(-1).Transpose(1, 2).MoveToOuterScope();               // [B|1, P, C]
    }
}
