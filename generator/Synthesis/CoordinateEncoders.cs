using QirenGan.Generator.Coordinates;
using QirenGan.Generator.Inr;
using QirenGan.Generator.Quantum;
using QirenGan.Hypernet;
using QirenGan.Torch;
using QirenGan.Torch.Nn;
using Rng = QirenGan.Torch.RandomGenerator;

namespace QirenGan.Generator.Synthesis;

/// <summary>First stage of the synthesis network: pixel coordinates [P, 2] → features [B or 1, P, C].</summary>
public abstract class CoordinateEncoder : Module
{
    /// <summary>Per-image parameters this encoder asks the hypernet for (none for most).</summary>
    public virtual IReadOnlyList<ParameterSlot> Slots => [];

    public abstract int Features { get; }

    /// <summary>The parameters that set the features' spatial frequencies (none unless an encoder says so).</summary>
    public virtual IEnumerable<Parameter> FrequencyParameters => [];

    public abstract Tensor Forward(Tensor coords, IReadOnlyDictionary<string, Tensor> styles);

    /// <summary>Name of the per-image coordinate-affine slot (<see cref="GeneratorOptions.CoordinateStyles"/>).</summary>
    public const string CoordinateSlot = "coords";

    /// <summary>The coordinate-affine slot of <paramref name="rows"/> angles or pre-activations (none without styles).</summary>
    protected static ParameterSlot[] CoordinateAffineSlot(CoordinateStyle style, int rows) => style == CoordinateStyle.None ? [] :
        [new(CoordinateSlot, CoordinateAffine.Shape(rows, phaseOnly: style == CoordinateStyle.Phase), SlotKind.CoordinateAffine)];

    public static CoordinateEncoder Create(GeneratorOptions o, Rng rng) => o.Inr switch
    {
        "qiren" => new QuantumEncoder(o, rng),
        "siren" => new ClassicalEncoder(o.Features, ClassicalEncoder.Kind.Siren, rng, o.CoordinateStyles),
        "relu" => new ClassicalEncoder(o.Features, ClassicalEncoder.Kind.Relu, rng, o.CoordinateStyles),
        "tanh" => new ClassicalEncoder(o.Features, ClassicalEncoder.Kind.Tanh, rng, o.CoordinateStyles),
        "rff" => new ClassicalEncoder(o.Features, ClassicalEncoder.Kind.FourierRelu, rng, o.CoordinateStyles),
        _ => throw new ArgumentException($"unknown INR '{o.Inr}'"),
    };
}

/// <summary>
/// QIREN's quantum coordinate features; with <see cref="CircuitMode.Generated"/> the hypernet offsets θ per image,
/// with <see cref="GeneratorOptions.CoordinateStyles"/> the encoding angles.
/// </summary>
public sealed class QuantumEncoder : CoordinateEncoder
{
    public const string CircuitSlot = "circuit";
    private readonly QuantumFeatureEncoder _encoder;
    private readonly bool _generated;
    private readonly CoordinateStyle _style;

    public QuantumEncoder(GeneratorOptions o, Rng rng)
    {
        var seed = (ulong)Tensors.RandInt(0, int.MaxValue, [1], rng).ToInt64();
        _encoder = RegisterModule("quantum", new QuantumFeatureEncoder(o.Features, o.CircuitDepth, o.Reuploads, seed));
        _generated = o.Circuit == CircuitMode.Generated;
        _style = o.CoordinateStyles;
    }

    public override IReadOnlyList<ParameterSlot> Slots =>
    [
        .. _generated ? [new ParameterSlot(CircuitSlot, _encoder.ThetaShape, SlotKind.CircuitAngles)] : Array.Empty<ParameterSlot>(),
        .. CoordinateAffineSlot(_style, 2 * _encoder.Circuits),
    ];

    public override int Features => _encoder.Circuits;

    public override IEnumerable<Parameter> FrequencyParameters => _encoder.FrequencyParameters;

    /// <summary>The circuits themselves (for shots, noise and circuit export).</summary>
    public QuantumFeatureEncoder Quantum => _encoder;

    public override Tensor Forward(Tensor coords, IReadOnlyDictionary<string, Tensor> styles) =>
        _encoder.Forward(coords, _generated ? styles[CircuitSlot] : null, _style != CoordinateStyle.None ? styles[CoordinateSlot] : null);
}

/// <summary>The paper's classical baselines as coordinate encoders: SIREN, ReLU, Tanh, ReLU + random Fourier features.</summary>
public sealed class ClassicalEncoder : CoordinateEncoder
{
    /// <summary>SIREN's ω₀ (Sitzmann et al. 2020).</summary>
    public const double Omega0 = 30;

    /// <summary>σ of the random Fourier frequencies (Tancik et al. 2020).</summary>
    public const double FourierScale = 10;

    public enum Kind { Siren, Relu, Tanh, FourierRelu }

    private readonly Kind _kind;
    private readonly Parameter _weight;
    private readonly Parameter _bias;
    private readonly Parameter? _frequencies;
    private readonly CoordinateStyle _style;

    /// <param name="features">C, the coordinate features.</param>
    /// <param name="kind">The baseline.</param>
    /// <param name="rng">Random stream of the initial weights and Fourier frequencies.</param>
    /// <param name="style">Per-image offsets of the pre-activations (<see cref="GeneratorOptions.CoordinateStyles"/>).</param>
    public ClassicalEncoder(int features, Kind kind, Rng rng, CoordinateStyle style = CoordinateStyle.None)
    {
        _kind = kind;
        _style = style;
        Features = features;
        using var scope = DisposeScope.Enter();
        var inputs = kind == Kind.FourierRelu ? features : 2;
        if (kind == Kind.FourierRelu)
        {
            _frequencies = RegisterBuffer("frequencies", Tensors.Randn([features / 2, 2], rng).Mul(FourierScale));
        }
        // SIREN's first layer: U(−1/in, 1/in); the others: U(−1/√in, 1/√in) as nn.Linear.
        var bound = kind == Kind.Siren ? 1.0 / inputs : 1 / Math.Sqrt(inputs);
        _weight = RegisterParameter("weight", Initialization.Uniform([features, inputs], bound, rng));
        _bias = RegisterParameter("bias", Initialization.Uniform([features], bound, rng));
    }

    public override int Features { get; }

    public override IReadOnlyList<ParameterSlot> Slots => CoordinateAffineSlot(_style, Features);

    public override Tensor Forward(Tensor coords, IReadOnlyDictionary<string, Tensor> styles)
    {
        using var scope = DisposeScope.Enter();
        var input = coords;
        if (_frequencies is not null)
        {
            var proj = coords.MatMul(_frequencies.Value.T()).Mul(2 * Math.PI);      // [P, C/2]
            input = Tensors.Cat([proj.Sin(), proj.Cos()], 1);                       // [P, C]
        }
        var h = Functional.Linear(input, _weight, _bias);                             // [P, C]
        if (_kind == Kind.Siren)
        {
            h = h.Mul(Omega0);                                                        // the sine's angle
        }
        h = h.Unsqueeze(0);                                                           // [1, P, C]
        if (_style != CoordinateStyle.None)
        {
            h = h.Add(CoordinateAffine.Apply(coords, styles[CoordinateSlot]));        // [B, P, C]
        }
        h = _kind switch
        {
            Kind.Siren => h.Sin(),
            Kind.Tanh => h.Tanh(),
            _ => h.Relu(),
        };
        return h.MoveToOuterScope();                                                  // [1 or B, P, C]
    }
}
