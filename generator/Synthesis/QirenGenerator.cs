using QirenGan.Generator.Coordinates;
using QirenGan.Generator.Quantum;
using QirenGan.Hypernet;
using QirenGan.Torch;
using QirenGan.Torch.Nn;
using Rng = QirenGan.Torch.RandomGenerator;

namespace QirenGan.Generator.Synthesis;

/// <summary>
/// The generator: z → mapping → w → style heads → per-image INR parameters; pixel coordinates of any
/// resolution → coordinate features (QIREN circuits or a baseline) → FMM per-pixel layers → ToRGB → image.
/// Matches the official QIREN GAN's synthesis (features → 64/32/32 modulated 1×1 layers → ToRGB), with the
/// circuit angles optionally generated per image.
/// </summary>
public sealed class QirenGenerator : Module
{
    private readonly FmmLayer[] _layers;
    private readonly Rng _jitterRng;

    public QirenGenerator(GeneratorOptions options)
    {
        options.Validate();
        Options = options;
        using var rng = new Rng(options.Seed);
        Mapping = RegisterModule("mapping", new MappingNetwork(options.Mapping, rng));
        Encoder = RegisterModule("encoder", CoordinateEncoder.Create(options, rng));
        UseExecution(null);
        var widths = new[] { Encoder.Features + (options.CoordinateInputs ? 2 : 0) }.Concat(options.HiddenWidths).ToArray();
        _layers = new FmmLayer[options.HiddenWidths.Length];
        for (var i = 0; i < _layers.Length; ++i)
        {
            _layers[i] = RegisterModule($"fmm{i}", new FmmLayer($"fmm{i}", widths[i], widths[i + 1], options.Rank, rng));
        }
        Rgb = RegisterModule("torgb", new ToRgb("torgb", widths[^1], rng));
        var slots = Encoder.Slots.Concat(_layers.Select(l => l.Slot)).Append(Rgb.Slot).ToList();
        Heads = RegisterModule("heads", new StyleHeads(slots, options.WDim, rng));
        // its own stream, so jitter changes no other random draw of the model
        _jitterRng = new Rng(options.Seed ^ JitterStream);
    }

    private const ulong JitterStream = 0x6A17_7E12;

    public GeneratorOptions Options { get; }
    public MappingNetwork Mapping { get; }
    public CoordinateEncoder Encoder { get; }
    public ToRgb Rgb { get; }
    public StyleHeads Heads { get; }

    /// <summary>True when the INR has quantum circuits (qiren), so that <see cref="UseExecution"/> applies.</summary>
    public bool HasCircuits => Encoder is QuantumEncoder;

    /// <summary>C, the number of circuits run per pixel (0 for a classical INR).</summary>
    public int Circuits => Encoder is QuantumEncoder quantum ? quantum.Quantum.Circuits : 0;

    /// <summary>
    /// How the circuits run as trained: exact expectations, under <see cref="GeneratorOptions.Noise"/> for a noise-aware
    /// generator (differentiable, so training sees the noisy device). What <see cref="UseExecution"/>(null) restores.
    /// </summary>
    public QuantumExecution TrainedExecution => new(Noise: Options.Noise);

    /// <summary>How the circuits run now (<see cref="TrainedExecution"/> unless <see cref="UseExecution"/> said otherwise; exact for a classical INR).</summary>
    public QuantumExecution Execution => (Encoder as QuantumEncoder)?.Quantum.Execution ?? QuantumExecution.Exact; // null there: the exact simulators

