using QirenGan.Torch;
using QirenGan.Torch.Nn;

namespace QirenGan.Generator.Inr;

/// <summary>A network mapping coordinates to signal values (an implicit neural representation).</summary>
public interface IRepresentationModel : IDisposable
{
    /// <summary>The factory name: qiren, siren, relu, tanh or rff.</summary>
    string Kind { get; }

    /// <summary>Coordinates per point (2 for images, 1 for audio).</summary>
    int InputFeatures { get; }

    /// <summary>Values per point (3 for RGB, channels for audio).</summary>
    int OutputFeatures { get; }

    /// <summary>Trainable scalars.</summary>
    long ParameterCount { get; }

    /// <summary>A one-line description of the architecture (widths, layers, circuit).</summary>
    string Description { get; }

    /// <summary>coords [P, in] → values [P, out].</summary>
    Tensor Forward(Tensor coords);

    /// <summary>The module (parameters, buffers, train/eval mode).</summary>
    Module Module { get; }
}

/// <summary>Base of the representation networks: a module with the shape checks of <see cref="IRepresentationModel"/>.</summary>
public abstract class RepresentationModel : Module, IRepresentationModel
{
    protected RepresentationModel(int inputFeatures, int outputFeatures)
    {
        if (inputFeatures < 1 || outputFeatures < 1)
        {
            throw new ArgumentException($"{GetType().Name}: needs at least one input and one output, got {inputFeatures} → {outputFeatures}");
        }
        InputFeatures = inputFeatures;
        OutputFeatures = outputFeatures;
    }

    public abstract string Kind { get; }

    public int InputFeatures { get; }

    public int OutputFeatures { get; }

    public abstract string Description { get; }

    public Module Module => this;

    public Tensor Forward(Tensor coords)
    {
        if (coords.Dim != 2 || coords.Size(1) != InputFeatures)
        {
            throw new ArgumentException($"{GetType().Name}: coords must be [P, {InputFeatures}], got {coords}");
        }
        return ForwardChecked(coords);
    }

    /// <summary>coords [P, in], already checked → [P, out].</summary>
    protected abstract Tensor ForwardChecked(Tensor coords);
}
