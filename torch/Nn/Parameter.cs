namespace QirenGan.Torch.Nn;

/// <summary>
/// A trainable tensor owned by a module. The module keeps the Parameter; the tensor inside can be replaced
/// (moved to another device, loaded from a checkpoint) without the optimizer losing track of it.
/// </summary>
public sealed class Parameter : IDisposable
{
    public Parameter(Tensor value, bool requiresGrad = true)
    {
        Value = value.DetachFromDisposeScope();
        if (requiresGrad && !Value.RequiresGrad)
        {
            Value.RequiresGrad = true;
        }
    }

    /// <summary>The leaf tensor; not owned by any dispose scope.</summary>
    public Tensor Value { get; private set; }

    public long[] Shape => Value.Shape;

    public long Numel => Value.Numel;

    /// <summary>Replaces the tensor (its gradient flag carries over); the old one is disposed.</summary>
    public void Replace(Tensor value)
    {
        var requiresGrad = Value.RequiresGrad;
        var old = Value;
        Value = value.DetachFromDisposeScope();
        if (requiresGrad != Value.RequiresGrad && Value.IsLeaf)
        {
            Value.RequiresGrad = requiresGrad;
        }
        if (!ReferenceEquals(old, Value))
        {
            old.Dispose();
        }
    }

    /// <summary>Copies values in place without recording autograd history.</summary>
    public void CopyFrom(Tensor source)
    {
        using var _ = Autograd.NoGrad();
        Value.Copy_(source);
    }

    public static implicit operator Tensor(Parameter p) => p.Value;

    public void Dispose() => Value.Dispose();
}
