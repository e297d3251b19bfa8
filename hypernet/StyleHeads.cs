using QirenGan.Torch;
using QirenGan.Torch.Nn;

namespace QirenGan.Hypernet;

/// <summary>
/// w → every per-image INR parameter: one equalised affine layer per declared <see cref="ParameterSlot"/>
/// (StyleGAN2's per-layer <c>affine</c> FullyConnectedLayer, generalised to any shape). Slot i reads ws[:, i],
/// so style mixing works per slot.
/// </summary>
public sealed class StyleHeads : Module
{
    /// <summary>Initial-weight scale of circuit-angle heads: θ = θ_shared + A_θ·w starts close to θ_shared.</summary>
    public const double CircuitInitScale = 0.01;

    /// <summary>
    /// Initial-weight scale of coordinate-affine heads: w has about unit second moment, so each image's angles start
    /// offset by about this many radians (phase) and radians per unit coordinate (frequency and orientation).
    /// </summary>
    public const double CoordinateInitScale = 0.5;

    private readonly EqualizedLinear[] _heads;

    /// <param name="slots">The slots the INR declares, in the order it consumes ws.</param>
    /// <param name="wDim">Width of w.</param>
    /// <param name="generator">Random stream for the initial weights (null = libtorch's global one).</param>
    public StyleHeads(IReadOnlyList<ParameterSlot> slots, int wDim, RandomGenerator? generator = null)
    {
        if (slots.Count == 0)
        {
            throw new ArgumentException("StyleHeads: the INR declared no parameter slots");
        }
        var seen = new HashSet<string>();
        foreach (var slot in slots)
        {
            if (string.IsNullOrEmpty(slot.Name) || slot.Name.Contains('.'))
            {
                throw new ArgumentException($"StyleHeads: slot name '{slot.Name}' must be non-empty and contain no '.'");
            }
            if (!seen.Add(slot.Name))
            {
                throw new ArgumentException($"StyleHeads: slot '{slot.Name}' is declared twice");
            }
            if (slot.Shape.Length == 0 || slot.Shape.Any(s => s <= 0))
            {
                throw new ArgumentException($"StyleHeads: slot {slot} needs a non-empty shape of positive sizes");
            }
        }
        Slots = slots.ToArray();
        WDim = wDim;
        _heads = new EqualizedLinear[Slots.Count];
        for (var i = 0; i < Slots.Count; ++i)
        {
            var slot = Slots[i];
            var (biasInit, initScale) = slot.Kind switch
            {
                SlotKind.Modulation => (0.0, 1.0),
                SlotKind.RgbStyle => (1.0, 1.0),
                SlotKind.CircuitAngles => (0.0, CircuitInitScale),
                SlotKind.CoordinateAffine => (0.0, CoordinateInitScale),
                _ => throw new ArgumentOutOfRangeException(nameof(slots), $"StyleHeads: unknown slot kind {slot.Kind}"),
            };
            _heads[i] = RegisterModule(slot.Name, new EqualizedLinear(wDim, checked((int)slot.Numel),
                biasInit: biasInit, initScale: initScale, generator: generator));
        }
    }

    public IReadOnlyList<ParameterSlot> Slots { get; }

    public int WDim { get; }

    /// <summary>Number of w vectors Forward consumes (one per slot).</summary>
    public int NumSlots => Slots.Count;

    /// <summary>The head that fills <paramref name="name"/>.</summary>
    public EqualizedLinear Head(string name)
    {
        for (var i = 0; i < Slots.Count; ++i)
        {
            if (Slots[i].Name == name)
            {
                return _heads[i];
            }
        }
        throw new KeyNotFoundException($"StyleHeads: no slot named '{name}'");
    }

    /// <summary>ws [B, NumSlots, WDim] (or w [B, WDim], used for every slot) → name → [B, *Shape].</summary>
    public IReadOnlyDictionary<string, Tensor> Forward(Tensor ws)
    {
        var valid = (ws.Dim == 3 && ws.Size(1) == NumSlots && ws.Size(2) == WDim) || (ws.Dim == 2 && ws.Size(1) == WDim);
        if (!valid)
        {
            throw new ArgumentException(
                $"StyleHeads: expected ws [B, {NumSlots}, {WDim}] or w [B, {WDim}], got [{string.Join(", ", ws.Shape)}]");
        }
        var batch = ws.Size(0);
        var result = new Dictionary<string, Tensor>(NumSlots);
        using var scope = DisposeScope.Enter();
        for (var i = 0; i < NumSlots; ++i)
        {
            var w = ws.Dim == 3 ? ws.Select(1, i) : ws;
            var flat = _heads[i].Forward(w);                                 // [B, Numel]
            var shaped = flat.Reshape([batch, .. Slots[i].Shape]);           // [B, *Shape]
            result[Slots[i].Name] = shaped.MoveToOuterScope();
        }
        return result;
    }
}