    /// <summary>
    /// Runs the circuits as <paramref name="execution"/> says from now on (finite shots, noise, ZNE), with a fresh shot
    /// stream from its seed that the following batches continue; null restores <see cref="TrainedExecution"/>. A
    /// noise-aware generator keeps its noise unless the execution names one (<see cref="QuantumExecution.WithDefaultNoise"/>;
    /// <see cref="NoiseModel.None"/> for a noiseless device). Throws an <see cref="ArgumentException"/> for a classical INR.
    /// </summary>
    public void UseExecution(QuantumExecution? execution)
    {
        var chosen = (execution ?? TrainedExecution).WithDefaultNoise(Options.Noise);
        if (Encoder is not QuantumEncoder quantum)
        {
            if (execution is null)
            {
                return;
            }
            throw new ArgumentException(
                $"--shots/--noise/--zne: the snapshot's INR is '{Options.Inr}'; they apply to quantum circuits (inr qiren) only");
        }
        chosen.Validate();
        // the exact simulators where nothing is asked: no density matrices, no validation per forward
        quantum.Quantum.Execution = chosen.IsExact ? null : chosen;
    }

    /// <summary>How many w vectors synthesis consumes (one per parameter slot; style mixing crosses them).</summary>
    public int NumWs => Heads.NumSlots;

    /// <summary>z [B, ZDim] → images [B, 3, R, R] in about [−1, 1] at <paramref name="resolution"/> (default: training).</summary>
    public Tensor Forward(Tensor z, int? resolution = null, double truncationPsi = 1)
    {
        using var scope = DisposeScope.Enter();
        var w = Mapping.Forward(z, truncationPsi);
        return Synthesize(MappingNetwork.Broadcast(w, NumWs), resolution).MoveToOuterScope();
    }

    /// <summary>ws [B, NumWs, WDim] → images [B, 3, H, W] (square at <paramref name="resolution"/>).</summary>
    public Tensor Synthesize(Tensor ws, int? resolution = null)
    {
        var r = resolution ?? Options.Resolution;
        if (ws.Dim != 3 || ws.Size(1) != NumWs || ws.Size(2) != Options.WDim)
        {
            throw new ArgumentException($"QirenGenerator: ws must be [B, {NumWs}, {Options.WDim}], got [{string.Join(", ", ws.Shape)}]");
        }
        using var scope = DisposeScope.Enter();
        var b = ws.Size(0);
        var styles = Heads.Forward(ws);
        var coords = CoordinateGrid.Create(r, r, ws.Device);                        // [P, 2]
        if (Training && Options.CoordinateJitter > 0)
        {
            // Every pixel gets its own sub-pixel offset (a pixel is 2/R wide in coordinates): stochastic sampling, so
            // content above the grid's Nyquist frequency shows as noise to D instead of a clean alias. One shift of
            // the whole grid would do nothing: the encoder's BatchNorm removes the batch mean of F·p in training.
            var shift = Tensors.Rand([coords.Size(0), 2], _jitterRng).Mul(2).Sub(1).Mul(Options.CoordinateJitter * 2.0 / r);
            coords = coords.Add(shift.To(ws.Device));
        }
        var h = Encoder.Forward(coords, styles);                                     // [B|1, P, C]
        if (Options.CoordinateInputs)
        {
            var xy = coords.Unsqueeze(0).Expand(h.Size(0), coords.Size(0), 2);      // [B|1, P, 2]
            h = Tensors.Cat([h, xy.To(h.DType)], 2);                                  // [B|1, P, C+2]
        }
        foreach (var layer in _layers)
        {
            h = layer.Forward(h, styles[layer.Slot.Name]);                           // [B, P, c]
        }
        var rgb = Rgb.Forward(h, styles[Rgb.Slot.Name]);                             // [B, P, 3]
        return rgb.Transpose(1, 2).Reshape(b, 3, r, r).MoveToOuterScope();          // [B, 3, R, R]
    }

    /// <summary>
    /// The parameters that set the coordinate features' spatial frequencies (QIREN: the projection F and its BatchNorm
    /// scale and shift); the trainer gives them <see cref="GeneratorOptions.EncoderLrMultiplier"/>.
    /// </summary>
    public IEnumerable<Parameter> FrequencyParameters => Encoder.FrequencyParameters;

    public override void Dispose()
    {
        _jitterRng.Dispose();
        base.Dispose();
    }
}
