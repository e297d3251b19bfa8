using QirenGan.TensorNet;
using QirenGan.Torch;
using QirenGan.Torch.Nn;

namespace QirenGan.Hypernet;

/// <summary>
/// One fully connected layer of the mapping network with leaky ReLU·√2: the equalised dense layer of StyleGAN2, or
/// a tensor-network layer (<see cref="TensorTrainLinear"/>, <see cref="MeraLinear"/>) with the same equalised-lr
/// scheme, lr multiplier and unit-variance initialisation, so only the weight's structure changes.
/// </summary>
public static class MappingLayer
{
    /// <summary>Builds layer in → out of <paramref name="options"/>.Kind (dense draws exactly what it always drew).</summary>
    public static Module Create(MappingOptions options, int inFeatures, int outFeatures, RandomGenerator? generator) =>
        options.Kind switch
        {
            MappingOptions.Dense => new EqualizedLinear(inFeatures, outFeatures, LayerActivation.LeakyRelu,
                lrMultiplier: options.LrMultiplier, generator: generator),
            MappingOptions.TensorTrain => new TensorTrainLinear(
                TensorTrainShape.Create(inFeatures, outFeatures, MappingOptions.TtCores, options.Bond),
                lrMultiplier: options.LrMultiplier, generator: generator),
            MappingOptions.Mera => new MeraLinear(
                MeraShape.Create(inFeatures, outFeatures, options.Bond, MappingOptions.MeraLegDim, MappingOptions.MeraOutputLegs),
                lrMultiplier: options.LrMultiplier, generator: generator),
            var other => throw new ArgumentException($"MappingLayer: unknown mapping layer '{other}'"),
        };

    /// <summary>x [B, in] → lrelu(layer(x))·√2 [B, out].</summary>
    public static Tensor Forward(Module layer, Tensor x)
    {
        switch (layer)
        {
            case EqualizedLinear dense:
                return dense.Forward(x);
            case ITensorNetworkLinear network:
                using (var scope = DisposeScope.Enter())
                {
                    return network.Forward(x).LeakyRelu(EqualizedLinear.LeakySlope).Mul(EqualizedLinear.LeakyGain).MoveToOuterScope();
                }
            default:
                throw new ArgumentException($"MappingLayer: {layer.GetType().Name} is not a mapping layer");
        }
    }
}
