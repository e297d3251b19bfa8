using QirenGan.Torch;

namespace QirenGan.TensorNet;

/// <summary>
/// A linear layer y = x·Wᵀ + b whose weight W [out, in] is a tensor network instead of a dense matrix. Forward
/// contracts the network with the input and never builds W; <see cref="ToDense"/> builds W for tests and inspection.
/// </summary>
public interface ITensorNetworkLinear
{
    /// <summary>Input width (before any zero padding).</summary>
    int InFeatures { get; }

    /// <summary>Output width (after truncating any padded outputs).</summary>
    int OutFeatures { get; }

    /// <summary>Trainable scalars of the network plus the bias (equals the closed-form count of its shape).</summary>
    long ParameterCount { get; }

    /// <summary>x [B, in] → x·Wᵀ + b [B, out].</summary>
    Tensor Forward(Tensor x);

    /// <summary>The effective W [out, in] (run-time gains applied), built by a contraction independent of Forward.</summary>
    Tensor ToDense();
}
