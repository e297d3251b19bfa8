using QirenGan.Hypernet;
using QirenGan.Torch;
using QirenGan.Torch.Nn;

namespace QirenGan.Training.Classification;

/// <summary>
/// The small network of the classification experiment: inputs → <see cref="HiddenLayers"/> fully connected layers of
/// width <see cref="Width"/> (leaky ReLU·√2) → a dense linear head to the classes. The hidden layers are built by the
/// mapping network's own <see cref="MappingLayer"/> (dense, tt or mera, lr multiplier 1), so the experiment measures
/// the very layers the GAN uses; as in Hallam et al., only the fully connected layers are compressed (the head, 5·256
/// weights, stays dense).
/// </summary>
public sealed class CompressedClassifier : Module
{
    public const int Width = 256;
    public const int HiddenLayers = 2;

    private readonly Module[] _hidden;
    private readonly EqualizedLinear _head;

    /// <param name="inputs">Input width (256 for 16×16 grey faces).</param>
    /// <param name="classes">Number of classes.</param>
    /// <param name="kind">dense, tt or mera (<see cref="MappingOptions.Kind"/>).</param>
    /// <param name="bond">TT rank or MERA χ.</param>
    /// <param name="generator">Random stream of the initial weights.</param>
    public CompressedClassifier(int inputs, int classes, string kind, int bond, RandomGenerator generator)
    {
        var options = new MappingOptions(inputs, Width, HiddenLayers, LrMultiplier: 1, Kind: kind, Bond: bond);
        options.Validate();
        _hidden = new Module[HiddenLayers];
        for (var i = 0; i < HiddenLayers; ++i)
        {
            _hidden[i] = RegisterModule($"fc{i}", MappingLayer.Create(options, i == 0 ? inputs : Width, Width, generator));
        }
        _head = RegisterModule("head", new EqualizedLinear(Width, classes, generator: generator));
    }

    /// <summary>Trainable scalars of the compressible hidden layers (weights and biases).</summary>
    public long HiddenParameterCount => _hidden.Sum(m => m.ParameterCount);

    /// <summary>x [B, inputs] → logits [B, classes].</summary>
    public Tensor Forward(Tensor x)
    {
        using var scope = DisposeScope.Enter();
        foreach (var layer in _hidden)
        {
            x = MappingLayer.Forward(layer, x);
        }
        return _head.Forward(x).MoveToOuterScope();
    }
}
